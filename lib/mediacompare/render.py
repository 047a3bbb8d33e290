"""HTML: executed notebooks as standalone reports, and the index page that links them."""

from __future__ import annotations

import base64
import html
import io
import json
import numbers
import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

import pandas as pd

from . import formatting
from .paths import TEMPLATES

#: Cells the reader of a report does not need: the parameters and papermill's injected copy.
HIDDEN_TAGS = {"parameters", "injected-parameters"}
PAGE_STYLE = """
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.6rem} table{border-collapse:collapse;margin:1rem 0} td,th{padding:.35rem .7rem;border-bottom:1px solid #ddd;text-align:left}
.failed{color:#a40000;font-weight:600} small{color:#666} h3{font-size:1.1rem;margin:1.2rem 0 .3rem}
body>section{border-top:1px solid #ddd;margin-top:1.5rem} .page p{margin:.3rem 0} .page ul{margin:.3rem 0}
.page .mc-comparison,.page .mc-findings>h2{display:none}
"""


@lru_cache(maxsize=1)
def _exporter():
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    exporter = HTMLExporter(
        template_name="mediacompare",
        extra_template_basedirs=[str(TEMPLATES)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    exporter.register_preprocessor(TagRemovePreprocessor(remove_cell_tags=HIDDEN_TAGS), enabled=True)
    return exporter


def notebook_html(notebook: Path, title: str) -> str:
    """A standalone HTML page of an executed notebook: outputs and prose, code hidden, nothing loaded from the network."""
    # imported here: nbformat pulls in jsonschema's format checkers (seconds), which a notebook importing render never needs
    import nbformat

    nb = nbformat.read(notebook, as_version=4)
    body, _ = _exporter().from_notebook_node(nb, resources={"metadata": {"name": title}})
    return body


def _index_section(folder: Path) -> str:
    """One comparison on the index page: title, outlets and article counts, then each page with its findings.

    A folder without ``status.json``, or whose status says "running", is a
    report that is still being built or was interrupted: it is marked incomplete.
    """
    name = html.escape(folder.name)
    status_file = folder / "status.json"
    if not status_file.is_file():
        return (f'<section id="{name}"><h2>{name}</h2><p class="failed">Incomplete: this report was interrupted before '
                f'it started. Build it again.</p></section>')
    status = json.loads(status_file.read_text(encoding="utf-8"))
    counts = status.get("articles", {})
    outlets = " vs ".join(
        f"{html.escape(o)}" + (f" ({counts[o]} article{'s' if counts[o] != 1 else ''})" if o in counts else "")
        for o in (status["outlet_a"], status["outlet_b"])
    )
    parts = [f'<section id="{name}"><h2>{html.escape(status["title"])}</h2><p>{outlets}</p>']
    if status.get("state", "done") == "running":
        parts.append('<p class="failed">Incomplete: this report is still being built, or its run was interrupted. '
                     "Build it again; the pages listed below are done.</p>")
    for nb in status["notebooks"]:
        page = f'{name}/{html.escape(nb["html"])}'
        failed = "" if nb["ok"] else (f'<p><span class="failed">FAILED</span> <small>{html.escape(nb["error"])} — '
                                      f'<a href="{name}/notebooks/{html.escape(nb["notebook"])}">what it printed</a></small></p>')
        # a page's findings link to its own rows (href="#passages-3"): here they point into that page; the page's
        # own heading and the comparison's title, which its findings cell may show too, are hidden by PAGE_STYLE
        findings = nb.get("findings", "").replace('href="#', f'href="{page}#')
        parts.append(f'<div class="page"><h3><a href="{page}">{html.escape(nb["title"])}</a></h3>{failed}{findings}</div>')
    parts.append(f'<p><small>manifest {html.escape(status["manifest"])}</small></p></section>')
    return "".join(parts)


def index_html(reports: Path) -> str:
    """The index page of every comparison under ``reports``: its title, outlets, article counts, and per page a
    link, the page's findings, and whether it failed; an interrupted comparison is marked incomplete."""
    folders = sorted(p for p in reports.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))
    body = "".join(_index_section(f) for f in folders) or "<p>No reports yet: run <code>make report</code>.</p>"
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>mediacompare reports</title><style>{PAGE_STYLE}</style></head>"
        f"<body><h1>mediacompare reports</h1>{body}</body></html>"
    )


#: Highlight colours for shared passages, light enough to read black text on; cycled with a number.
PASSAGE_COLOURS = ("#ffe08a", "#a8e6cf", "#ffb3c1", "#b5d0ff", "#e2c2ff", "#ffd3a8", "#c8f0a0", "#d9d9d9")


