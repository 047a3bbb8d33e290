"""Tables a person reads, the keyness table, and figures carrying their alt text into the report."""

import base64
import re

import matplotlib.pyplot as plt
import nbformat
import numpy as np
import pandas as pd
import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from mediacompare import render

SHA = "4528c1a10e2dbd14ac454307a8b10cca482e2927dfd1956a27d883e0bc67ca81"


def markup(shown) -> str:
    """The table's HTML without its style block."""
    return str(shown).replace(render.TABLE_STYLE, "")


def cells(shown) -> list[list[str]]:
    """The inner HTML of each body cell, row by row."""
    rows = re.findall(r"<tr id=[^>]*>(.*?)</tr>", markup(shown))
    return [re.findall(r"<td[^>]*>(.*?)</td>", row) for row in rows]


@pytest.fixture
def passages():
    return pd.DataFrame({
        "doc_id_a": ["l1", "l1", "l2"],
        "n_tokens": [34, 6, 12],
        "score": [1.0, 0.857142, 0.5],
        "g2": [27.073282, 1234.5, 0.0000123],
        "text_a": ["We cannot but\n\nbe concerned", "with <Greek> & co", "a"],
        "exact": [True, False, pd.NA],
    }, index=[4, 7, 9])


def test_cells_are_formatted_for_reading(passages):
    assert cells(render.table(passages, "passages", empty="none")) == [
        ["l1", "34", "1.00", "27.1", "We cannot but<br>be concerned", "yes"],
        ["l1", "6", "0.857", "1,234", "with &lt;Greek&gt; &amp; co", "no"],
        ["l2", "12", "0.500", "1.23 × 10⁻⁵", "a", "–"],
    ]


def test_headers_are_readable_and_there_is_no_index_column(passages):
    head = re.findall(r"<th>(.*?)</th>", markup(render.table(passages, "passages", empty="none")))
    assert head == ["doc id A", "words", "score", "G²", "text A", "exact"]


@pytest.mark.parametrize("column, header", [("count_a", "count A"), ("per_10k_b", "per 10k B"), ("doc_id_b", "doc id B"),
                                            ("n_words", "words"), ("other_start", "other start")])
def test_default_headers(column, header):
    assert re.findall(r"<th>(.*?)</th>", markup(render.table(pd.DataFrame({column: [1]}), "t", empty="none"))) == [header]


def test_rows_carry_their_index_labels_as_anchors(passages):
    shown = markup(render.table(passages[passages["score"] < 1], "unique", anchor="passages", empty="none"))
    assert re.findall(r'<tr id="([^"]+)"', shown) == ["passages-7", "passages-9"]


def test_columns_choose_order_and_headers(passages):
    shown = render.table(passages, "passages", columns={"score": "share matching", "doc_id_a": "article"}, empty="none")
    assert re.findall(r"<th>(.*?)</th>", markup(shown)) == ["share matching", "article"]
    assert cells(shown)[0] == ["1.00", "l1"]


def test_missing_values_show_as_a_dash_never_as_python_would():
    table = pd.DataFrame({"doc_id": ["*", "a1", None], "n": pd.array([pd.NA, 2, 3], dtype="Int64"),
                          "value": [np.nan, 0.25, 1.5], "byline": ["", "AFP", float("nan")]})
    shown = render.table(table, "summary", empty="none")
    assert cells(shown) == [["–", "–", "–", "–"], ["a1", "2", "0.250", "AFP"], ["–", "3", "1.50", "–"]]
    assert not re.search(r"&lt;NA&gt;|\bnan\b|\bNone\b|\*", markup(shown))


def test_lists_and_spans_read_as_text_not_as_python():
    table = pd.DataFrame({"parts": [[(33, 49), (60, 71)], [(1, 2)]], "negative": [-1.5, 2.25]})
    assert cells(render.table(table, "quotes", empty="none")) == [["33–49; 60–71", "−1.50"], ["1–2", "2.25"]]


def test_a_float_column_of_whole_numbers_prints_whole():
    assert cells(render.table(pd.DataFrame({"words": [1867.0, np.nan]}), "t", empty="none")) == [["1,867"], ["–"]]


def test_ids_and_offsets_print_as_plain_digits():
    table = pd.DataFrame({"quote_id": [12345], "other_start": [1086.0], "end_a": [2062], "year": [2021], "n": [2021]})
    assert cells(render.table(table, "t", empty="none")) == [["12345", "1086", "2062", "2021", "2,021"]]


