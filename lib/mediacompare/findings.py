"""What each report page found, in a few plain sentences generated from its result tables.

Each function takes the tables a page shows and returns a list of
:class:`Finding`: a sentence, the anchors of the table rows it comes from, and
whether it is a caveat. No sentence names a term, outlet or number that the
tables do not hold, and caveats appear only where they apply.

Usage (in a notebook, in the first cell after the parameters, tagged
``findings`` so that the index page repeats its output; the anchors point at
the rows ``render.table`` writes, ``id="<name>-<index label>"``, so show each
table later in the page under the name given here)::

    from IPython.display import HTML
    from mediacompare import findings, render

    found = findings.overlap(measures, shared, outlet_a, outlet_b, min_tokens=min_tokens)
    HTML(findings.html(found))
    ...
    render.table(shared, "passages", empty="…")                 # rows passages-0, passages-1, …

Table names the anchors use: overview → ``lengths`` (``text.lengths``),
``removed`` (``corpus.removed``), ``stories``; overlap → ``summary``
(``overlap.summary``), ``passages``; quotes → ``quotes`` (``quotes.extract``),
``matches`` (``quotes.match``; split it into several tables with
``render.table(..., anchor="matches")``), ``voices``; terms → ``keyness`` and
``keyness_shared``. For an index page that shows one sentence per page
rather than every finding: ``findings.html(findings.headline(pages), heading=title)``
with ``pages`` a list of ``(page href, its findings)``.
"""

from __future__ import annotations

import html as _html
import math
from dataclasses import dataclass, replace

import pandas as pd

from .formatting import count, listing, number, opening, percent
from .quotes import UNATTRIBUTED

#: How each kind of quote match is said in a sentence.
MATCH_WORDS = {"exact": "word for word", "contained": "in part", "fuzzy": "altered",
               "paraphrase": "paraphrased, without quotation marks"}
SHARED_MATCHES = ("exact", "contained", "fuzzy")


@dataclass(frozen=True)
class Finding:
    """One sentence of a page's findings.

    ``anchors`` are link targets of the rows it comes from (``#passages-3``, or
    ``02_lexical_overlap.html#passages-3`` on the index page); ``caveat`` marks a
    sentence that warns how far the page can be read.
    """

    text: str
    anchors: tuple[str, ...] = ()
    caveat: bool = False


def _anchors(name: str, labels) -> tuple[str, ...]:
    """Links to the rows with these index labels of the table shown as ``name``."""
    return tuple(f"#{name}-{label}" for label in labels)


def _possessive(name: str) -> str:
    """``Sputnik’s``; ``The Moscow Times’s``."""
    return f"{name}’s"


def overview(articles: pd.DataFrame, outlet_a: str, outlet_b: str, *, lengths: pd.DataFrame | None = None,
             removed: pd.DataFrame | None = None, stories: pd.DataFrame | None = None) -> list[Finding]:
    """Findings of the overview page: articles and words per outlet, dates, what cleaning did, story coverage.

    Parameters
    ----------
    articles : DataFrame
        The articles table (only the two outlets' rows are counted).
    lengths : DataFrame, optional
        ``text.lengths(articles)``; gives the words per outlet.
    removed : DataFrame, optional
        ``corpus.removed(articles)``.
    stories : DataFrame, optional
        Story coverage: doc_id, outlet, story_id, covered_by ("both" or the one outlet).

    Returns
    -------
    list of Finding
    """
    pair = articles[articles["outlet"].isin([outlet_a, outlet_b])]
    n = {o: int((pair["outlet"] == o).sum()) for o in (outlet_a, outlet_b)}
    if lengths is not None:
        lengths = lengths[lengths["outlet"].isin([outlet_a, outlet_b])]
        words = lengths.groupby("outlet")["words"].sum()
        first = lengths.index[~lengths["outlet"].duplicated()]
        detail = {o: f" ({count(int(words.get(o, 0)), 'word')}{' in all' if n[o] > 1 else ''})" for o in n}
        anchors = _anchors("lengths", first)
    else:
        detail, anchors = {o: "" for o in n}, ()
    found = [Finding(f"{outlet_a} has {count(n[outlet_a], 'article')}{detail[outlet_a]} and "
                     f"{outlet_b} {n[outlet_b]}{detail[outlet_b]}.", anchors)]
    dates = sorted(d for d in pair.get("published", pd.Series(dtype=str)).fillna("") if d)
    if dates:
        when = f"on {dates[0]}" if dates[0] == dates[-1] else f"between {dates[0]} and {dates[-1]}"
        undated = len(pair) - len(dates)
        if undated:
            found.append(Finding(f"The dated ones were published {when}; {count(undated, 'article')} carry no date."))
        else:
            found.append(Finding(f"All were published {when}."))
    elif len(pair):
        found.append(Finding("No article carries a publication date."))
    if removed is not None:
        found.append(_cleaning(removed, outlet_a, outlet_b))
    if stories is not None:
        found.extend(_coverage(stories, outlet_a, outlet_b))
    if n[outlet_a] == 1 and n[outlet_b] == 1:
        found.append(Finding("With one article per outlet, this report compares two texts, not two outlets’ "
                             "coverage: read it as one case, not as a pattern.", caveat=True))
    else:
        found.extend(Finding(f"{o} has a single article, so its side of every comparison rests on one text.",
                             caveat=True) for o in n if n[o] == 1)
    return found


