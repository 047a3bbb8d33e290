"""Matplotlib figures of the result tables; each function returns the Figure it drew."""

from __future__ import annotations

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

#: One colour per side of a comparison, used in every figure and in the HTML views.
OUTLET_COLOURS = ("#1f77b4", "#d62728")


def setup_notebook() -> None:
    """Figure and table defaults for notebooks: PNG figures, readable sizes, stable table output."""
    matplotlib.rcParams.update({"figure.dpi": 100, "figure.figsize": (8, 4), "axes.spines.top": False,
                                "axes.spines.right": False, "font.size": 11})
    pd.set_option("display.max_colwidth", 160)
    pd.set_option("display.width", 160)
    pd.set_option("display.max_rows", 200)


def colours(outlet_a: str, outlet_b: str) -> dict[str, str]:
    """The colour of each outlet of a comparison."""
    return dict(zip((outlet_a, outlet_b), OUTLET_COLOURS))


def lengths(table: pd.DataFrame, outlet_a: str, outlet_b: str) -> plt.Figure:
    """Horizontal bars of words per article (from ``text.lengths``), coloured by outlet."""
    table = table[table["outlet"].isin([outlet_a, outlet_b])]
    palette = colours(outlet_a, outlet_b)
    fig, ax = plt.subplots(figsize=(8, 0.6 * len(table) + 1.2))
    labels = [f"{row.outlet} · {row.doc_id[:12]}" for row in table.itertuples()]
    ax.barh(labels, table["words"], color=[palette[o] for o in table["outlet"]])
    for y, words in enumerate(table["words"]):
        ax.annotate(f"{words} words", (words, y), xytext=(4, 0), textcoords="offset points", va="center")
    ax.invert_yaxis()
    ax.set_xlabel("words (tokens that are not punctuation)")
    ax.set_title("Length of each article")
    ax.set_xlim(0, table["words"].max() * 1.25)
    fig.tight_layout()
    return fig


def sentence_heatmap(similarity: pd.DataFrame, label_a: str, label_b: str, *, annotate_above: float = 0.5) -> plt.Figure:
    """Heatmap of ``overlap.sentence_similarity`` for one article pair: A's sentences down, B's across.

    Cells at or above ``annotate_above`` are labelled with their score.
    """
    grid = similarity.pivot(index="sent_id_a", columns="sent_id_b", values="score").sort_index().sort_index(axis=1)
    rows, cols = grid.shape
    fig, ax = plt.subplots(figsize=(min(2 + 0.35 * cols, 12), min(1.5 + 0.35 * rows, 12)))
    image = ax.imshow(grid.to_numpy(), cmap="Greys", vmin=0, vmax=1, aspect="auto")
    for (i, j), value in np.ndenumerate(grid.to_numpy()):
        if value >= annotate_above:
            ax.text(j, i, f"{value:.2f}", ha="center", va="center", color="white", fontsize=7)
    ax.set_xticks(range(cols), [str(c) for c in grid.columns], fontsize=8)
    ax.set_yticks(range(rows), [str(r) for r in grid.index], fontsize=8)
    ax.set_xlabel(f"sentence of {label_b} (sent_id)")
    ax.set_ylabel(f"sentence of {label_a} (sent_id)")
    ax.set_title("How similar is each pair of sentences? (TF-IDF cosine of content words)")
    fig.colorbar(image, ax=ax, fraction=0.03, pad=0.02, label="similarity")
    fig.tight_layout()
    return fig


def voices(table: pd.DataFrame, outlet_a: str, outlet_b: str, *, top: int = 12) -> plt.Figure:
    """Grouped horizontal bars of quoted words per speaker (from ``quotes.voices``), one colour per outlet."""
    table = table.head(top).iloc[::-1]
    palette = colours(outlet_a, outlet_b)
    fig, ax = plt.subplots(figsize=(8, 0.45 * len(table) + 1.4))
    y = np.arange(len(table))
    ax.barh(y + 0.2, table["words_a"], height=0.4, color=palette[outlet_a], label=outlet_a)
    ax.barh(y - 0.2, table["words_b"], height=0.4, color=palette[outlet_b], label=outlet_b)
    ax.set_yticks(y, table["speaker"])
    ax.set_xlabel("words quoted")
    ax.set_title("Who is quoted, and how much")
    ax.legend(loc="lower right", frameon=False)
    fig.tight_layout()
    return fig
