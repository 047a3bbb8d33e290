"""Matplotlib figures of the result tables; each function returns the Figure it drew."""

from __future__ import annotations

import math
import textwrap

import matplotlib
import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

from . import formatting, terms

#: One colour per side of a comparison, used in every figure and in the HTML views.
OUTLET_COLOURS = ("#1f77b4", "#d62728")
#: Past this many articles, ``lengths`` draws a histogram per outlet instead of one bar per article.
MAX_BARS = 30


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


def _describe(fig: plt.Figure, alt: str) -> plt.Figure:
    """Attach a one-sentence description of what ``fig`` shows (see ``alt_text``); return the figure."""
    fig.mc_alt = alt
    return fig


def alt_text(fig: plt.Figure) -> str:
    """The one-sentence description a plot function gave ``fig``, for a reader who cannot see it.

    A figure drawn elsewhere is described by its titles. ``render.figure(fig)``
    puts the text in the report as the image's alt attribute.
    """
    described = getattr(fig, "mc_alt", None)
    if described:
        return described
    titles = [t for t in [fig.get_suptitle(), *(ax.get_title() for ax in fig.axes)] if t]
    return f"Figure: {'; '.join(titles)}." if titles else "Figure without a title."


def _terms(rows, column: str) -> str:
    """``“a” (3), “b” (2)``: the first rows' term and rounded ``column``, for an alt text."""
    return ", ".join(f"“{r.term}” ({getattr(r, column):,.0f})" for r in rows.itertuples())


def _length_spans(table: pd.DataFrame) -> str:
    """``A’s 5 run from 100 to 900; B’s …``: each outlet's article count and shortest and longest, for an alt text."""
    spans = table.groupby("outlet", sort=False)["words"].agg(["size", "min", "max"])
    return "; ".join(f"{o}’s {s['size']:,} run from {s['min']:,} to {s['max']:,}" for o, s in spans.iterrows())


def lengths(table: pd.DataFrame, outlet_a: str, outlet_b: str) -> plt.Figure:
    """Words per article (from ``text.lengths``), coloured by outlet.

    One bar per article up to ``MAX_BARS`` articles; past that, a histogram of
    the lengths per outlet, so that the figure keeps its size whatever the corpus.
    """
    table = table[table["outlet"].isin([outlet_a, outlet_b])]
    if len(table) > MAX_BARS:
        return _length_histogram(table, outlet_a, outlet_b)
    palette = colours(outlet_a, outlet_b)
    fig, ax = plt.subplots(figsize=(8, 0.6 * len(table) + 1.2))
    labels = [f"{row.outlet} · {row.doc_id[:12]}" for row in table.itertuples()]
    ax.barh(labels, table["words"], color=[palette[o] for o in table["outlet"]])
    for y, words in enumerate(table["words"]):
        ax.annotate(f"{words:,} words", (words, y), xytext=(4, 0), textcoords="offset points", va="center")
    ax.invert_yaxis()
    ax.set_xlabel("words (tokens that are not punctuation)")
    ax.set_title("Length of each article")
    ax.set_xlim(0, table["words"].max() * 1.25)
    fig.tight_layout()
    if len(table) <= 6:
        shown = "; ".join(f"{r.outlet} {r.words:,} ({r.doc_id})" for r in table.itertuples())
    else:
        shown = _length_spans(table)
    return _describe(fig, f"Bar chart of the words in each of {len(table)} articles: {shown}.")


def _length_histogram(table: pd.DataFrame, outlet_a: str, outlet_b: str) -> plt.Figure:
    """How many articles of each outlet have how many words: one outlined histogram per outlet, on shared bins."""
    palette = colours(outlet_a, outlet_b)
    fig, ax = plt.subplots(figsize=(8, 4))
    bins = np.histogram_bin_edges(table["words"], bins=30)
    for outlet in (outlet_a, outlet_b):
        words = table.loc[table["outlet"] == outlet, "words"]
        ax.hist(words, bins=bins, histtype="step", linewidth=1.6, color=palette[outlet],
                label=f"{outlet} ({len(words):,} articles)")
    ax.set_xlabel("words per article (tokens that are not punctuation)")
    ax.set_ylabel("articles")
    ax.set_title("Length of the articles")
    ax.legend(frameon=False)
    fig.tight_layout()
    return _describe(fig, f"Histogram of the words per article of {len(table):,} articles: {_length_spans(table)}.")