def _cleaning(removed: pd.DataFrame, outlet_a: str, outlet_b: str) -> Finding:
    """One sentence on what cleaning took out of the raw files, by reason, most frequent first."""
    if removed.empty:
        return Finding("Cleaning changed nothing: the files held only the articles’ text.")
    reasons = removed.groupby("reason").size().reset_index(name="n").sort_values(["n", "reason"], ascending=[False, True])
    shown = [f"{r.n} × {r.reason}" for r in reasons.head(4).itertuples()]
    if len(reasons) > 4:
        shown.append(count(int(reasons["n"].iloc[4:].sum()), "other line"))
    per_outlet = removed.groupby("outlet").size().reindex([outlet_a, outlet_b], fill_value=0)
    where = (f"all in {per_outlet.idxmax()}" if (per_outlet == 0).any()
             else f"{per_outlet[outlet_a]} in {outlet_a}, {per_outlet[outlet_b]} in {outlet_b}")
    return Finding(f"Cleaning took out or rejoined {count(len(removed), 'line')} of the raw files ({where}): "
                   f"{'; '.join(shown)}.", _anchors("removed", removed.index[:1]))


def _coverage(stories: pd.DataFrame, outlet_a: str, outlet_b: str) -> list[Finding]:
    """How many stories both outlets covered, and how many only one did."""
    per_story = stories.drop_duplicates("story_id")
    by = per_story.groupby("covered_by").size()
    both, only_a, only_b = (int(by.get(k, 0)) for k in ("both", outlet_a, outlet_b))
    first = per_story.index[~per_story["covered_by"].duplicated()]
    text = (f"Of {count(len(per_story), 'story', 'stories')}, {both} {'is' if both == 1 else 'are'} covered by both "
            f"outlets, {only_a} only by {outlet_a} and {only_b} only by {outlet_b}.")
    found = [Finding(text, _anchors("stories", first))]
    if both == 0:
        found.append(Finding("No story is covered by both outlets: what follows compares different events.", caveat=True))
    return found


def _measure(summary: pd.DataFrame, measure: str) -> tuple[float, tuple[str, ...]]:
    """The outlets-pooled value of a measure in ``overlap.summary`` and its row's anchor (NaN if absent)."""
    row = summary[(summary["scope"] == "outlets") & (summary["measure"] == measure)]
    if row.empty or pd.isna(row["value"].iloc[0]):
        return float("nan"), ()
    return float(row["value"].iloc[0]), _anchors("summary", row.index[:1])


