"""Quotations across outlets: which of one outlet's quotations the other carries, and how.

``match(quotes, articles, a, b)`` → one row per quote of either outlet with
its match_type: exact, contained, fuzzy, paraphrase or unique.
"""

from __future__ import annotations

import re

import pandas as pd
from rapidfuzz.distance import Indel, LCSseq

from .. import corpus, overlap, text

MATCH_COLUMNS = ["outlet", "doc_id", "quote_id", "text", "match_type", "score", "other_doc_id", "other_quote_id",
                 "other_start", "other_end", "other_text", "diff"]
MATCH_RANK = {"exact": 0, "contained": 1, "fuzzy": 2, "paraphrase": 3, "unique": 4}


def _words(s: str) -> list[str]:
    """The quote's words as matching keys: case, punctuation, quote style and spelling variants folded."""
    return [overlap.match_key(text.normalise(s[a:b])) for a, b in text.token_spans(s) if not text.is_punctuation(s[a:b])]


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
    content = sum(quote_doc.content)
    if content < min_words:
        return None
    found = overlap.pair_passages(quote_doc, doc, min_tokens=1, max_gap=1)
    if not found:
        return None
    best = max(found, key=lambda p: (p["n_tokens"], -p["start_b"]))
    near = [p for p in found if abs(p["start_b"] - best["start_b"]) < 200]
    covered = sum(quote_doc.content[i] for p in near for i, start in enumerate(quote_doc.starts) if p["start_a"] <= start < p["end_a"])
    share = covered / content
    if share < threshold:
        return None
    return round(share, 4), min(p["start_b"] for p in near), max(p["end_b"] for p in near)


def match(quotes_table: pd.DataFrame, articles: pd.DataFrame, outlet_a: str, outlet_b: str, *,
          fuzzy_threshold: float = 0.75, paraphrase_threshold: float = 0.6, min_paraphrase_words: int = 2) -> pd.DataFrame:
    """How each quote of one outlet appears in the other: one row per quote of either outlet, each exactly once.

    Parameters
    ----------
    quotes_table : DataFrame
        ``extract(articles)``.
    fuzzy_threshold : float
        Least similarity (0–1) of two quotes' words, or share of the shorter's
        words found in order in the longer, for ``fuzzy``.
    paraphrase_threshold : float
        Least share of a quote's content words that the other outlet's text
        carries, near one another and without quote marks, for ``paraphrase``.
    min_paraphrase_words : int
        A quote needs this many content words to be called paraphrased.

    Returns
    -------
    DataFrame
        outlet, doc_id, quote_id, text, match_type (exact / contained / fuzzy /
        paraphrase / unique), score (0–1), other_doc_id, other_quote_id,
        other_start, other_end (into the other article's text), other_text,
        diff (word-level, for contained and fuzzy). A's quotes first.
    """
    corpus.require_outlets(articles, outlet_a, outlet_b)
    records = {}
    for row in quotes_table[quotes_table["outlet"].isin([outlet_a, outlet_b])].to_dict("records"):
        plain = _without_brackets(row["text"])
        row.update(words=_words(row["text"]), loose=_words(plain), plain=plain)
        records.setdefault(row["outlet"], []).append(row)
    docs = overlap.word_sequences(articles[articles["outlet"].isin([outlet_a, outlet_b])])
    rows = []
    for outlet, other_outlet in ((outlet_a, outlet_b), (outlet_b, outlet_a)):
        for q in records.get(outlet, []):
            candidates = []
            for other in records.get(other_outlet, []):
                relation = _compare(q, other, fuzzy_threshold)
                if relation:
                    candidates.append((MATCH_RANK[relation[0]], -relation[1], other["doc_id"], other["quote_id"], relation, other))
            result = {"match_type": "unique", "score": 0.0, "other_doc_id": "", "other_quote_id": pd.NA,
                      "other_start": pd.NA, "other_end": pd.NA, "other_text": "", "diff": ""}
            if candidates:
                *_, (kind, score), other = min(candidates, key=lambda c: c[:4])
                result.update(match_type=kind, score=score, other_doc_id=other["doc_id"], other_quote_id=other["quote_id"],
                              other_start=other["start"], other_end=other["end"], other_text=other["text"],
                              diff="" if kind == "exact" else word_diff(q["text"], other["text"]))
            else:
                best = None
                quote_doc = overlap.word_sequences(corpus.from_texts([{"outlet": "q", "text": q["plain"], "doc_id": "q"}]))["q"]
                for doc_id in sorted(articles.loc[articles["outlet"] == other_outlet, "doc_id"]):
                    found = _paraphrase(quote_doc, docs[doc_id], min_paraphrase_words, paraphrase_threshold)
                    if found and (best is None or found[0] > best[1][0]):
                        best = (doc_id, found)
                if best:
                    doc_id, (score, start, end) = best
                    result.update(match_type="paraphrase", score=score, other_doc_id=doc_id, other_start=start,
                                  other_end=end, other_text=docs[doc_id].text[start:end])
            rows.append({"outlet": outlet, "doc_id": q["doc_id"], "quote_id": q["quote_id"], "text": q["text"], **result})
    table = pd.DataFrame(rows, columns=MATCH_COLUMNS)
    for column in ("other_quote_id", "other_start", "other_end"):
        table[column] = table[column].astype("Int64")
    return table