def sentence_heatmap(similarity: pd.DataFrame, label_a: str, label_b: str, *, annotate_above: float = 0.5) -> plt.Figure:
    """Heatmap of ``overlap.sentence_similarity`` for one article pair: A's sentences down, B's across.

    Cells at or above ``annotate_above`` are labelled with their score when
    the cells are large enough to hold it. The figure is never narrower than
    its title, tick labels are thinned so they do not touch, and constrained
    layout keeps title, axis labels and colour bar apart at any grid size.
    """
    grid = similarity.pivot(index="sent_id_a", columns="sent_id_b", values="score").sort_index().sort_index(axis=1)
    rows, cols = grid.shape
    width, height = min(max(3.5 + 0.3 * cols, 7.0), 13.0), min(max(2.4 + 0.3 * rows, 4.0), 12.0)
    fig, ax = plt.subplots(figsize=(width, height), layout="constrained")
    image = ax.imshow(grid.to_numpy(), cmap="Greys", vmin=0, vmax=1, aspect="auto")
    cell_w, cell_h = (width - 2.8) / max(cols, 1), (height - 1.8) / max(rows, 1)
    if cell_w >= 0.4 and cell_h >= 0.22:  # a 7-point "0.87" needs about 0.3 × 0.12 inches
        for (i, j), value in np.ndenumerate(grid.to_numpy()):
            if value >= annotate_above:
                ax.text(j, i, f"{value:.2f}", ha="center", va="center", color="white", fontsize=7)
    step_x, step_y = math.ceil(0.25 / cell_w), math.ceil(0.17 / cell_h)  # an 8-point label needs about that much room
    ax.set_xticks(range(0, cols, step_x), [str(c) for c in grid.columns[::step_x]], fontsize=8)
    ax.set_yticks(range(0, rows, step_y), [str(r) for r in grid.index[::step_y]], fontsize=8)
    ax.set_xlabel(f"sentence of {label_b} (sent_id)")
    ax.set_ylabel(f"sentence of {label_a} (sent_id)")
    title = "How similar is each pair of sentences? (TF-IDF cosine of content words)"
    ax.set_title(textwrap.fill(title, int(width * 9)), fontsize=11)
    fig.colorbar(image, ax=ax, fraction=0.05, pad=0.02, label="similarity")
    values = grid.to_numpy()
    if np.isnan(values).all():
        return _describe(fig, f"Empty heatmap: no sentence of {label_a} or {label_b} could be compared.")
    i, j = np.unravel_index(np.nanargmax(values), values.shape)
    high = int((values >= annotate_above).sum())
    return _describe(fig, f"Heatmap of how similar each of {label_a}’s {rows} sentences (rows) is to each of "
                          f"{label_b}’s {cols} (columns): the most similar pair, sentence {grid.index[i]} and sentence "
                          f"{grid.columns[j]}, scores {values[i, j]:.2f}; {high} pairs score {annotate_above:g} or more.")


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
    if table.empty:
        return _describe(fig, "Empty bar chart: neither outlet quotes a speaker.")
    named = "; ".join(f"{r.speaker} {r.words_a:,} in {outlet_a} and {r.words_b:,} in {outlet_b}"
                      for r in table.iloc[::-1].head(3).itertuples())
    return _describe(fig, f"Bar chart of the words quoted from each of the {len(table)} most quoted speakers, "
                          f"most first: {named}.")