def overlap(summary: pd.DataFrame, passages: pd.DataFrame, outlet_a: str, outlet_b: str, *,
            min_tokens: int = 4) -> list[Finding]:
    """Findings of the lexical-overlap page: shared passages, the longest quoted, copy rates, shared vocabulary.

    Parameters
    ----------
    summary : DataFrame
        ``overlap.summary``.
    passages : DataFrame
        ``overlap.passages``.
    min_tokens : int
        The passages' least length in content words, as passed to ``overlap.passages``.

    Returns
    -------
    list of Finding
    """
    found = []
    pairs = summary[summary["scope"] == "articles"][["doc_id_a", "doc_id_b"]].drop_duplicates()
    if passages.empty:
        found.append(Finding(f"The two outlets share no passage of {min_tokens} or more content words.", caveat=True))
    else:
        label = passages["n_tokens"].idxmax()
        longest = passages.loc[label]
        how = ("appears word for word in both" if longest["score"] >= 1
               else f"matches in {percent(float(longest['score']))} of its words")
        sharing = passages[["doc_id_a", "doc_id_b"]].drop_duplicates()
        where = f" in {len(sharing)} of {len(pairs)} article pairs" if len(pairs) > 1 else ""
        if len(passages) == 1:
            text = f"The outlets share 1 passage{where}: {longest['n_tokens']} words, {opening(longest['text_a'])}, which {how}."
        else:
            text = (f"{count(len(passages), 'shared passage')}{where}; the longest, {longest['n_tokens']} words, "
                    f"{opening(longest['text_a'])}, {how}.")
        found.append(Finding(text, _anchors("passages", [label])))
        rate_a, anchor_a = _measure(summary, "copy rate a")
        rate_b, anchor_b = _measure(summary, "copy rate b")
        if not math.isnan(rate_a) and not math.isnan(rate_b):
            found.append(Finding(f"{percent(rate_a)} of {_possessive(outlet_a)} words and {percent(rate_b)} of "
                                 f"{_possessive(outlet_b)} lie inside these passages.", anchor_a + anchor_b))
    jaccard, anchor_j = _measure(summary, "vocabulary jaccard")
    in_b, anchor_ab = _measure(summary, "vocabulary containment a in b")
    in_a, anchor_ba = _measure(summary, "vocabulary containment b in a")
    if not any(math.isnan(v) for v in (jaccard, in_b, in_a)):
        found.append(Finding(f"Of all the distinct content words either outlet uses, {percent(jaccard)} are used by both; "
                             f"{percent(in_b)} of {_possessive(outlet_a)} also appear in {outlet_b}, and "
                             f"{percent(in_a)} of {_possessive(outlet_b)} in {outlet_a}.", anchor_j + anchor_ab + anchor_ba))
    if len(pairs) > 1:
        cosine = summary[(summary["scope"] == "articles") & (summary["measure"] == "tf-idf cosine")].dropna(subset=["value"])
        if not cosine.empty:
            best = cosine.sort_values(["value", "doc_id_a", "doc_id_b"], ascending=[False, True, True]).iloc[:1]
            row = best.iloc[0]
            found.append(Finding(f"The closest pair of articles is {row['doc_id_a']} ({outlet_a}) and {row['doc_id_b']} "
                                 f"({outlet_b}), with a TF-IDF cosine of {number(float(row['value']))}.",
                                 _anchors("summary", best.index)))
    return found


