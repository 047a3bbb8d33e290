"""Where the project's files are: built here, in one place, never typed in notebooks.

Only the standard library is imported here, so that the command line starts fast.
"""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
NLTK_DATA = DATA / "nltk_data"
NOTEBOOKS = ROOT / "notebooks"
REPORTS = ROOT / "reports"
COMPARISONS = ROOT / "comparisons.toml"
TEMPLATES = Path(__file__).resolve().parent / "templates"


def shown(path: Path | str) -> str:
    """A path as the user should read it on the terminal: relative to the working folder when under it."""
    path = Path(path)
    return os.path.relpath(path) if path.is_absolute() and Path.cwd() in path.parents else str(path)


def portable(path: Path | str) -> str:
    """A path that does not depend on the folder the command ran in: relative to the project when inside it, else absolute."""
    path = Path(path).resolve()
    return path.relative_to(ROOT).as_posix() if ROOT in path.parents else str(path)