def top_terms(frequencies: pd.DataFrame, outlet_a: str, outlet_b: str, *, top: int = 12) -> plt.Figure:
    """Side-by-side bars of each outlet's most frequent terms, as rates per 10,000 words (from ``terms.frequencies``)."""
    palette = colours(outlet_a, outlet_b)
    fig, axes = plt.subplots(1, 2, figsize=(10, 0.32 * top + 1.6))
    largest = frequencies["per_10k"].max() if len(frequencies) else 1
    for ax, outlet in zip(axes, (outlet_a, outlet_b)):
        rows = frequencies[frequencies["outlet"] == outlet].head(top).iloc[::-1]
        ax.barh(rows["term"], rows["per_10k"], color=palette[outlet])
        ax.set_title(outlet)
        ax.set_xlim(0, largest * 1.1)
        ax.set_xlabel("uses per 10,000 words")
    fig.suptitle("Most frequent content words of each outlet")
    fig.tight_layout()
    firsts = [f"{o}’s are {_terms(rows.head(3), 'per_10k')}" if len(rows) else f"{o} has none"
              for o, rows in ((o, frequencies[frequencies["outlet"] == o]) for o in (outlet_a, outlet_b))]
    return _describe(fig, f"Two bar charts of each outlet’s {top} most frequent content words, in uses per 10,000 "
                          f"words; the first three of {'; '.join(firsts)}.")


def fightin_words(keyness: pd.DataFrame, outlet_a: str, outlet_b: str, *, label: int = 10, z_line: float = 1.96) -> plt.Figure:
    """Monroe et al.'s plot: total count (log scale) against the log-odds z-score, distinctive terms labelled.

    The ``label`` terms leaning most to each outlet are named in a column
    beside the plot, joined to their points by a line, so labels never overlap
    however many points share a place. Dashed lines mark |z| = ``z_line``.
    """
    palette = colours(outlet_a, outlet_b)
    fig, ax = plt.subplots(figsize=(10, 6.5))
    total = keyness["count_a"] + keyness["count_b"]
    z = keyness["log_odds_z"]
    lean = np.where(z > 0, palette[outlet_a], np.where(z < 0, palette[outlet_b], "#999999"))
    ax.scatter(total, z, s=12, c=lean, alpha=0.5, linewidths=0)
    ax.set_xscale("log")
    # plain numbers on the log axis (1, 2, 5, 10 …), never 10^0 or 2×10^0; 1-2-5 only while there is room
    decades = math.log10(max(total.max(), 10)) if len(total) else 1
    ax.xaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0) if decades <= 3 else (1.0,)))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.0f}" if value >= 1 else f"{value:g}"))
    ax.xaxis.set_minor_formatter(NullFormatter())
    ax.axhline(0, color="#999999", linewidth=0.8)
    for line in (z_line, -z_line):
        ax.axhline(line, color="#999999", linewidth=0.8, linestyle="--")
    low, high = min(z.min(), -z_line) * 1.15, max(z.max(), z_line) * 1.15
    ax.set_ylim(low, high)
    ax.set_xlabel("times used by both outlets (log scale)")
    ax.set_ylabel(f"z-score: ← {outlet_b}   ·   {outlet_a} →")
    ax.set_title("Which words lean to which outlet (Fightin' Words)")
    picked = terms.distinctive(keyness, outlet_a, outlet_b, top=label)
    a, b = picked[picked["favours"] == outlet_a], picked[picked["favours"] == outlet_b]
    # B's labels run from its least to its most distinctive, top to bottom, like its points
    for rows, outlet, top, bottom in ((a, outlet_a, 0.97, 0.53), (b.iloc[::-1], outlet_b, 0.47, 0.03)):
        slots = np.linspace(top, bottom, max(label, 2))[: len(rows)] if outlet == outlet_a else np.linspace(top, bottom, max(label, 2))[-len(rows):]
        for slot, row in zip(slots, rows.itertuples()):
            ax.annotate(f"{row.term} ({row.count_a}:{row.count_b})", xy=(row.count_a + row.count_b, row.log_odds_z),
                        xycoords="data", xytext=(1.03, slot), textcoords="axes fraction", va="center", fontsize=9,
                        color=palette[outlet], arrowprops={"arrowstyle": "-", "color": palette[outlet], "alpha": 0.35, "linewidth": 0.7})
    ax.text(1.03, 1.02, f"counts ({outlet_a}:{outlet_b})", transform=ax.transAxes, fontsize=8, color="#555555")
    fig.tight_layout()
    passing = int((z.abs() >= z_line).sum())
    leaders = "; ".join(f"for {o} “{rows.iloc[0].term}” (z = {formatting.number(float(rows.iloc[0].log_odds_z))})"
                        for rows, o in ((a, outlet_a), (b, outlet_b)) if len(rows))
    return _describe(fig, f"Scatter plot of {len(keyness)} words by times used (log scale) and log-odds z-score; "
                          f"{passing} reach |z| ≥ {z_line:g}" + (f"; the most distinctive: {leaders}." if leaders else "."))


