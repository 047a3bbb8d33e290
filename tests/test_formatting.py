"""Numbers, counts and openings as the findings and tables print them."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mediacompare.formatting import count, listing, number, opening, percent


@pytest.mark.parametrize("value, expected", [
    (1234, "1,234"),
    (np.int64(7), "7"),
    (True, "1"),
    (1.0, "1.00"),
    (0.857142, "0.857"),
    (27.073282, "27.1"),
    (123456.7, "123,457"),
    (-1.260371, "−1.26"),
    (0.015319, "0.0153"),
    (0.001, "0.00100"),
    (0.0000123, "1.23 × 10⁻⁵"),
    (0.000099996, "1.00 × 10⁻⁴"),
    (5e-324, "4.94 × 10⁻³²⁴"),
    (0.0, "0.00"),
    (float("-inf"), "−∞"),
])
def test_number_keeps_three_significant_digits(value, expected):
    assert number(value) == expected


@pytest.mark.parametrize("share, expected", [(0.155224, "15.5 %"), (0.093694, "9.37 %"), (1.0, "100 %"), (0.5, "50.0 %")])
def test_percent(share, expected):
    assert percent(share) == expected


@pytest.mark.parametrize("n, expected", [(0, "0 articles"), (1, "1 article"), (1234, "1,234 articles")])
def test_count(n, expected):
    assert count(n, "article") == expected


def test_count_with_an_irregular_plural():
    assert count(2, "story", "stories") == "2 stories"


@pytest.mark.parametrize("items, expected", [(["a"], "a"), (["a", "b"], "a and b"), (["a", "b", "c"], "a, b and c")])
def test_listing(items, expected):
    assert listing(items) == expected


@pytest.mark.parametrize("text, expected", [
    ("We cannot but be concerned about the prospect of Ukraine joining", "“We cannot but be concerned about the prospect…”"),
    ("Short one.", "“Short one.”"),
    ("one, two, three, four, five, six, seven, eight, nine", "“one, two, three, four, five, six, seven, eight…”"),
])
def test_opening_quotes_the_first_eight_words(text, expected):
    assert opening(text) == expected


@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False).filter(lambda v: v == 0 or abs(v) >= 1e-3))
def test_number_is_within_half_a_unit_of_its_last_digit(value):
    shown = number(value).replace(",", "").replace("−", "-")
    decimals = len(shown.split(".")[1]) if "." in shown else 0
    assert abs(float(shown) - value) <= 0.5 * 10 ** -decimals + 1e-9 * abs(value)
