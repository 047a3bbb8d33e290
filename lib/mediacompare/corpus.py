"""Load articles into the articles table, keeping provenance and a log of what cleaning removed.

``load(path)`` reads a CSV manifest (one row per article file) or a JSON-lines
file (one record per article); ``from_texts(records)`` builds the same table
from strings. The table has one row per article: doc_id, outlet, title,
published, url, byline, text, source_path, sha256, format, encoding, removed.
Its ``text`` is the cleaned body that every character offset in the suite
indexes; its ``removed`` holds what cleaning took out, which
``removed(articles)`` spreads into a tidy table, one row per raw line.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from . import cleaning, distributed
from .errors import ArticleError, ManifestError, OutletError, TableError
from .paths import ROOT

REQUIRED_COLUMNS = ("doc_id", "outlet", "path")
OPTIONAL_COLUMNS = ("title", "published", "url", "byline", "encoding")
ARTICLE_COLUMNS = [
    "doc_id", "outlet", "title", "published", "url", "byline",
    "text", "source_path", "sha256", "format", "encoding", "removed",
]
REMOVED_COLUMNS = ["doc_id", "outlet", "line", "content", "reason"]
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
BLOCK_TAGS = ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "figcaption", "td", "th", "dt", "dd", "blockquote", "pre", "div", "header", "footer", "aside", "nav", "section", "article")
#: Tried in this order when the user asks for ``encoding="legacy"``.
LEGACY_ENCODINGS = ("utf-8", "cp1252", "latin-1")
#: What to do about an article file that is not UTF-8.
ENCODING_FIX = ("re-save it as UTF-8, or name its encoding in the manifest's 'encoding' column "
                "(utf-16, a codec such as cp1252, or 'legacy' to try cp1252 then Latin-1)")
#: A letter or a digit: an article without one has no word.
WORD = re.compile(r"[^\W_]")


def shown(path: Path | str) -> str:
    """A path as the user should read it: relative to the working folder when under it."""
    path = Path(path)
    return os.path.relpath(path) if path.is_absolute() and Path.cwd() in path.parents else str(path)


def _provenance(path: Path) -> str:
    """Where an article came from, the same on every clone: relative to the project when inside it."""
    path = path.resolve()
    return path.relative_to(ROOT).as_posix() if ROOT in path.parents else str(path)


def _utf16(raw: bytes) -> str:
    """Why ``raw`` looks like UTF-16 (or UTF-32) text, or "" when it does not."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "it starts with a UTF-16 byte-order mark"
    if raw and raw.count(0) * 4 >= len(raw):
        return f"{raw.count(0)} of its {len(raw)} bytes are NUL"
    return ""


def decode(raw: bytes, where: str, encoding: str | None = None, *, fix: str = ENCODING_FIX) -> tuple[str, str]:
    """Decode an article's bytes; return ``(text, encoding used)``.

    UTF-8 (with or without BOM) unless the user names an encoding, or says
    ``"legacy"`` to try UTF-8, then cp1252, then Latin-1. UTF-16 met where no
    encoding was named, and NUL characters in the text, are refused (a text
    article holds none); ``fix`` is the advice the error ends with.
    """
    if encoding in (None, "legacy") and (why := _utf16(raw)):
        raise ArticleError(f"{where}: looks like UTF-16 text, not UTF-8 ({why}) — {fix}")
    candidates = LEGACY_ENCODINGS if encoding == "legacy" else (encoding or "utf-8",)
    for name in candidates:
        try:
            decoded = raw.decode("utf-8-sig" if name == "utf-8" else name)
            break
        except UnicodeDecodeError as err:
            failure = err
        except LookupError:
            raise ArticleError(f"{where}: unknown encoding '{name}' — use a Python codec name such as cp1252") from None
    else:
        bad = raw[failure.start]
        raise ArticleError(f"{where}: not valid {failure.encoding} (byte 0x{bad:02x} at offset {failure.start}) — {fix}")
    if "\0" in decoded:
        raise ArticleError(f"{where}: holds a NUL character (at character {decoded.index(chr(0))}), which no text article has — "
                           "remove it, or check that the file is text and not a binary document")
    return decoded, name