def test_web_addresses_are_links():
    table = pd.DataFrame({"url": ["https://ledger.example/a?b=1&c=2", None]})
    assert cells(render.table(table, "t", empty="none")) == [
        ['<a href="https://ledger.example/a?b=1&amp;c=2">https://ledger.example/a?b=1&amp;c=2</a>'], ["–"]]


def test_long_hashes_are_shortened_with_the_full_value_on_hover():
    shown = cells(render.table(pd.DataFrame({"sha256": [SHA]}), "articles", empty="none"))
    assert shown == [[f'<span title="{SHA}">4528c1a10e2d…</span>']]


def test_short_text_stays_on_one_line_and_long_text_wraps():
    table = pd.DataFrame({"outlet": ["The Moscow Times"], "text": ["x " * 40]})
    shown = markup(render.table(table, "quotes", empty="none"))
    assert '<td class="mc-nowrap">The Moscow Times</td>' in shown
    assert '<td class="mc-text">' + "x " * 39 + "x</td>" in shown


def test_an_empty_table_is_its_sentence():
    shown = render.table(pd.DataFrame(columns=["a", "b"]), "passages", title="Shared passages",
                         empty="The two outlets share no passage of 4 or more content words.")
    assert str(shown) == ("<p><strong>Shared passages</strong></p><p class=\"mc-empty\">The two outlets share no "
                          "passage of 4 or more content words.</p>")
    assert repr(shown) == "passages: empty — The two outlets share no passage of 4 or more content words."


def test_a_long_table_shows_its_top_rows_and_links_the_whole_csv(tmp_path):
    table = pd.DataFrame({"term": [f"w{i}" for i in range(1234)], "g2": np.linspace(0, 1, 1234)})
    shown = render.table(table, "keyness", top=20, csv_dir=tmp_path / "tables", empty="none")
    assert len(cells(shown)) == 20
    assert markup(shown).endswith('<p class="mc-note">showing 20 of 1,234 rows — full table: '
                                  '<a href="tables/keyness.csv">keyness.csv</a></p>')
    written = pd.read_csv(tmp_path / "tables" / "keyness.csv")
    assert len(written) == 1234 and written["g2"].iloc[1] == pytest.approx(1 / 1233)
    assert repr(shown) == "keyness: 1,234 rows"


def test_every_table_is_written_as_csv_and_linked(tmp_path, passages):
    shown = render.table(passages, "passages", csv_dir=tmp_path, empty="none")
    assert f'<a href="{tmp_path.name}/passages.csv">passages.csv</a>' in markup(shown)
    assert (tmp_path / "passages.csv").read_text(encoding="utf-8").splitlines()[0] == "doc_id_a,n_tokens,score,g2,text_a,exact"


def test_a_name_that_cannot_be_a_file_name_is_refused(passages):
    with pytest.raises(ValueError, match="letters, digits"):
        render.table(passages, "../passages", empty="none")


def test_the_table_displays_as_html_in_a_notebook(passages):
    shown = render.table(passages, "passages", empty="none")
    assert shown._repr_html_() == str(shown) and str(shown).startswith(render.TABLE_STYLE)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.one_of(st.none(), st.integers(-10**6, 10**6)),
                          st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True)),
                          st.one_of(st.none(), st.booleans()),
                          st.one_of(st.none(), st.text(alphabet="ab <&*\n", max_size=20))), min_size=1, max_size=30),
       st.integers(1, 10))
def test_no_cell_ever_shows_a_python_repr(rows, top):
    table = pd.DataFrame(rows, columns=["n", "value", "flag", "text"]).astype({"n": "Int64"})
    shown = cells(render.table(table, "t", top=top, empty="nothing"))
    assert len(shown) == min(top, len(table))
    for cell in (c for row in shown for c in row):
        assert not re.search(r"&lt;NA&gt;|\bnan\b|\bNone\b|\bTrue\b|\bFalse\b|\n|^\*$", cell)


def test_keyness_columns_are_named_by_their_test():
    keyness = pd.DataFrame({"term": ["alleged"], "stem": ["alleg"], "count_a": [3], "count_b": [0],
                            "per_10k_a": [89.552239], "per_10k_b": [0.0], "log_odds": [0.891217],
                            "log_odds_z": [1.260371], "g2": [5.879368], "p_value": [0.015319],
                            "log_ratio": [3.313289], "favours": ["Sputnik"], "significant": [False]})
    shown = render.keyness_table(keyness, "Sputnik", "The Moscow Times", empty="none")
    assert re.findall(r"<th>(.*?)</th>", markup(shown)) == [
        "leans to", "word", "uses in Sputnik", "uses in The Moscow Times", "per 10,000 words in Sputnik",
        "per 10,000 words in The Moscow Times", "z (log-odds)", "significant by z", "G² (log-likelihood)", "p of G²",
        "log₂ ratio"]
    assert cells(shown) == [["Sputnik", "alleged", "3", "0", "89.6", "0", "1.26", "no", "5.88", "0.0153", "3.31"]]


