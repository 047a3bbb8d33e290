"""HTML: executed notebooks as standalone reports, and the index page that links them."""

from __future__ import annotations

import html
import json
from functools import lru_cache
from pathlib import Path

import nbformat

from .paths import TEMPLATES

#: Cells the reader of a report does not need: the parameters and papermill's injected copy.
HIDDEN_TAGS = {"parameters", "injected-parameters"}
PAGE_STYLE = """
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.6rem} table{border-collapse:collapse;margin:1rem 0} td,th{padding:.35rem .7rem;border-bottom:1px solid #ddd;text-align:left}
.failed{color:#a40000;font-weight:600} small{color:#666} h3{font-size:1.1rem;margin:1.2rem 0 .3rem}
section{border-top:1px solid #ddd;margin-top:1.5rem} .page p{margin:.3rem 0}
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
        mark = "" if nb["ok"] else f' <span class="failed">FAILED</span> <small>{html.escape(nb["error"])}</small>'
        # a page's findings link to its own rows (href="#passages-3"): here they point into that page
        findings = nb.get("findings", "").replace('href="#', f'href="{page}#')
        parts.append(f'<div class="page"><h3><a href="{page}">{html.escape(nb["title"])}</a>{mark}</h3>{findings}</div>')
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


def kwic_html(concordance, outlet_a: str, outlet_b: str) -> str:
    """Keyword-in-context lines of ``text.kwic`` as HTML, one column per outlet, keyword aligned and bold."""
    columns = []
    for outlet in (outlet_a, outlet_b):
        rows = concordance[concordance["outlet"] == outlet]
        lines = "".join(
            f'<tr><td style="{KWIC_CELL}text-align:right !important;color:#555">{html.escape(r.left)}</td>'
            f'<td style="{KWIC_CELL}font-weight:700;padding:0 .4em">{html.escape(r.keyword)}</td>'
            f'<td style="{KWIC_CELL}color:#555">{html.escape(r.right)}</td></tr>'
            for r in rows.itertuples()
        ) or '<tr><td colspan="3" style="color:#888">not used</td></tr>'
        columns.append(f'<div style="flex:1;min-width:0"><h4 style="margin:0 0 .3em">{html.escape(outlet)} ({len(rows)})</h4>'
                       f'<table class="mc-kwic" style="font:13px/1.4 Georgia,serif;border-collapse:collapse">{lines}</table></div>')
    return f'<div style="display:flex;gap:2em;align-items:flex-start">{"".join(columns)}</div>'