def _highlighted(text: str, spans: list[tuple[int, int, int]]) -> str:
    """``text`` as escaped HTML with each ``(start, end, number)`` span marked in its passage's colour."""
    parts, cursor = [], 0
    for start, end, number in sorted(spans):
        if start < cursor:  # a span overlapping an earlier one is shown by the earlier one's mark
            continue
        colour = PASSAGE_COLOURS[(number - 1) % len(PASSAGE_COLOURS)]
        parts.append(html.escape(text[cursor:start]))
        parts.append(f'<mark style="background:{colour};padding:0 1px" title="shared passage {number}">'
                     f'<sup style="font-size:70%;color:#555">{number}</sup>{html.escape(text[start:end])}</mark>')
        cursor = end
    parts.append(html.escape(text[cursor:]))
    return "".join(parts)


def side_by_side(articles, passages, doc_id_a: str, doc_id_b: str) -> str:
    """Two articles side by side as HTML, each shared passage marked in the same colour and number on both sides.

    ``passages`` is the table of ``overlap.passages``; only its rows for this
    article pair are shown. Returns an HTML fragment for a notebook or report.
    """
    rows = passages[(passages["doc_id_a"] == doc_id_a) & (passages["doc_id_b"] == doc_id_b)]
    rows = rows.sort_values(["start_a", "start_b"], kind="stable")
    numbered = list(enumerate(rows.itertuples(), start=1))
    columns = []
    for doc_id, side in ((doc_id_a, "a"), (doc_id_b, "b")):
        art = articles[articles["doc_id"] == doc_id].iloc[0]
        spans = [(getattr(r, f"start_{side}"), getattr(r, f"end_{side}"), n) for n, r in numbered]
        heading = f"{html.escape(art.outlet)}: {html.escape(art.title or doc_id)}"
        columns.append(
            f'<div style="flex:1;min-width:0"><h4 style="margin:0 0 .5em">{heading}</h4>'
            f'<div style="white-space:pre-wrap;font:14px/1.55 Georgia,serif">{_highlighted(art.text, spans)}</div></div>'
        )
    note = f"{len(numbered)} shared passage(s); each has the same number and colour on both sides."
    return (f'<div class="mc-side-by-side"><p style="font-size:13px;color:#555">{note}</p>'
            f'<div style="display:flex;gap:2em;align-items:flex-start">{"".join(columns)}</div></div>')


#: Concordance cells line up on the text's baseline whatever the page's table style says.
KWIC_CELL = "vertical-align:baseline !important;padding-top:2px;padding-bottom:2px;"


def kwic_html(concordance, outlet_a: str, outlet_b: str, *, heading: str | None = None, per_outlet: int = 15) -> str:
    """Keyword-in-context lines of ``text.kwic`` as HTML, one column per outlet, keyword aligned and bold.

    ``heading`` (the term, say) is shown above them, escaped. At most ``per_outlet`` lines of each outlet are
    shown, the first in the corpus; the column's heading counts them all."""
    columns = []
    for outlet in (outlet_a, outlet_b):
        every = concordance[concordance["outlet"] == outlet]
        rows = every.head(per_outlet)
        more = (f'<tr><td colspan="3" style="color:#888">… and {len(every) - len(rows):,} more</td></tr>'
                if len(every) > len(rows) else "")
        lines = "".join(
            f'<tr><td style="{KWIC_CELL}text-align:right !important;color:#555">{html.escape(r.left)}</td>'
            f'<td style="{KWIC_CELL}font-weight:700;padding:0 .4em">{html.escape(r.keyword)}</td>'
            f'<td style="{KWIC_CELL}color:#555">{html.escape(r.right)}</td></tr>'
            for r in rows.itertuples()
        ) + more or '<tr><td colspan="3" style="color:#888">not used</td></tr>'
        columns.append(f'<div style="flex:1;min-width:0"><h4 style="margin:0 0 .3em">{html.escape(outlet)} ({len(every):,})</h4>'
                       f'<table class="mc-kwic" style="font:13px/1.4 Georgia,serif;border-collapse:collapse">{lines}</table></div>')
    title = f"<h4>{html.escape(heading)}</h4>" if heading else ""
    return f'{title}<div style="display:flex;gap:2em;align-items:flex-start">{"".join(columns)}</div>'


