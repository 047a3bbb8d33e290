"""Quotations across outlets: which of one outlet's quotations the other carries, and how.

``match(quotes, articles, a, b)`` → one row per quote of either outlet with
its match_type: exact, contained, fuzzy, paraphrase or unique.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
from rapidfuzz.distance import Indel, LCSseq

from .. import distributed, overlap, stories, text

MATCH_COLUMNS = ["outlet", "doc_id", "quote_id", "text", "match_type", "score", "other_doc_id", "other_quote_id",
                 "other_start", "other_end", "other_text", "diff"]
MATCH_RANK = {"exact": 0, "contained": 1, "fuzzy": 2, "paraphrase": 3, "unique": 4}


def _words(s: str) -> list[str]:
    """The quote's words as matching keys: case, punctuation, quote style and spelling variants folded."""
    return [overlap.match_key(norm) for _, norm, _, _, punct in text.word_types(s) if not punct]


def _without_brackets(s: str) -> str:
    """The quote for fuzzy matching: words in square brackets (editorial insertions) and ellipses dropped."""
    return re.sub(r"\[[^\]]*\]|…|\.\.\.", " ", s)


def word_diff(old: str, new: str) -> str:
    """A word-level diff: each change as ``[-removed-] {+added+}`` among the words of ``new`` (alignment by rapidfuzz)."""
    a, b = old.split(), new.split()
    key = lambda w: overlap.match_key(text.normalise(w.strip(".,;:!?\"“”‘’'«»")))  # noqa: E731 - used for both sides
    pieces, removed, added = [], [], []
    for op in Indel.opcodes([key(w) for w in a], [key(w) for w in b]):
        if op.tag == "equal":
            pieces += [f"[-{' '.join(removed)}-]"] * bool(removed) + [f"{{+{' '.join(added)}+}}"] * bool(added)
            removed, added = [], []
            pieces.append(" ".join(b[op.dest_start:op.dest_end]))
        else:
            removed += a[op.src_start:op.src_end]
            added += b[op.dest_start:op.dest_end]
    pieces += [f"[-{' '.join(removed)}-]"] * bool(removed) + [f"{{+{' '.join(added)}+}}"] * bool(added)
    return " ".join(pieces)


def _contains(longer: list[str], shorter: list[str]) -> bool:
    n = len(shorter)
    return 0 < n <= len(longer) and any(longer[i:i + n] == shorter for i in range(len(longer) - n + 1))


def _compare(q: dict, other: dict, fuzzy_threshold: float) -> tuple[str, float] | None:
    """How quote ``q`` relates to ``other`` (exact, contained or fuzzy) with a score in [0, 1], or None."""
    a, b = q["words"], other["words"]
    if not a or not b:
        return None
    if a == b:
        return "exact", 1.0
    shorter, longer = (a, b) if len(a) <= len(b) else (b, a)
    if _contains(longer, shorter) and any(w not in text.stopwords() for w in shorter):
        return "contained", round(len(shorter) / len(longer), 4)
    la, lb = q["loose"], other["loose"]
    whole = Indel.normalized_similarity(la, lb)
    short, long_ = (la, lb) if len(la) <= len(lb) else (lb, la)
    # a trimmed quote with a changed word: the share of the shorter's words found, in order, in the longer
    part = LCSseq.similarity(short, long_) / len(short) if len(short) >= 4 else 0.0
    score = max(whole, part)
    return ("fuzzy", round(score, 4)) if score >= fuzzy_threshold else None


def _paraphrase(quote_doc, doc, min_words: int, threshold: float) -> tuple[float, int, int] | None:
    """Where the other article carries the quote's words without quote marks: (share of content words, start, end)."""
    content = int(quote_doc.content.sum())
    if content < min_words:
        return None
    found = overlap.pair_passages(quote_doc, doc, min_tokens=1, max_gap=1)
    if not found:
        return None
    best = max(found, key=lambda p: (p["n_tokens"], -p["start_b"]))
    near = [p for p in found if abs(p["start_b"] - best["start_b"]) < 200]
    inside = np.zeros(len(quote_doc.starts), dtype=bool)
    for p in near:
        inside |= (quote_doc.starts >= p["start_a"]) & (quote_doc.starts < p["end_a"])
    covered = int((inside & quote_doc.content).sum())
    share = covered / content
    if share < threshold:
        return None
    return round(share, 4), min(p["start_b"] for p in near), max(p["end_b"] for p in near)