def _page_blocks(html: str) -> list[str]:
    """The visible text of an HTML page, one string per innermost block element."""
    from lxml import html as lxml_html

    tree = lxml_html.fromstring(html)
    for hidden in tree.xpath("//script|//style|//noscript|//template|//head"):
        hidden.drop_tree()
    blocks = []
    for element in tree.iter(*BLOCK_TAGS):
        if not any(True for _ in element.iterdescendants(*BLOCK_TAGS)):
            words = " ".join(element.text_content().split())
            if words:
                blocks.append(words)
    return blocks


def _html_body(html: str) -> tuple[str, list[tuple[int, str, str]], dict]:
    """Extract an HTML page's article body with trafilatura; log the page text it left out."""
    import trafilatura

    body = trafilatura.extract(
        html, include_comments=False, include_tables=False, include_images=False,
        include_links=False, favor_precision=True, deduplicate=False,
    ) or ""
    kept = cleaning.folded(body)
    kept_lines = {cleaning.folded(line) for line in body.splitlines()}  # most blocks are a line: no scan of the body
    left_out = [
        (0, block, "page text left out by trafilatura (navigation, ads, captions, sidebars)")
        for block in _page_blocks(html)
        if (folded := cleaning.folded(block)) not in kept_lines and folded not in kept
    ]
    meta = trafilatura.extract_metadata(html)
    found = {
        "title": (meta.title if meta else None) or "",
        "published": (meta.date if meta else None) or "",
        "byline": (meta.author if meta else None) or "",
    }
    return body, left_out, found


def _article(meta: dict, raw: bytes, where: str, source_path: str, fmt: str, encoding: str | None, *, words: bool = True):
    """One articles row, its ``removed`` column holding the cleaning log, from metadata and raw bytes.

    With ``words``, an article whose text has no letter or digit is refused.
    """
    if not raw.strip():
        raise ArticleError(f"{where}: the article is empty — add its text or remove it from the manifest")
    decoded, used = decode(raw, where, encoding)
    meta = {k: (meta.get(k) or "").strip() for k in ("doc_id", "outlet", "title", "published", "url", "byline")}
    pre_removed: list[tuple[int, str, str]] = []
    if fmt == "html":
        decoded, pre_removed, found = _html_body(decoded)
        meta.update({k: v for k, v in found.items() if not meta[k] and v})
    result = cleaning.clean(decoded, title=meta["title"], published=meta["published"], byline=meta["byline"])
    if not result.text.strip():
        raise ArticleError(
            f"{where}: nothing is left after cleaning (every line looked like boilerplate) — "
            "check the file holds the article body"
        )
    if words and not WORD.search(result.text):
        raise ArticleError(f"{where}: the article has no word (no letter or digit) — check the file holds the article "
                           "text, or remove it from the manifest")
    return dict(meta, byline=result.byline, text=result.text, source_path=source_path,
                sha256=hashlib.sha256(raw).hexdigest(), format=fmt, encoding=used,
                removed=tuple(sorted(pre_removed + result.removed)))


def _table(rows: list[dict]) -> pd.DataFrame:
    articles = pd.DataFrame(rows, columns=ARTICLE_COLUMNS).sort_values("doc_id", kind="stable")
    return articles.reset_index(drop=True)


def _check_unique(doc_ids: list[tuple[str, str]], what: str) -> None:
    seen: dict[str, str] = {}
    for doc_id, where in doc_ids:
        if doc_id in seen:
            raise ManifestError(f"{where}: doc_id '{doc_id}' is used again (first at {seen[doc_id]}) — doc_ids must be unique in {what}")
        seen[doc_id] = where