# ---------------------------------------------------------------------------
# Tables a person reads, the keyness table, and figures with alt text (issue 11).
#
# Usage in a notebook cell (``tables`` is the folder the CSVs go to; the report
# page sits in its parent folder, so it links them as ``<folder name>/NAME.csv``):
#
#     render.table(shared, "passages", top=20, csv_dir=tables,
#                  empty="The two outlets share no passage of 4 or more content words.")
#     render.table(matched[matched["match_type"] == "unique"], "unique-quotes", anchor="matches", empty="…")
#     render.keyness_table(keyness, outlet_a, outlet_b, per_outlet=10, csv_dir=tables,
#                          empty="No word is left to compare once stopwords are set aside.")
#     render.figure(plots.fightin_words(keyness, outlet_a, outlet_b))   # the PNG with its alt text; closes fig
#
# Each returns an object the notebook displays as HTML (or PNG); its plain-text
# form is one line (nbval compares it).

#: Readable headers of columns the result tables share; other columns lose their underscores.
HEADERS = {"doc_id": "doc id", "quote_id": "quote", "sent_id": "sentence", "story_id": "story",
           "n_tokens": "words", "n_words": "words", "match_type": "match", "other_doc_id": "other doc id",
           "other_quote_id": "other quote", "other_text": "other outlet's text", "source_path": "source file",
           "sha256": "SHA-256", "url": "URL", "p_value": "p", "g2": "G²", "log_odds_z": "z (log-odds)"}
#: A column of hexadecimal digests (sha256): shown shortened, the full value in a tooltip.
HASH = re.compile(r"[0-9a-f]{40,}")
#: Newlines inside a cell become one line break, however many there are.
NEWLINES = re.compile(r"\s*\n\s*")
#: An integer column with such a name holds ids or character offsets: digits without thousands separators.
POSITION = re.compile(r"(^|_)(id|start|end|line|year)($|_)")
#: A column of web addresses: each shown as a link.
LINK = re.compile(r"https?://\S+")
#: Table names become file names and element ids.
SAFE_NAME = re.compile(r"[A-Za-z0-9_.-]+")
#: A string column whose longest value is at most this long is kept on one line (outlet names, doc ids).
NOWRAP_CHARS = 24
#: Each table carries its own style, so that it reads the same in JupyterLab and in the report.
TABLE_STYLE = """<style>
table.mc-table{border-collapse:collapse;margin:.3rem 0 .6rem;font-size:13px;table-layout:auto;width:auto;max-width:100%}
table.mc-table th{text-align:left !important;vertical-align:bottom;border-bottom:2px solid #999;padding:.3rem .6rem;white-space:normal}
table.mc-table td{text-align:left !important;vertical-align:top;border-bottom:1px solid #ddd;padding:.3rem .6rem;white-space:normal;overflow-wrap:anywhere}
table.mc-table td.mc-num{text-align:right !important;font-variant-numeric:tabular-nums;white-space:nowrap}
table.mc-table td.mc-nowrap{white-space:nowrap;overflow-wrap:normal}
table.mc-table td.mc-text{min-width:10rem}
div.mc-scroll{overflow-x:auto;max-width:100%}
table.mc-table tr:target{background:#fff3bf}
p.mc-note{font-size:13px;color:#555;margin:.2rem 0 1rem}
</style>"""


class Html:
    """An HTML fragment a notebook displays as HTML; ``str()`` gives the markup, ``repr()`` a one-line summary."""

    def __init__(self, markup: str, plain: str):
        self.markup, self.plain = markup, plain

    def _repr_html_(self) -> str:
        return self.markup

    def __str__(self) -> str:
        return self.markup

    def __repr__(self) -> str:
        return self.plain


def _missing(value) -> bool:
    """True for a value a reader should see as an empty cell: NA, NaN, None, "" and the ``*`` of pooled rows."""
    if isinstance(value, str):
        return value.strip() in ("", "*")
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # a tuple or list is a value, not a missing one
        return False


def _header(column: str) -> str:
    """A column's default header: ``HEADERS``, else underscores as spaces, a side suffix as A or B (``count_a`` → ``count A``)."""
    if column in HEADERS:
        return HEADERS[column]
    stem, side = column[:-2], column[-1:]
    if column.endswith(("_a", "_b")) and stem:
        return f"{_header(stem)} {side.upper()}"
    return column.replace("_", " ")