def quotes(extracted: pd.DataFrame, matches: pd.DataFrame, outlet_a: str, outlet_b: str, *,
           voices: pd.DataFrame | None = None) -> list[Finding]:
    """Findings of the quote-reuse page: quotations per outlet, the longest shared one, how each outlet's reappear.

    Parameters
    ----------
    extracted : DataFrame
        ``quotes.extract``; a ``kind`` of "scare" (a word held at a distance,
        not a statement) is counted apart, and a ``speaker_id`` column is not needed.
    matches : DataFrame
        ``quotes.match``.
    voices : DataFrame, optional
        ``quotes.voices``; names the most quoted speaker.

    Returns
    -------
    list of Finding
    """
    scare = extracted[extracted["kind"] == "scare"] if "kind" in extracted else extracted.iloc[:0]
    scare_keys = set(zip(scare["doc_id"], scare["quote_id"]))
    matches = matches.loc[[(d, q) not in scare_keys for d, q in zip(matches["doc_id"], matches["quote_id"])]]
    n = {o: int((matches["outlet"] == o).sum()) for o in (outlet_a, outlet_b)}
    found = []
    if not n[outlet_a] and not n[outlet_b]:
        found.append(Finding("Neither outlet quotes anyone: the articles hold no quotation.", caveat=True))
    else:
        first = matches.index[~matches["outlet"].duplicated()]
        found.append(Finding(f"{outlet_a} carries {count(n[outlet_a], 'quotation')} and {outlet_b} {n[outlet_b]}.",
                             _anchors("matches", first)))
        found.extend(_longest_shared(extracted, matches, outlet_a))
        for this, other in ((outlet_a, outlet_b), (outlet_b, outlet_a)):
            if n[this]:
                found.append(_reuse(matches[matches["outlet"] == this], this, other))
        if not matches["match_type"].isin(SHARED_MATCHES + ("paraphrase",)).any():
            found.append(Finding("The two outlets share no quotation, whole, in part, altered or paraphrased.", caveat=True))
    if voices is not None:
        named = voices[voices["speaker"] != UNATTRIBUTED]
        if not named.empty:
            top = named.iloc[0]
            found.append(Finding(f"{top['speaker']} is quoted most: {count(int(top['words_a']), 'word')} in {outlet_a}, "
                                 f"{top['words_b']} in {outlet_b}.", _anchors("voices", named.index[:1])))
    if len(scare):
        found.append(Finding(f"{count(len(scare), 'word or phrase', 'words or phrases')} in quotation marks "
                             f"{'is a scare quote' if len(scare) == 1 else 'are scare quotes'} (held at a distance, "
                             "not a statement) and left out of these counts.", _anchors("quotes", scare.index[:1])))
    return found


def _longest_shared(extracted: pd.DataFrame, matches: pd.DataFrame, outlet_a: str) -> list[Finding]:
    """The longest quotation of A that B carries, word for word if any is, else in part, else altered."""
    a = matches[matches["outlet"] == outlet_a]
    for kind in SHARED_MATCHES:
        rows = a[a["match_type"] == kind]
        if rows.empty:
            continue
        label = rows["text"].str.split().str.len().idxmax()
        row = rows.loc[label]
        other = matches[(matches["doc_id"] == row["other_doc_id"]) & (matches["quote_id"] == row["other_quote_id"])]
        speaker = extracted.loc[(extracted["doc_id"] == row["doc_id"]) & (extracted["quote_id"] == row["quote_id"]), "speaker"]
        who = f"{_possessive(speaker.iloc[0])}" if len(speaker) and speaker.iloc[0] else "a"
        words = len(row["text"].split())
        return [Finding(f"Both carry {who} {words}-word quotation {opening(row['text'])} {MATCH_WORDS[kind]}.",
                        _anchors("matches", [label, *other.index[:1]]))]
    return []


def _reuse(rows: pd.DataFrame, this: str, other: str) -> Finding:
    """How the quotations of one outlet reappear in the other, by kind of match."""
    by = rows.groupby("match_type").size()
    unique = int(by.get("unique", 0))
    shared = [f"{by[k]} {MATCH_WORDS[k]}" for k in (*SHARED_MATCHES, "paraphrase") if k in by]
    firsts = rows[~rows["match_type"].duplicated() & (rows["match_type"] != "unique")]
    anchors = _anchors("matches", firsts.index)
    if not shared:
        return Finding(f"None of {_possessive(this)} {count(len(rows), 'quotation')} appears in {other}, "
                       "quoted or paraphrased.")
    alone = f"; {unique} {'is' if unique == 1 else 'are'} {_possessive(this)} alone" if unique else ""
    return Finding(f"Of {_possessive(this)} {count(len(rows), 'quotation')}, {other} carries {listing(shared)}{alone}.",
                   anchors)


def _strongest(rows: pd.DataFrame, outlet: str, top: int) -> pd.DataFrame:
    """The ``top`` rows of a keyness table leaning to ``outlet``, largest |z| first."""
    mine = rows[rows["favours"] == outlet]
    return mine.loc[mine["log_odds_z"].abs().sort_values(ascending=False, kind="stable").index[:top]]


def _leans(rows: pd.DataFrame, outlet: str, top: int) -> str:
    """``“term” (3 against 0)`` for the ``top`` terms of ``rows`` leaning to ``outlet``, strongest first."""
    picked = _strongest(rows, outlet, top)
    return listing([f"“{r.term}” ({r.count_a} against {r.count_b})" for r in picked.itertuples()])