def _published(value: str, where: str) -> str:
    if not value:
        return ""
    try:
        return pd.Timestamp(value).date().isoformat()
    except (ValueError, TypeError):
        raise ManifestError(f"{where}: published '{value}' is not a date — write it as YYYY-MM-DD") from None


def _manifest_rows(path: Path) -> list[tuple[int, dict]]:
    """The manifest's article rows as ``(line number, {column: cell})``, header names stripped.

    Read with the csv module rather than pandas, so that rows of any length
    are seen as they are: cells past the header's columns are allowed when
    empty (the trailing comma of every row that spreadsheet exports add) and
    refused when they hold something, which would otherwise be lost; a short
    row's missing cells are empty; rows of empty cells are skipped.
    """
    try:
        decoded, _ = decode(path.read_bytes(), shown(path), fix="re-save the manifest as UTF-8")
    except ArticleError as err:
        raise ManifestError(str(err)) from None
    records = []
    reader = csv.reader(io.StringIO(decoded, newline=""))
    first_line = 1
    try:
        for cells in reader:
            records.append((first_line, cells))
            first_line = reader.line_num + 1
    except csv.Error as err:
        raise ManifestError(f"{shown(path)} line {reader.line_num}: cannot be read as CSV ({err}) — "
                            "check the quotes around that row's cells") from None
    if not records:
        raise ManifestError(f"{shown(path)}: is empty — it needs a header row: {', '.join(REQUIRED_COLUMNS)}")
    header = [name.strip() for name in records[0][1]]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise ManifestError(
            f"{shown(path)}: missing column {', '.join(repr(c) for c in missing)} — "
            f"the header needs {', '.join(REQUIRED_COLUMNS)} (optional: {', '.join(OPTIONAL_COLUMNS)})"
        )
    repeated = next((name for n, name in enumerate(header) if name and name in header[:n]), None)
    if repeated:
        raise ManifestError(f"{shown(path)}: column '{repeated}' appears twice in the header — keep one")
    rows = []
    for line, cells in records[1:]:
        if not any(cell.strip() for cell in cells):
            continue
        for n, cell in enumerate(cells):
            if cell.strip() and (n >= len(header) or not header[n]):
                raise ManifestError(
                    f"{shown(path)} line {line}: cell {n + 1} ('{cell.strip()[:40]}') has no column name in the header — "
                    "name the column in the header, or quote a cell that holds a comma"
                )
        rows.append((line, {name: (cells[n] if n < len(cells) else "") for n, name in enumerate(header) if name}))
    if not rows:
        raise ManifestError(f"{shown(path)}: has no article rows — add one row per article file")
    return rows


def _article_file(manifest: Path, cell: str, where: str) -> Path:
    """The file a manifest's ``path`` cell names; a relative path may not leave the manifest's folder."""
    given = Path(cell)
    if not given.is_absolute() and Path(os.path.normpath(cell)).parts[:1] == ("..",):
        raise ArticleError(f"{where}: path '{cell}' leaves the manifest's folder — move the file under the manifest's "
                           "folder, or give an absolute path")
    file = (manifest.parent / given).resolve()
    if file.is_dir():
        raise ArticleError(f"{where}: {shown(file)} is a folder, not a file — the 'path' column names one article file")
    if not file.is_file():
        raise ArticleError(f"{where}: file {shown(file)} not found — fix the 'path' column (relative to the manifest) or add the file")
    return file


def _load_manifest(path: Path, encoding: str | None) -> pd.DataFrame:
    rows = _manifest_rows(path)
    for line, r in rows:
        for column in REQUIRED_COLUMNS:
            if not r[column].strip():
                raise ManifestError(f"{shown(path)} line {line}: the '{column}' cell is empty — fill it in")
    _check_unique([(r["doc_id"].strip(), f"{shown(path)} line {line}") for line, r in rows], "the manifest")
    articles = []
    for line, meta in rows:
        where = f"{shown(path)} line {line} (doc_id '{meta['doc_id'].strip()}')"
        meta["published"] = _published(meta.get("published", ""), where)
        file = _article_file(path, meta["path"].strip(), where)
        fmt = "html" if file.suffix.lower() in HTML_SUFFIXES else "text"
        articles.append(_article(meta, file.read_bytes(), f"{shown(file)} ({where})",
                                 _provenance(file), fmt, meta.get("encoding") or encoding))
    return _table(articles)


