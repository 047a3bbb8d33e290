"""Matplotlib figures of the result tables; each function returns the Figure it drew."""

from __future__ import annotations

import matplotlib
import matplotlib.pyplot as plt
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