def articles_per_day(table: pd.DataFrame, outlet_a: str, outlet_b: str) -> plt.Figure:
    """Bars of articles per publication day (from ``stories.per_day``), one colour per outlet; undated articles left out."""
    dated = table[table["published"] != ""]
    palette = colours(outlet_a, outlet_b)
    fig, ax = plt.subplots(figsize=(10, 3.4))
    days = pd.to_datetime(dated["published"])
    width = 0.4 if len(dated) < 60 else 0.8
    shift = pd.Timedelta(hours=5 if len(dated) < 60 else 0)
    ax.bar(days - shift, dated["articles_a"], width=width, color=palette[outlet_a], label=outlet_a)
    ax.bar(days + shift, dated["articles_b"], width=width, color=palette[outlet_b], label=outlet_b,
           bottom=0 if len(dated) < 60 else dated["articles_a"])
    ax.set_ylabel("articles")
    ax.set_title("Articles per day", loc="left")
    ax.yaxis.get_major_locator().set_params(integer=True)
    if len(dated):  # whole days on the axis, a day's margin either side, at most about ten labels
        first, last = days.min() - pd.Timedelta(days=1), days.max() + pd.Timedelta(days=1)
        ax.set_xlim(first, last)
        ax.xaxis.set_major_locator(mdates.DayLocator(interval=max(1, (last - first).days // 10)))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m-%d"))
    fig.autofmt_xdate()
    ax.legend(loc="lower right", bbox_to_anchor=(1, 1), ncol=2, frameon=False)  # above the bars, beside the title
    fig.tight_layout()
    span = f"from {dated['published'].iloc[0]} to {dated['published'].iloc[-1]}" if len(dated) else "with no dates"
    return _describe(fig, f"Bar chart of articles per day {span}: {int(table['articles_a'].sum())} by {outlet_a} "
                          f"and {int(table['articles_b'].sum())} by {outlet_b}.")


def copy_rates(measures: pd.DataFrame, outlet_a: str, outlet_b: str) -> plt.Figure:
    """Histograms of each article's copy rate against the other outlet (the "article" rows of ``overlap.summary``)."""
    rows = measures[measures["scope"] == "article"]
    palette = colours(outlet_a, outlet_b)
    fig, ax = plt.subplots(figsize=(8, 3.4))
    bins = np.linspace(0, 1, 21)
    described, values = [], []
    for side, outlet in (("a", outlet_a), ("b", outlet_b)):
        values.append(rows.loc[rows["measure"] == f"copy rate {side}", "value"].dropna().to_numpy())
        described.append(f"{outlet}: median {np.median(values[-1]):.2f}" if len(values[-1]) else f"{outlet}: no article")
    ax.hist(values, bins=bins, color=[palette[outlet_a], palette[outlet_b]],  # side by side in each bin
            label=[f"{o} ({len(v)} articles)" for o, v in zip((outlet_a, outlet_b), values)])
    ax.set_xlabel("share of the article's words inside passages shared with the other outlet")
    ax.set_ylabel("articles")
    ax.set_title("How much of each article is shared text (copy rate)")
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.legend(frameon=False)
    fig.tight_layout()
    return _describe(fig, "Histogram of copy rates per article; " + "; ".join(described) + ".")