def _ordered(records: list[dict], field: str) -> dict[int, list[tuple[str, int]]]:
    """Each record's words as a multiset ((word, occurrence) pairs), rarest first in one global order.

    The order every record shares is what makes prefix filtering exact (below).
    """
    frequency: dict[str, int] = {}
    for r in records:
        for w in r[field]:
            frequency[w] = frequency.get(w, 0) + 1
    ordered = {}
    for i, r in enumerate(records):
        seen: dict[str, int] = {}
        tokens = []
        for w in r[field]:
            tokens.append((w, seen.get(w, 0)))
            seen[w] = seen.get(w, 0) + 1
        ordered[i] = sorted(tokens, key=lambda t: (frequency[t[0]], t))
    return ordered


def _exact(queries: list[dict], targets: list[dict], partners: dict[str, set[str]]) -> dict[int, int]:
    """For each query with the same words as a target in a paired article, the first such target (a hash lookup).

    Targets come in the quotes table's order, so the first is the one with the
    lowest (doc_id, quote_id): the one a comparison of every candidate picks.
    """
    by_words: dict[tuple[str, ...], list[int]] = {}
    for j, target in enumerate(targets):
        if target["words"]:
            by_words.setdefault(tuple(target["words"]), []).append(j)
    found = {}
    for i, q in enumerate(queries):
        allowed = partners.get(q["doc_id"], set())
        for j in by_words.get(tuple(q["words"]), ()):
            if targets[j]["doc_id"] in allowed:
                found[i] = j
                break
    return found


def _prefix(size: int, threshold: float) -> int:
    """How many of a record's rarest words any record sharing a ``threshold`` share of its words must meet."""
    return size - math.ceil(threshold * size - 1e-9) + 1 if size else 0


def _similar(queries: list[dict], targets: list[dict], field: str, threshold: float) -> dict[int, set[int]]:
    """For each query, the targets that may share at least ``threshold`` × the shorter's words (as a multiset).

    Prefix filtering (Chaudhuri, Ganti & Kaushik 2006; Bayardo, Ma & Srikant
    2007's All-Pairs), written here since no maintained Python library does a
    set-similarity join on word lists: if x and y, |x| ≤ |y|, share at least
    t·|x| words, one of x's |x| − ⌈t·|x|⌉ + 1 rarest words is in y. So a query
    looks up its rarest words in an index of all of the longer targets' words,
    and all of its words in an index of the shorter targets' rarest words.
    Every exact, contained or fuzzy match shares that many words (the LCS of
    two word lists is at most their multiset intersection), so none is lost.
    """
    ordered = _ordered(queries + targets, field)
    full: dict[tuple, list[int]] = {}
    rare: dict[tuple, list[int]] = {}
    for j, target in enumerate(targets):
        tokens = ordered[len(queries) + j]
        for t in tokens:
            full.setdefault(t, []).append(j)
        for t in tokens[:_prefix(len(tokens), threshold)]:
            rare.setdefault(t, []).append(j)
    sizes = [len(t[field]) for t in targets]
    found: dict[int, set[int]] = {}
    for i in range(len(queries)):
        tokens = ordered[i]
        size = len(tokens)
        hits = {j for t in tokens[:_prefix(size, threshold)] for j in full.get(t, ()) if sizes[j] >= size}
        hits |= {j for t in tokens for j in rare.get(t, ()) if sizes[j] < size}
        if hits:
            found[i] = hits
    return found


