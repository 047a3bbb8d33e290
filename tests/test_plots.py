"""Figures: plain numbers on log axes, labels that never overlap, and a one-sentence alt text for each."""

import itertools
import re

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from mediacompare import plots

A, B = "Ledger", "Herald"


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def keyness(rows):
    table = pd.DataFrame(rows, columns=["term", "count_a", "count_b", "log_odds_z"])
    table["favours"] = [A if z > 0 else B if z < 0 else "none" for z in table["log_odds_z"]]
    return table.sort_values(["log_odds_z", "term"], ascending=[False, True]).reset_index(drop=True)


def shown_labels(axis) -> list[str]:
    """The tick labels a reader sees on an axis, inside its limits, after drawing."""
    axis.figure.canvas.draw()
    low, high = sorted(axis.get_view_interval())
    return [t.get_text() for t, v in zip(axis.get_majorticklabels(), axis.get_majorticklocs()) if low <= v <= high]


@pytest.mark.parametrize("largest, expected", [
    (30, ["1", "2", "5", "10", "20"]),
    (500, ["1", "2", "5", "10", "20", "50", "100", "200", "500"]),
    (2000, ["1", "10", "100", "1,000"]),
    (150000, ["1", "10", "100", "1,000", "10,000", "100,000"]),
])
def test_fightin_words_log_axis_has_plain_numbers(largest, expected):
    table = keyness([("a", 1, 0, 0.7), ("b", largest - 10, 10, 2.5), ("c", 0, 5, -1.0)])
    fig = plots.fightin_words(table, A, B)
    assert shown_labels(fig.axes[0].xaxis) == expected
    assert not [t.get_text() for t in fig.axes[0].xaxis.get_minorticklabels() if t.get_text()]


def test_fightin_words_alt_text():
    fig = plots.fightin_words(keyness([("strike", 30, 2, 4.1), ("quay", 3, 3, 0.0), ("council", 1, 25, -2.5)]), A, B)
    assert plots.alt_text(fig) == ("Scatter plot of 3 words by times used (log scale) and log-odds z-score; 2 reach "
                                   "|z| ≥ 1.96; the most distinctive: for Ledger “strike” (z = 4.10); for Herald "
                                   "“council” (z = −2.50).")


def similarity(rows, cols, seed=0):
    rng = np.random.default_rng(seed)
    return pd.DataFrame([(i, j, rng.random()) for i in range(rows) for j in range(cols)],
                        columns=["sent_id_a", "sent_id_b", "score"])


def overlaps(a, b) -> bool:
    return a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1


@pytest.mark.parametrize("rows, cols", [(1, 1), (2, 3), (40, 60), (200, 150)])
def test_heatmap_labels_never_overlap(rows, cols):
    fig = plots.sentence_heatmap(similarity(rows, cols), "The Moscow Times", "Sputnik")
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    ax, bar = fig.axes
    labels = {"title": ax.title, "x label": ax.xaxis.label, "y label": ax.yaxis.label, "bar label": bar.yaxis.label}
    boxes = {name: t.get_window_extent(renderer) for name, t in labels.items()}
    figure_box = fig.bbox
    for name, box in boxes.items():
        assert figure_box.x0 <= box.x0 and box.x1 <= figure_box.x1 and figure_box.y0 <= box.y0 and box.y1 <= figure_box.y1, name
    for (n1, b1), (n2, b2) in itertools.combinations(boxes.items(), 2):
        assert not overlaps(b1, b2), (n1, n2)
    for name, ticks in (("x", ax.get_xticklabels()), ("y", ax.get_yticklabels())):
        tick_boxes = [t.get_window_extent(renderer) for t in ticks if t.get_text()]
        assert not any(overlaps(p, q) for p, q in itertools.pairwise(tick_boxes)), name
        assert not any(overlaps(t, boxes["title"]) for t in tick_boxes), name


def test_heatmap_labels_cells_only_where_they_fit():
    small = plots.sentence_heatmap(similarity(2, 3).assign(score=[0.9, 0.1, 0.6, 0.2, 0.5, 0.4]), A, B)
    assert sorted(t.get_text() for t in small.axes[0].texts) == ["0.50", "0.60", "0.90"]
    large = plots.sentence_heatmap(similarity(40, 60), A, B)
    assert len(large.axes[0].texts) == 0