def _check_record(record, where: str, error: type, missing: str) -> None:
    """Refuse a record that is not a mapping with string ``outlet`` and ``text`` holding something."""
    if not isinstance(record, Mapping):
        raise error(f"{where}: a {type(record).__name__}, not a record — each record is an object such as "
                    "{\"outlet\": \"A\", \"text\": \"…\"}")
    for key in ("outlet", "text"):
        value = record.get(key)
        if value is not None and not isinstance(value, str):
            kind = "a number" if isinstance(value, (int, float)) else f"a {type(value).__name__}"
            raise error(f"{where}: '{key}' is {kind} ({str(value)[:40]}), not a string — write the {key} as a string")
        if not (value or "").strip():
            raise error(f"{where}: {missing.format(key=key)} — every record needs 'outlet' and 'text'")


def json_record(line: str, where: str) -> dict:
    """One line of a JSON-lines corpus as a dict; ``ManifestError`` naming ``where`` (and the column) otherwise."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as err:
        raise ManifestError(f"{where}: not valid JSON ({err.msg} column {err.colno}) — each line must be one JSON object") from None
    if not isinstance(record, dict):
        raise ManifestError(f"{where}: not a JSON object — each line must be one object with 'outlet' and 'text'")
    return record


def _load_jsonl(path: Path, encoding: str | None) -> pd.DataFrame:
    raw = path.read_bytes()
    if encoding in (None, "legacy") and (why := _utf16(raw)):
        raise ManifestError(f"{shown(path)}: looks like UTF-16 text, not UTF-8 ({why}) — re-save it as UTF-8")
    records = []
    for number, line in enumerate(raw.split(b"\n"), start=1):
        if not line.strip():
            continue
        where = f"{shown(path)} line {number}"
        decoded, _ = decode(line, where, encoding, fix="re-save the file as UTF-8, or name its encoding (check --encoding)")
        records.append((json_record(decoded, where), line, where))
    if not records:
        raise ManifestError(f"{shown(path)}: holds no records — write one JSON object per line")
    for record, _, where in records:
        _check_record(record, where, ManifestError, "no '{key}' field")
    ids = [(str(rec.get("doc_id") or f"{n:03d}"), where) for n, (rec, _, where) in enumerate(records)]
    _check_unique(ids, shown(path))
    rows = []
    for (record, line, where), (doc_id, _) in zip(records, ids):
        meta = {k: str(record.get(k) or "") for k in ("outlet", "title", "url", "byline")}
        meta.update(doc_id=doc_id, published=_published(str(record.get("published") or ""), where))
        row = _article(meta, record["text"].encode(), where, f"{_provenance(path)}:{where.rsplit(' ', 1)[-1]}", "text", "utf-8")
        rows.append(dict(row, sha256=hashlib.sha256(line).hexdigest()))
    return _table(rows)


def _load_folder(folder: Path):
    """A folder of JSON-lines or Parquet files: ``distributed.read_articles``'s lazy table when a Dask client is
    active, else the same articles read here into a pandas table sorted by doc_id."""
    if distributed.client() is not None:
        return distributed.read_articles(folder)
    table = distributed.read_articles(folder).compute(scheduler="sync")
    _require_unique_ids(table["doc_id"], shown(folder))
    return table.sort_values("doc_id", kind="stable").reset_index(drop=True)


def _require_unique_ids(ids: pd.Series, where: str) -> None:
    """A ManifestError naming the first doc_id of a folder's records that another record has too."""
    twice = ids[ids.duplicated()]
    if len(twice):
        raise ManifestError(f"{where}: doc_id '{twice.iloc[0]}' is used by {int((ids == twice.iloc[0]).sum())} records — "
                            "give each record its own doc_id, unique across the files")