def _keyness(table: pd.DataFrame, outlet_a: str, outlet_b: str, name: str, z_threshold: float, top: int,
             where: str) -> list[Finding]:
    """Findings on one keyness table: how many terms lean significantly, and the strongest of each side."""
    if table.empty:
        return [Finding(f"{where.capitalize()}, no word is left to compare once stopwords are set aside.", caveat=True)]
    significant = table["significant"] if "significant" in table else table["log_odds_z"].abs() >= z_threshold
    sig = table[significant]
    line = f"|z| ≥ {number(z_threshold)}"
    if sig.empty:
        strongest = [_strongest(table, o, 1) for o in (outlet_a, outlet_b) if (table["favours"] == o).any()]
        found = [Finding(f"{where.capitalize()}, no word leans significantly to either outlet: none of the "
                         f"{count(len(table), 'word')} compared reaches {line}.", caveat=True)]
        if strongest:
            parts = [f"“{r.term}” to {r.favours} ({r.count_a} against {r.count_b}, z = {number(float(r.log_odds_z))})"
                     for s in strongest for r in s.itertuples()]
            found.append(Finding(f"The strongest {'leans are' if len(parts) > 1 else 'lean is'} {listing(parts)}.",
                                 _anchors(name, [s.index[0] for s in strongest])))
        return found
    parts = [f"to {o}: {_leans(sig, o, top)}" if (sig["favours"] == o).any() else f"none to {o}"
             for o in (outlet_a, outlet_b)]
    named = [label for o in (outlet_a, outlet_b) for label in _strongest(sig, o, top).index]
    return [Finding(f"{where.capitalize()}, {len(sig)} of the {count(len(table), 'word')} compared lean significantly "
                    f"to one outlet ({line}); {'; '.join(parts)}.", _anchors(name, named))]


def terms(keyness: pd.DataFrame, outlet_a: str, outlet_b: str, *, shared: pd.DataFrame | None = None,
          z_threshold: float = 1.96, top: int = 3) -> list[Finding]:
    """Findings of the term-frequency page: which words lean significantly to which outlet, by log-odds z.

    Parameters
    ----------
    keyness : DataFrame
        ``terms.keyness`` on both outlets' articles pooled.
    shared : DataFrame, optional
        ``terms.keyness`` on the stories both outlets covered only.
    z_threshold : float
        The |z| the keyness tables were computed with (their ``significant`` column).
    top : int
        How many terms of each outlet to name.

    Returns
    -------
    list of Finding
    """
    found = _keyness(keyness, outlet_a, outlet_b, "keyness", z_threshold, top, "across all articles")
    if shared is not None:
        found += _keyness(shared, outlet_a, outlet_b, "keyness_shared", z_threshold, top,
                          "on the stories both outlets covered")
    return found


def headline(pages: list[tuple[str, list[Finding]]]) -> list[Finding]:
    """The index page's findings: each page's first finding that is not a caveat (else its first), linking into it.

    ``pages`` holds ``(href of the page, its findings)`` in page order; the
    overview page's first finding names the outlets and their article counts.
    """
    picked = []
    for href, page in pages:
        if page:
            top = next((f for f in page if not f.caveat), page[0])
            picked.append(replace(top, anchors=tuple(href + a for a in top.anchors) or (href,)))
    return picked


def html(findings: list[Finding], *, heading: str | None = None) -> str:
    """The findings as an escaped HTML block: one list item per sentence, caveats marked, links to their rows."""
    items = []
    for f in findings:
        links = ""
        if f.anchors:
            names = ["see"] if len(f.anchors) == 1 else [str(i) for i in range(1, len(f.anchors) + 1)]
            refs = ", ".join(f'<a href="{_html.escape(a)}">{n}</a>' for a, n in zip(f.anchors, names))
            links = f' <span class="mc-refs">({"" if len(f.anchors) == 1 else "see "}{refs})</span>'
        mark = ' class="mc-caveat"' if f.caveat else ""
        items.append(f"<li{mark}>{_html.escape(f.text)}{links}</li>")
    title = f"<h2>{_html.escape(heading)}</h2>" if heading else ""
    return f'<section class="mc-findings">{title}<ul>{"".join(items)}</ul></section>'