def test_heatmap_alt_text():
    grid = pd.DataFrame({"sent_id_a": [0, 0, 1, 1], "sent_id_b": [0, 1, 0, 1], "score": [0.1, 0.8, 0.55, 0.0]})
    assert plots.alt_text(plots.sentence_heatmap(grid, A, B)) == (
        "Heatmap of how similar each of Ledger’s 2 sentences (rows) is to each of Herald’s 2 (columns): the most "
        "similar pair, sentence 0 and sentence 1, scores 0.80; 2 pairs score 0.5 or more.")


def test_lengths_alt_text_names_each_article_or_summarises_many():
    few = pd.DataFrame({"doc_id": ["l1", "h1"], "outlet": [A, B], "words": [335, 1555]})
    assert plots.alt_text(plots.lengths(few, A, B)) == \
        "Bar chart of the words in each of 2 articles: Ledger 335 (l1); Herald 1,555 (h1)."
    many = pd.DataFrame({"doc_id": [f"d{i}" for i in range(8)], "outlet": [A] * 5 + [B] * 3,
                         "words": [100, 900, 200, 300, 400, 50, 60, 70]})
    assert plots.alt_text(plots.lengths(many, A, B)) == \
        "Bar chart of the words in each of 8 articles: Ledger’s 5 run from 100 to 900; Herald’s 3 run from 50 to 70."


def test_lengths_of_a_large_corpus_is_a_histogram_of_fixed_size():
    table = pd.DataFrame({"doc_id": [f"d{i}" for i in range(500)], "outlet": [A] * 300 + [B] * 200,
                          "words": list(range(100, 400)) + list(range(1000, 1200))})
    fig = plots.lengths(table, A, B)
    assert tuple(fig.get_size_inches()) == (8, 4)
    heights = [p.get_path().vertices[:, 1].max() for p in fig.axes[0].patches]
    assert len(fig.axes[0].patches) == 2 and max(heights) > 0
    assert plots.alt_text(fig) == ("Histogram of the words per article of 500 articles: Ledger’s 300 run from 100 to 399; "
                                   "Herald’s 200 run from 1,000 to 1,199.")


def test_voices_alt_text():
    voices = pd.DataFrame({"speaker": ["Ana Ruiz", "Tom Lee"], "quotes_a": [2, 0], "words_a": [30, 0],
                           "quotes_b": [1, 1], "words_b": [12, 9], "quoted_by": ["both", B]})
    assert plots.alt_text(plots.voices(voices, A, B)) == (
        "Bar chart of the words quoted from each of the 2 most quoted speakers, most first: Ana Ruiz 30 in Ledger and "
        "12 in Herald; Tom Lee 0 in Ledger and 9 in Herald.")
    empty = voices.iloc[:0]
    assert plots.alt_text(plots.voices(empty, A, B)) == "Empty bar chart: neither outlet quotes a speaker."


def test_top_terms_alt_text():
    frequencies = pd.DataFrame({"outlet": [A, A, B], "term": ["bridge", "strike", "council"], "count": [9, 3, 4],
                                "per_10k": [179.1, 60.2, 90.0]})
    assert plots.alt_text(plots.top_terms(frequencies, A, B, top=2)) == (
        "Two bar charts of each outlet’s 2 most frequent content words, in uses per 10,000 words; the first three of "
        "Ledger’s are “bridge” (179), “strike” (60); Herald’s are “council” (90).")


def test_top_terms_alt_text_of_an_outlet_without_words():
    frequencies = pd.DataFrame({"outlet": [A], "term": ["bridge"], "count": [9], "per_10k": [179.1]})
    assert plots.alt_text(plots.top_terms(frequencies, A, B, top=2)).endswith(
        "the first three of Ledger’s are “bridge” (179); Herald has none.")


def test_a_figure_drawn_elsewhere_is_described_by_its_title():
    fig, ax = plt.subplots()
    ax.set_title("Words per day")
    assert plots.alt_text(fig) == "Figure: Words per day."
    assert plots.alt_text(plt.figure()) == "Figure without a title."


def test_every_alt_text_is_one_sentence():
    fig = plots.fightin_words(keyness([("a", 1, 0, 0.7)]), A, B)
    assert re.fullmatch(r"[^\n]+\.", plots.alt_text(fig))