def load(path: str | os.PathLike, *, encoding: str | None = None):
    """Load a corpus from a CSV manifest, a JSON-lines file, or a folder of JSON-lines or Parquet files.

    Parameters
    ----------
    path : path-like
        ``.csv``: a manifest with columns doc_id, outlet, path (relative to the
        manifest) and optionally title, published, url, byline, encoding.
        ``.jsonl``: one JSON object per line with outlet and text, and
        optionally doc_id, title, published, url, byline.
        A folder: ``*.jsonl`` or ``*.parquet`` files (UTF-8) of such records,
        each with a doc_id unique across the files.
    encoding : str, optional
        Files are read as UTF-8 unless this names a codec, or is ``"legacy"``
        (try UTF-8, then cp1252, then Latin-1).

    Returns
    -------
    pandas.DataFrame
        The articles table, sorted by doc_id; ``removed(articles)`` gives the
        cleaning log. A folder read while a Dask client is active gives
        ``distributed.read_articles``'s lazy table instead: its texts are read
        on the workers, never here, and every analysis takes it (``listing``
        gives its articles without their texts).
    """
    path = Path(path)
    if path.is_dir():
        return _load_folder(path)
    if not path.is_file():
        raise ManifestError(f"{shown(path)}: manifest not found — give the path to a .csv manifest, a .jsonl file "
                            "or a folder of .jsonl or .parquet files")
    if path.suffix.lower() == ".jsonl":
        return _load_jsonl(path, encoding)
    return _load_manifest(path, encoding)


def from_texts(records: list[dict]) -> pd.DataFrame:
    """Build an articles table from dicts with at least ``outlet`` and ``text`` (strings).

    Other manifest fields (doc_id, title, published, url, byline) are optional;
    doc_id defaults to the record's position (``"000"``, ``"001"``, …). Texts
    are cleaned as files are; unlike a file, a text with no word is accepted
    (the analyses give it no tokens).
    """
    if isinstance(records, (str, bytes, Mapping, pd.DataFrame)):
        raise ArticleError(f"records: a {type(records).__name__}, not a list — pass a list of dicts such as "
                           "[{'outlet': 'A', 'text': '…'}]")
    records = list(records)
    for n, record in enumerate(records):
        _check_record(record, f"record {n}", ArticleError, "no '{key}'")
    ids = [(str(r.get("doc_id") or f"{n:03d}"), f"record {n}") for n, r in enumerate(records)]
    _check_unique(ids, "the records")
    rows = []
    for record, (doc_id, where) in zip(records, ids):
        meta = {k: str(record.get(k) or "") for k in ("outlet", "title", "url", "byline")}
        meta.update(doc_id=doc_id, published=_published(str(record.get("published") or ""), where))
        rows.append(_article(meta, record["text"].encode(), where, "", "text", "utf-8", words=False))
    return _table(rows)


def removed(articles: pd.DataFrame) -> pd.DataFrame:
    """What cleaning removed from these articles: doc_id, outlet, line, content, reason.

    ``line`` is the 1-based line in the raw file (0 for page text that
    trafilatura left out of an HTML page). A lazy table
    (``distributed.read_articles``) is read on the cluster.
    """
    if distributed.is_lazy(articles):
        return distributed.over_partitions(removed, articles, ["doc_id", "line"])
    rows = [
        (art["doc_id"], art["outlet"], line, content, reason)
        for art in articles.to_dict("records")
        for line, content, reason in art.get("removed") or ()
    ]
    return pd.DataFrame(rows, columns=REMOVED_COLUMNS).sort_values(["doc_id", "line"], kind="stable").reset_index(drop=True)