def match(quotes_table: pd.DataFrame, articles: pd.DataFrame, outlet_a: str, outlet_b: str, *, pairs=None,
          fuzzy_threshold: float = 0.75, paraphrase_threshold: float = 0.6, min_paraphrase_words: int = 2,
          tokens: pd.DataFrame | None = None) -> pd.DataFrame:
    """How each quote of one outlet appears in the other: one row per quote of either outlet, each exactly once.

    Parameters
    ----------
    quotes_table : DataFrame
        ``extract(articles)``.
    pairs : None, "stories", "all" or DataFrame
        Which article pairs to search (see ``stories.chosen_pairs``): a quote is
        looked for in the articles its own article is paired with: the story
        pairs by default, every article of the other outlet with "all".
        Candidate quotations come from an index of their words, never from
        comparing every quote with every quote.
    fuzzy_threshold : float
        Least similarity (0–1) of two quotes' words, or share of the shorter's
        words found in order in the longer, for ``fuzzy``.
    paraphrase_threshold : float
        Least share of a quote's content words that the other outlet's text
        carries, near one another and without quote marks, for ``paraphrase``.
    min_paraphrase_words : int
        A quote needs this many content words to be called paraphrased.
    tokens : DataFrame, optional
        ``text.tokens(articles)``, if already made.

    Returns
    -------
    DataFrame
        outlet, doc_id, quote_id, text, match_type (exact / contained / fuzzy /
        paraphrase / unique; "scare" for marks that quote nobody, which are not
        matched), score (0–1), other_doc_id, other_quote_id, other_start,
        other_end (into the other article's text), other_text, diff (word-level,
        for contained and fuzzy). A's quotes first, each outlet's in the order of
        the quotes table.
    """
    chosen = stories.chosen_pairs(articles, outlet_a, outlet_b, pairs)
    thresholds = dict(fuzzy_threshold=fuzzy_threshold, paraphrase_threshold=paraphrase_threshold,
                      min_paraphrase_words=min_paraphrase_words)
    if (active := distributed.for_pairs(len(chosen), articles)) is not None:  # a cluster matches them over whole stories
        return distributed.match(quotes_table, articles, outlet_a, outlet_b, pairs=stories.pair_table(chosen),
                                 tokens=tokens, dask_client=active, **thresholds)
    return matched(quotes_table, articles, outlet_a, outlet_b, chosen, tokens=tokens, **thresholds)


def matched(quotes_table: pd.DataFrame, articles: pd.DataFrame, outlet_a: str, outlet_b: str,
            chosen: list[tuple[str, str]], *, fuzzy_threshold: float, paraphrase_threshold: float,
            min_paraphrase_words: int, tokens: pd.DataFrame | None = None) -> pd.DataFrame:
    """``match`` on the article pairs ``chosen`` (``(doc_id_a, doc_id_b)`` tuples), without checking the outlets:
    ``articles`` needs only the articles those pairs name, so a cluster's worker calls it on a part of a corpus."""
    partners: dict[str, set[str]] = {}
    for a, b in chosen:
        partners.setdefault(a, set()).add(b)
        partners.setdefault(b, set()).add(a)
    records: dict[str, list[dict]] = {outlet_a: [], outlet_b: []}
    for row in quotes_table[quotes_table["outlet"].isin([outlet_a, outlet_b])].to_dict("records"):
        plain = _without_brackets(row["text"])
        row.update(words=_words(row["text"]), loose=_words(plain), plain=plain)
        records[row["outlet"]].append(row)
    results: dict[tuple[str, int], dict] = {}
    needs_paraphrase: list[tuple[dict, str]] = []
    for outlet, other_outlet in ((outlet_a, outlet_b), (outlet_b, outlet_a)):
        queries = [q for q in records[outlet] if q.get("kind") != "scare"]
        targets = [t for t in records[other_outlet] if t.get("kind") != "scare"]
        same = _exact(queries, targets, partners)  # the best match there is: no other candidate needs a look
        rest = [i for i in range(len(queries)) if i not in same]
        near = [_similar([queries[i] for i in rest], targets, field, fuzzy_threshold) for field in ("words", "loose")]
        near = [{rest[k]: hits for k, hits in found.items()} for found in near]
        for i, q in enumerate(queries):
            allowed = partners.get(q["doc_id"], set())
            if i in same:
                other = targets[same[i]]
                results[(q["doc_id"], q["quote_id"])] = dict(
                    UNMATCHED, match_type="exact", score=1.0, other_doc_id=other["doc_id"], other_quote_id=other["quote_id"],
                    other_start=other["start"], other_end=other["end"], other_text=other["text"])
                continue
            candidates = []
            for j in sorted(near[0].get(i, set()) | near[1].get(i, set())):
                other = targets[j]
                if other["doc_id"] not in allowed:
                    continue
                relation = _compare(q, other, fuzzy_threshold)
                if relation:
                    candidates.append((MATCH_RANK[relation[0]], -relation[1], other["doc_id"], other["quote_id"], relation, other))
            result = dict(UNMATCHED)
            if candidates:
                *_, (kind, score), other = min(candidates, key=lambda c: c[:4])
                result.update(match_type=kind, score=score, other_doc_id=other["doc_id"], other_quote_id=other["quote_id"],
                              other_start=other["start"], other_end=other["end"], other_text=other["text"],
                              diff="" if kind == "exact" else word_diff(q["text"], other["text"]))
            elif allowed:
                needs_paraphrase.append((q, other_outlet))
            results[(q["doc_id"], q["quote_id"])] = result
    _paraphrases(needs_paraphrase, partners, articles, tokens, results, min_paraphrase_words, paraphrase_threshold)
    rows = []
    for outlet in (outlet_a, outlet_b):
        for q in records[outlet]:
            result = results.get((q["doc_id"], q["quote_id"]), dict(UNMATCHED, match_type="scare"))
            rows.append({"outlet": outlet, "doc_id": q["doc_id"], "quote_id": q["quote_id"], "text": q["text"], **result})
    return match_table(rows)


