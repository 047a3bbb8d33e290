"""Where the project's files are: built here, in one place, never typed in notebooks."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
NLTK_DATA = DATA / "nltk_data"
NOTEBOOKS = ROOT / "notebooks"
REPORTS = ROOT / "reports"
COMPARISONS = ROOT / "comparisons.toml"
TEMPLATES = Path(__file__).resolve().parent / "templates"