def test_keyness_table_shows_the_columns_it_is_given():
    keyness = pd.DataFrame({"term": ["rent holiday"], "count_a": [2], "count_b": [0], "log_odds_z": [1.1],
                            "favours": ["Ledger"], "significant": [False]})
    shown = render.keyness_table(keyness, "Ledger", "Herald", empty="none")
    assert re.findall(r"<th>(.*?)</th>", markup(shown)) == ["leans to", "word", "uses in Ledger", "uses in Herald",
                                                             "z (log-odds)", "significant by z"]


def test_keyness_table_shows_the_words_leaning_most_to_each_outlet_under_their_own_labels(tmp_path):
    keyness = pd.DataFrame({"term": ["strike", "union", "wage", "quay", "rent", "council"],
                            "count_a": [30, 20, 12, 5, 1, 1], "count_b": [2, 1, 1, 5, 6, 25],
                            "log_odds_z": [4.1, 3.5, 2.2, 0.0, -1.2, -3.9],
                            "favours": ["Ledger"] * 3 + ["none", "Herald", "Herald"]})
    shown = render.keyness_table(keyness, "Ledger", "Herald", per_outlet=2, csv_dir=tmp_path, empty="none")
    assert re.findall(r'<tr id="([^"]+)"', markup(shown)) == ["keyness-0", "keyness-1", "keyness-5", "keyness-4"]
    assert "showing 4 of 6 rows" in markup(shown)
    assert len(pd.read_csv(tmp_path / "keyness.csv")) == 6


def test_top_may_name_the_rows_to_show(passages):
    shown = render.table(passages, "passages", top=pd.Index([9, 4]), empty="none")
    assert re.findall(r'<tr id="([^"]+)"', markup(shown)) == ["passages-9", "passages-4"]


def test_a_figure_carries_its_alt_text_and_is_closed():
    fig, ax = plt.subplots()
    ax.plot([1, 2], [3, 4])
    fig.mc_alt = "A line rising from 3 to 4."
    shown = render.figure(fig)
    data, metadata = shown._repr_mimebundle_()
    assert base64.b64decode(data["image/png"])[:8] == b"\x89PNG\r\n\x1a\n"
    assert data["text/plain"] == "A line rising from 3 to 4."
    assert metadata == {"image/png": {"alt": "A line rising from 3 to 4."}}
    assert not plt.fignum_exists(fig.number)


def png_output(metadata):
    return nbformat.v4.new_output("display_data", data={"image/png": base64.b64encode(b"png").decode(), "text/plain": "x"},
                                  metadata=metadata)


@pytest.mark.parametrize("metadata, alt", [
    ({"image/png": {"alt": 'Bars: "A" & <B>'}}, 'Bars: "A" & <B>'),
    ({}, "No description has been provided for this image"),  # nbconvert's own default
])
def test_the_report_puts_the_alt_text_on_the_image(tmp_path, metadata, alt):
    nb = nbformat.v4.new_notebook()
    nb.cells.append(nbformat.v4.new_code_cell("figure", outputs=[png_output(metadata)]))
    path = tmp_path / "nb.ipynb"
    nbformat.write(nb, path)
    images = BeautifulSoup(render.notebook_html(path, "t"), "html.parser").find_all("img")
    assert [(img["src"], img["alt"]) for img in images] == [("data:image/png;base64,cG5n", alt)]


def test_the_report_keeps_an_images_width(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells.append(nbformat.v4.new_code_cell("figure", outputs=[png_output({"image/png": {"alt": "A", "width": 400}})]))
    nbformat.write(nb, tmp_path / "nb.ipynb")
    img = BeautifulSoup(render.notebook_html(tmp_path / "nb.ipynb", "t"), "html.parser").find("img")
    assert (img["alt"], img["width"], img.get("height")) == ("A", "400", None)


def test_kwic_shows_at_most_per_outlet_lines_and_counts_them_all():
    from mediacompare import corpus, text

    arts = corpus.from_texts([{"outlet": "A", "text": " ".join(["The tide turned."] * 20)}, {"outlet": "B", "text": "No tide."}])
    page = render.kwic_html(text.kwic(text.tokens(arts), "tide"), "A", "B", heading="tide", per_outlet=3)
    assert page.count("<tr>") == 3 + 1 + 1  # three lines and "… and 17 more" for A, one line for B
    assert "A (20)" in page and "… and 17 more" in page and "B (1)" in page