def _kind(column: pd.Series) -> str:
    """How a column's cells are shown: "bool", "int", "code" (an id or offset), "float", "hash", "short" (kept on
    one line), "link" or "text"."""
    values = [v for v in column if not _missing(v)]
    if pd.api.types.is_bool_dtype(column) or (values and all(pd.api.types.is_bool(v) for v in values)):
        return "bool"
    if pd.api.types.is_integer_dtype(column) or (pd.api.types.is_float_dtype(column) and
                                                  all(float(v).is_integer() for v in values)):
        return "code" if POSITION.search(str(column.name)) else "int"
    if pd.api.types.is_float_dtype(column):
        return "float"
    strings = [_plain(v) for v in values]
    if strings and all(HASH.fullmatch(s) for s in strings):
        return "hash"
    if strings and all(LINK.fullmatch(s) for s in strings):
        return "link"
    return "short" if max(map(len, strings), default=0) <= NOWRAP_CHARS else "text"


def _plain(value) -> str:
    """A value as text: a list or tuple as its items joined by "; ", a (start, end) pair as "start–end"."""
    if isinstance(value, (list, tuple)):
        if len(value) == 2 and all(isinstance(v, numbers.Integral) for v in value):
            return f"{value[0]}–{value[1]}"
        return "; ".join(_plain(v) for v in value)
    return str(value)


def _cell(value, kind: str) -> str:
    """One ``<td>``: escaped, numbers to three significant digits, booleans as yes/no, missing as "–"."""
    if _missing(value):
        return "<td>–</td>"
    if kind == "bool":
        return f"<td>{'yes' if value else 'no'}</td>"
    if kind in ("int", "float"):
        return f'<td class="mc-num">{formatting.number(int(value) if kind == "int" else float(value))}</td>'
    if kind == "code":
        return f'<td class="mc-num">{int(value)}</td>'
    text = html.escape(_plain(value))
    if kind == "hash":
        return f'<td class="mc-nowrap"><span title="{text}">{text[:12]}…</span></td>'
    if kind == "link":
        return f'<td class="mc-text"><a href="{text}">{text}</a></td>'
    text = NEWLINES.sub("<br>", text.strip())
    return f'<td class="mc-{"nowrap" if kind == "short" else "text"}">{text}</td>'


def table(df: pd.DataFrame, name: str, *, empty: str, title: str | None = None, columns=None, top=None,
          csv_dir: Path | str | None = None, anchor: str | None = None) -> Html:
    """A result table as HTML a person reads.

    No index column; headers without underscores (``HEADERS``, or ``columns``
    as a mapping); numbers to three significant digits unless whole; yes/no for
    booleans; "–" for a missing value; text in full, wrapped, newlines as line
    breaks; SHA-256 digests shortened, the full digest in a tooltip.

    Parameters
    ----------
    df : DataFrame
        The table; its index labels name the rows (``id="<anchor>-<label>"``),
        so a filtered table keeps the anchors ``findings`` link to.
    name : str
        File-name-safe name of the table: its CSV file and, unless ``anchor``
        is given, its rows' id prefix.
    empty : str
        The sentence shown instead of an empty table, saying what its emptiness means.
    title : str, optional
        A caption above the table.
    columns : list or dict, optional
        The columns to show, in order; a dict maps each to its header.
    top : int or index labels, optional
        Show only the first ``top`` rows, or only the rows with these index
        labels, with a line saying how many there are.
    csv_dir : path, optional
        Write the whole table (all rows, unformatted) to ``csv_dir/<name>.csv``
        and link it as ``<csv_dir's folder name>/<name>.csv``.
    anchor : str, optional
        Row id prefix when it differs from ``name`` (one result table shown as several).

    Returns
    -------
    Html
        Displays as the table; its ``repr`` is "<name>: N rows".
    """
    if not SAFE_NAME.fullmatch(name):
        raise ValueError(f"table name {name!r}: use letters, digits, '-', '_' or '.' only, it names a file")
    headers = dict(columns) if isinstance(columns, dict) else {c: _header(c) for c in (columns or df.columns)}
    link = ""
    if csv_dir is not None:
        folder = Path(csv_dir)
        folder.mkdir(parents=True, exist_ok=True)
        df.to_csv(folder / f"{name}.csv", index=False, lineterminator="\n")
        link = f'<a href="{html.escape(quote(folder.name))}/{html.escape(quote(name))}.csv">{html.escape(name)}.csv</a>'
    caption = f"<p><strong>{html.escape(title)}</strong></p>" if title else ""
    if df.empty:
        return Html(f'{caption}<p class="mc-empty">{html.escape(empty)}</p>', f"{name}: empty — {empty}")
    shown = df if top is None else df.head(top) if isinstance(top, int) else df.loc[top]
    kinds = {c: _kind(df[c]) for c in headers}
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers.values())
    prefix = html.escape(anchor or name)
    body = "".join(
        f'<tr id="{prefix}-{html.escape(str(label))}">{"".join(_cell(row[c], kinds[c]) for c in headers)}</tr>'
        for label, row in shown.iterrows()
    )
    notes = []
    if len(shown) < len(df):
        notes.append(f"showing {len(shown):,} of {len(df):,} rows" + (f" — full table: {link}" if link else ""))
    elif link:
        notes.append(f"this table as CSV: {link}")
    note = f'<p class="mc-note">{"".join(notes)}</p>' if notes else ""
    # a wide table scrolls inside its own box: the page never grows wider than the window
    markup = (f'{TABLE_STYLE}{caption}<div class="mc-scroll"><table class="mc-table"><thead><tr>{head}</tr></thead>'
              f'<tbody>{body}</tbody></table></div>{note}')
    return Html(markup, f"{name}: {formatting.count(len(df), 'row')}")