def listing(articles) -> pd.DataFrame:
    """The articles table without ``text`` and ``removed``: ids, outlets, titles, dates and provenance.

    It is small enough for one process whatever the corpus: the report's
    tables of articles and their titles come from it. A lazy table
    (``distributed.read_articles``) is read on the cluster, once, and a doc_id
    that two of its records share is a ManifestError. Sorted by doc_id.
    """
    if not distributed.is_lazy(articles):
        return articles.drop(columns=["text", "removed"]).sort_values("doc_id", kind="stable").reset_index(drop=True)
    table = distributed.over_partitions(listing, articles, ["doc_id"])
    _require_unique_ids(table["doc_id"], "the folder of articles")
    return table


def two_outlets(path: str | os.PathLike, outlet_a: str, outlet_b: str):
    """A notebook's corpus: the two outlets' articles of ``load(path)`` (a lazy table for a folder read while a
    Dask client is active) and their ``listing``, as ``(articles, listed)``. An OutletError when either outlet
    has no article."""
    articles = load(path)
    listed = listing(articles)
    require_outlets(listed, outlet_a, outlet_b)
    chosen = [outlet_a, outlet_b]
    return articles[articles["outlet"].isin(chosen)], listed[listed["outlet"].isin(chosen)].reset_index(drop=True)


def articles_of(articles, doc_ids) -> pd.DataFrame:
    """The articles of these doc_ids, with their texts, as a pandas table sorted by doc_id (a lazy table is
    read on the cluster, in one pass), for a page that shows a few articles whole."""
    if distributed.is_lazy(articles):
        return distributed.over_partitions(articles_of, articles, ["doc_id"], frozenset(doc_ids))
    chosen = articles[articles["doc_id"].isin(set(doc_ids))]
    return chosen.sort_values("doc_id", kind="stable").reset_index(drop=True)


#: Where each side of a table keeps its span: doc_id, start, end, and whether it indexes the headline.
SPAN_COLUMNS = {
    None: ("doc_id", "start", "end", "where"),
    "a": ("doc_id_a", "start_a", "end_a", "where_a"),
    "b": ("doc_id_b", "start_b", "end_b", "where_b"),
    "other": ("other_doc_id", "other_start", "other_end", "other_where"),
}


def _wheres(table: pd.DataFrame, side: str | None, quotes: pd.DataFrame | None) -> list[str]:
    """For each row, "headline" when its span indexes the article's title, else "body"."""
    column = SPAN_COLUMNS[side][3]
    if column in table.columns:
        return list(table[column])
    if side != "other" or "other_quote_id" not in table.columns or not table["other_quote_id"].notna().any():
        return ["body"] * len(table)
    if quotes is None:
        raise TableError("a quote match's other quotation may be a headline, whose offsets index the title: "
                         "pass quotes= (the quotes table the matches were made from)")
    require_columns(quotes, ("doc_id", "quote_id", "where"), "quotes", "from quotes.extract(articles)")
    where = dict(zip(zip(quotes["doc_id"], quotes["quote_id"]), quotes["where"]))
    wheres = []
    for doc_id, quote_id in zip(table["other_doc_id"], table["other_quote_id"]):
        if pd.notna(quote_id) and (doc_id, int(quote_id)) not in where:
            raise TableError(f"quote {quote_id} of doc_id '{doc_id}' is not in the quotes table — pass the quotes the matches were made from")
        wheres.append(where[doc_id, int(quote_id)] if pd.notna(quote_id) else "body")
    return wheres


