"""The word lists of quotation attribution, read from the data files beside this module (one entry a line)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

DATA = Path(__file__).parent / "data"


@cache
def words(name: str) -> frozenset[str]:
    """The entries of ``data/<name>.txt``: one a line, blank lines and ``#`` comments skipped."""
    lines = (DATA / f"{name}.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#"))