def match_table(rows: list[dict]) -> pd.DataFrame:
    """``match``'s table of its rows (dicts by column), with its column types."""
    table = pd.DataFrame(rows, columns=MATCH_COLUMNS)
    for column in ("other_quote_id", "other_start", "other_end"):
        table[column] = table[column].astype("Int64")
    table["score"] = table["score"].astype(float)
    return table


UNMATCHED = {"match_type": "unique", "score": 0.0, "other_doc_id": "", "other_quote_id": pd.NA,
             "other_start": pd.NA, "other_end": pd.NA, "other_text": "", "diff": ""}


def _paraphrases(wanted: list[tuple[dict, str]], partners: dict[str, set[str]], articles: pd.DataFrame,
                 tokens: pd.DataFrame | None, results: dict, min_words: int, threshold: float) -> None:
    """Look for each unmatched quote's words, without quote marks, in the articles its article is paired with.

    The articles are tokenised once, together; an article that lacks too many
    of the quote's content words is passed over before any alignment.
    """
    needed = {d for q, _ in wanted for d in partners.get(q["doc_id"], ())}
    if not needed:
        return
    subset = articles[articles["doc_id"].isin(needed)]
    docs = overlap.word_sequences(subset, None if tokens is None else tokens[tokens["doc_id"].isin(needed)])
    vocabularies = {d: set(seq.keys.tolist()) for d, seq in docs.items()}
    for q, _ in wanted:
        quote_doc = overlap.sequence_of(q["plain"])
        content_keys = quote_doc.keys[quote_doc.content].tolist()
        best = None
        for doc_id in sorted(partners[q["doc_id"]]):
            if sum(k in vocabularies[doc_id] for k in content_keys) < threshold * len(content_keys):
                continue  # cannot reach the threshold: too few of the quote's content words are in the article
            found = _paraphrase(quote_doc, docs[doc_id], min_words, threshold)
            if found and (best is None or found[0] > best[1][0]):
                best = (doc_id, found)
        if best:
            doc_id, (score, start, end) = best
            results[(q["doc_id"], q["quote_id"])].update(
                match_type="paraphrase", score=score, other_doc_id=doc_id, other_start=start, other_end=end,
                other_text=docs[doc_id].text[start:end])


def repeated(quotes_table: pd.DataFrame, outlet_a: str, outlet_b: str) -> pd.DataFrame:
    """The quotations carried most often across the corpus: the same words (case, punctuation, quote marks folded).

    Scare quotes are left out. Returns text (its first occurrence), n_words,
    speaker_id (the most common non-empty one), articles_a, articles_b
    (distinct articles of each outlet carrying it), quoted_by ("both" or the
    one outlet); only quotations in two or more articles, sorted by articles
    (most first), n_words, text.
    """
    columns = ["text", "n_words", "speaker_id", "articles_a", "articles_b", "quoted_by"]
    rows = quotes_table[quotes_table["outlet"].isin([outlet_a, outlet_b])]
    if "kind" in rows:
        rows = rows[rows["kind"] != "scare"]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    speaker = rows["speaker_id"] if "speaker_id" in rows else rows["speaker"]
    rows = rows.assign(key=[" ".join(_words(s)) for s in rows["text"]], who=speaker.fillna(""))
    rows = rows[rows["key"] != ""]
    found = []
    for _, group in rows.groupby("key", sort=False):
        a = group.loc[group["outlet"] == outlet_a, "doc_id"].nunique()
        b = group.loc[group["outlet"] == outlet_b, "doc_id"].nunique()
        if a + b < 2:
            continue
        named = group.loc[group["who"] != "", "who"]
        found.append((group["text"].iloc[0], int(group["n_words"].iloc[0]),
                      named.value_counts().sort_index().idxmax() if len(named) else "", a, b,
                      "both" if a and b else (outlet_a if a else outlet_b)))
    table = pd.DataFrame(found, columns=columns)
    table = table.assign(articles=table["articles_a"] + table["articles_b"])
    return (table.sort_values(["articles", "n_words", "text"], ascending=[False, False, True], kind="stable")
                 .drop(columns="articles").reset_index(drop=True))