def spans(articles: pd.DataFrame, table: pd.DataFrame, side: str | None = None, *, quotes: pd.DataFrame | None = None) -> pd.Series:
    """The exact text every row of a table points at, in one pass (see ``span``); a Series on the table's index."""
    if side not in SPAN_COLUMNS:
        raise TableError(f"side={side!r} is not a side of a table — use None, 'a', 'b' (passages) or 'other' (quote matches)")
    doc_col, start_col, end_col, _ = SPAN_COLUMNS[side]
    require_columns(table, (doc_col, start_col, end_col), "table with spans", f"it needs {doc_col}, {start_col}, {end_col}")
    require_columns(articles, ("doc_id", "title", "text"), "articles", "from corpus.load(...) or corpus.from_texts(...)")
    sources = {"body": dict(zip(articles["doc_id"], articles["text"])), "headline": dict(zip(articles["doc_id"], articles["title"]))}
    found = []
    for doc_id, start, end, where in zip(table[doc_col], table[start_col], table[end_col], _wheres(table, side, quotes)):
        if pd.isna(start) or pd.isna(end):
            raise TableError(f"a row of doc_id '{doc_id}' has no {start_col}/{end_col} (a unique quote has no other side) — "
                             "pick the rows that have a span")
        text = sources["headline" if where == "headline" else "body"].get(doc_id)
        if text is None:
            raise TableError(f"doc_id '{doc_id}' is not in the articles table — pass the articles the table was made from")
        start, end = int(start), int(end)
        if not 0 <= start <= end <= len(text):
            raise TableError(f"span {start}:{end} lies outside the {'title' if where == 'headline' else 'text'} of doc_id "
                             f"'{doc_id}' ({len(text)} characters) — pass the articles the table was made from")
        found.append(text[start:end])
    return pd.Series(found, index=table.index, dtype=object)


def span(articles: pd.DataFrame, row, side: str | None = None, *, quotes: pd.DataFrame | None = None) -> str:
    """The exact text one row of any table points at: ``text[start:end]`` of its article, or of its title for a headline quotation.

    Parameters
    ----------
    articles : DataFrame
        The articles table the row's table was made from.
    row : Series, dict or named tuple
        A row of sentences, tokens, quotes, passages or quote matches.
    side : {None, "a", "b", "other"}
        None reads doc_id, start, end (and where, for quotes); "a" and "b" read
        a passage's doc_id_a, start_a, end_a or its B side; "other" reads a
        quote match's other_doc_id, other_start, other_end.
    quotes : DataFrame, optional
        For ``side="other"``: the quotes table, which says whether the other
        quotation is a headline (its offsets then index the title).

    Returns
    -------
    str
        The span. A quotation split by its attribution spans the attribution
        too; its ``parts`` give the quoted pieces. Raises :class:`TableError`
        when the row has no span on that side, or it lies outside the text.
        For every row of a table, ``spans(articles, table, side)`` does the
        same in one pass.
    """
    if hasattr(row, "_asdict"):
        row = row._asdict()
    return spans(articles, pd.DataFrame([dict(row)]), side, quotes=quotes).iloc[0]


def outlets(articles: pd.DataFrame) -> list[str]:
    """The outlets in the corpus, sorted."""
    return sorted(articles["outlet"].unique())


def require_columns(table, columns, what: str, fix: str) -> None:
    """Raise :class:`TableError` unless ``table`` is a DataFrame with every one of ``columns``.

    ``what`` names the kind of table expected ("tokens"), ``fix`` where one
    comes from ("from text.tokens(articles)").
    """
    if not isinstance(table, pd.DataFrame):
        raise TableError(f"expected a {what} table ({fix}); got a {type(table).__name__}")
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise TableError(f"expected a {what} table ({fix}); this one has no column '{missing[0]}'")


def require_outlets(articles: pd.DataFrame, *names: str) -> None:
    """Raise :class:`OutletError` if any outlet is absent (naming the ones available), or if the two compared are one."""
    require_columns(articles, ("outlet",), "articles", "from corpus.load(...) or corpus.from_texts(...)")
    if len(names) == 2 and names[0] == names[1]:
        raise OutletError(f"outlet_a and outlet_b are both '{names[0]}' — compare two different outlets")
    present = outlets(articles)
    for name in names:
        if name not in present:
            raise OutletError(
                f"outlet '{name}' is not in the corpus (it has: {', '.join(present)}) — "
                "check the spelling, or the manifest's 'outlet' column"
            )


def slug(name: str) -> str:
    """A file-name-safe form of an outlet or comparison name: ``The Moscow Times`` → ``the-moscow-times``."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "unnamed"
