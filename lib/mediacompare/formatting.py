"""Numbers and counts as a reader reads them, shared by the findings sentences and the HTML tables."""

from __future__ import annotations

import math
import numbers

SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def number(value: float, digits: int = 3) -> str:
    """``value`` to ``digits`` significant digits, with thousands separators.

    Integers print whole: ``1234`` → ``1,234``. Floats keep their trailing
    zeros so that a column reads alike: ``1.0`` → ``1.00``, ``27.073282`` →
    ``27.1``, ``1234.5`` → ``1,234``; below 0.001 they use a power of ten:
    ``0.0000123`` → ``1.23 × 10⁻⁵``. A negative number takes a minus sign (−), not a hyphen.
    """
    return _signed(value, digits).replace("-", "−")


def _signed(value: float, digits: int) -> str:
    """``number`` with Python's hyphen for a minus sign."""
    if isinstance(value, numbers.Integral):
        return f"{int(value):,}"
    value = float(value)
    if math.isinf(value):
        return "-∞" if value < 0 else "∞"
    if value == 0:
        return f"{0:.{digits - 1}f}"
    magnitude = math.floor(math.log10(abs(value)))
    if magnitude < -3:
        mantissa, exponent = f"{value:.{digits - 1}e}".split("e")
        return f"{mantissa} × 10{str(int(exponent)).translate(SUPERSCRIPT)}"
    return f"{value:,.{max(digits - 1 - magnitude, 0)}f}"


def percent(share: float, digits: int = 3) -> str:
    """A share in [0, 1] as a percentage to ``digits`` significant digits: ``0.155224`` → ``15.5 %``."""
    return f"{number(share * 100, digits)} %"


def count(n: int, noun: str, plural: str | None = None) -> str:
    """``n`` and the noun in the right number: ``1 article``, ``1,234 articles``."""
    return f"{n:,} {noun if n == 1 else plural or noun + 's'}"


def listing(items: list[str]) -> str:
    """Items joined as a sentence lists them: ``a``, ``a and b``, ``a, b and c``."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def opening(text: str, words: int = 8) -> str:
    """The first ``words`` words of ``text`` in curly quotes, with an ellipsis when there is more."""
    parts = text.split()
    cut = " ".join(parts[:words]).rstrip(",;:")
    return f"“{cut}…”" if len(parts) > words else f"“{' '.join(parts)}”"
