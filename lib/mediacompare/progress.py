"""Progress bars (tqdm) for the steps that go over many articles, shown only where someone watches a terminal."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from tqdm import tqdm

#: Fewer articles than this finish before a bar would be worth reading.
MIN_ARTICLES = 200


def over(items: Iterable, what: str, total: int) -> Iterator:
    """``items`` with a progress bar on stderr, labelled ``what``, when there are many and stderr is a terminal.

    tqdm's ``disable=None`` hides the bar when stderr is not a terminal, so
    notebooks, tests and logs get no bar and stay byte-for-byte the same.
    """
    return iter(tqdm(items, desc=what, total=total, unit="article", leave=False,
                     disable=None if total >= MIN_ARTICLES else True))