def keyness_table(keyness: pd.DataFrame, outlet_a: str, outlet_b: str, *, empty: str, name: str = "keyness",
                  per_outlet: int | None = 10, csv_dir: Path | str | None = None, title: str | None = None) -> Html:
    """A ``terms.keyness`` table with each test's columns named by their test.

    The page shows the ``per_outlet`` terms leaning most to each outlet (as
    ``terms.distinctive`` picks them; all terms when None), each row keeping
    its label in ``keyness`` so that ``findings.terms`` links to it; the CSV
    holds the whole table.

    The log-odds z and its ``significant`` flag come first, as "z (log-odds)"
    and "significant by z"; G² and its p follow as "G² (log-likelihood)" and
    "p of G²". The two tests can disagree on small counts (G² is more liberal),
    and with the columns named so, a row that passes one and not the other reads
    as two tests, not as a contradiction. Both are kept because the notebook
    explains both; the CSV holds every column. Other arguments as for ``table``.
    """
    columns = {"favours": "leans to", "term": "word", "count_a": f"uses in {outlet_a}", "count_b": f"uses in {outlet_b}",
               "per_10k_a": f"per 10,000 words in {outlet_a}", "per_10k_b": f"per 10,000 words in {outlet_b}",
               "log_odds_z": "z (log-odds)", "significant": "significant by z", "g2": "G² (log-likelihood)",
               "p_value": "p of G²", "log_ratio": "log₂ ratio"}
    shown = None
    if per_outlet is not None:
        from . import terms

        shown = terms.distinctive(keyness.rename_axis("label").reset_index(), outlet_a, outlet_b, top=per_outlet)["label"]
    return table(keyness, name, empty=empty, columns={c: h for c, h in columns.items() if c in keyness},
                 top=shown, csv_dir=csv_dir, title=title)


class Figure:
    """A figure as a PNG with its alt text: shown as an image in a notebook, ``<img alt=…>`` in the report."""

    def __init__(self, png: bytes, alt: str):
        self.png, self.alt = png, alt

    def _repr_mimebundle_(self, include=None, exclude=None):
        data = {"image/png": base64.b64encode(self.png).decode("ascii"), "text/plain": self.alt}
        return data, {"image/png": {"alt": self.alt}}

    def __repr__(self) -> str:
        return self.alt


def figure(fig) -> Figure:
    """A matplotlib figure as a :class:`Figure` carrying ``plots.alt_text(fig)``; the figure is closed.

    Closing it stops the notebook's inline backend from showing it a second
    time, without its alt text.
    """
    import matplotlib.pyplot as plt

    from . import plots

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight")
    plt.close(fig)
    return Figure(buffer.getvalue(), plots.alt_text(fig))


def heading(title: str, outlet_a: str, outlet_b: str) -> str:
    """The comparison a page belongs to, as an HTML line for its top: its title (or the outlets) and which is A and B."""
    name = title or f"{outlet_a} and {outlet_b}"
    return (f'<p class="mc-comparison"><strong>{html.escape(name)}</strong><br>'
            f'<small>A = {html.escape(outlet_a)} · B = {html.escape(outlet_b)}</small></p>')


def note(sentence: str) -> Html:
    """One sentence for the reader (the thresholds a page used, what it compared), as an escaped paragraph."""
    return Html(f'<p class="mc-note">{html.escape(sentence)}</p>', sentence)
