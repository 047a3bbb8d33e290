"""Lexical overlap between two outlets: how much text they share, and exactly where.

``summary`` gives the set measures (vocabulary and shingle Jaccard and
containment, TF-IDF and term-frequency cosine, copy rate) per outlet and per
article pair. ``passages`` finds the maximal passages two articles share, with
character spans into both texts. ``sentence_similarity`` and
``align_sentences`` compare the articles sentence by sentence.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import pandas as pd
from rapidfuzz.distance import LCSseq
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity

from . import corpus, text

PASSAGE_COLUMNS = ["doc_id_a", "start_a", "end_a", "doc_id_b", "start_b", "end_b", "n_tokens", "text_a", "text_b", "score"]
SUMMARY_COLUMNS = ["scope", "doc_id_a", "doc_id_b", "measure", "n", "value", "meaning"]
ALIGNMENT_COLUMNS = ["doc_id_a", "sent_id_a", "start_a", "end_a", "text_a", "doc_id_b", "sent_id_b", "start_b", "end_b", "text_b", "score"]
#: Spelling variants folded together when matching words (British/American, transliterations).
SPELLING = {"defence": "defense", "offence": "offense", "neighbour": "neighbor", "favour": "favor", "labour": "labor",
            "honour": "honor", "colour": "color", "centre": "center", "programme": "program", "zelensky": "zelenskiy",
            "zelenskyy": "zelenskiy", "kyiv": "kiev"}
MEANINGS = {
    "vocabulary jaccard": "shared distinct content stems ÷ all distinct content stems of both (0 = no word in common, 1 = same vocabulary)",
    "vocabulary containment a in b": "share of A's distinct content stems that B also uses",
    "vocabulary containment b in a": "share of B's distinct content stems that A also uses",
    "shingle jaccard": "shared word sequences of length n ÷ all distinct sequences of length n of both",
    "shingle containment a in b": "share of A's word sequences of length n found word for word in B",
    "shingle containment b in a": "share of B's word sequences of length n found word for word in A",
    "tf-idf cosine": "cosine of content-stem TF-IDF vectors (smoothed idf over the articles compared); 1 = same word profile",
    "tf cosine": "cosine of plain content-stem counts, no idf weighting",
    "copy rate a": "share of A's words inside passages shared with B",
    "copy rate b": "share of B's words inside passages shared with A",
}


@dataclass(frozen=True)
class WordSequence:
    """One article's words (punctuation left out): match keys, content-word flags, character spans, content stems."""

    doc_id: str
    text: str
    keys: list[str]
    content: list[bool]
    starts: list[int]
    ends: list[int]
    stems: list[str]


def match_key(norm: str) -> str:
    """The form two words must share to match: normalised, apostrophes and spelling variants folded."""
    key = norm.replace("'", "")
    return SPELLING.get(key, key)


def word_sequences(articles: pd.DataFrame) -> dict[str, WordSequence]:
    """Each article's words by doc_id; a content word has a letter and is not a stopword."""
    toks = text.tokens(articles)
    words = toks[~toks["is_punct"]]
    docs = {}
    for row in articles.itertuples():
        w = words[words["doc_id"] == row.doc_id]
        content = text.is_content(w).tolist()
        docs[row.doc_id] = WordSequence(
            row.doc_id, row.text, [match_key(n) for n in w["norm"]], content,
            w["start"].tolist(), w["end"].tolist(), [st for st, c in zip(w["stem"], content) if c],
        )
    return docs


def _blocks(keys_a: list, keys_b: list) -> list[tuple[int, int, int]]:
    """Matching blocks ``(i, j, size)`` of rapidfuzz's LCS alignment of two word lists."""
    return [(m.a, m.b, m.size) for m in LCSseq.editops(keys_a, keys_b).as_matching_blocks() if m.size]


def _merge(blocks: list[tuple[int, int, int]], max_gap: int, min_block: int) -> list[list[tuple[int, int, int]]]:
    """Group consecutive blocks whose gap is at most ``max_gap`` words on each side (a word inserted or changed)."""
    groups: list[list[tuple[int, int, int]]] = []
    for block in blocks:
        if groups:
            i, j, size = groups[-1][-1]
            gap_a, gap_b = block[0] - (i + size), block[1] - (j + size)
            if gap_a <= max_gap and gap_b <= max_gap and block[2] >= min_block:
                groups[-1].append(block)
                continue
        groups.append([block])
    return groups


def pair_passages(a: WordSequence, b: WordSequence, min_tokens: int, max_gap: int) -> list[dict]:
    """The passages two word sequences share, as rows of the passages table (see ``passages``).

    rapidfuzz aligns the two word lists (an LCS alignment: case, punctuation and
    quote style are already gone from the keys). One alignment is monotonic, so
    passages that the two articles tell in a different order are found in later
    rounds: the words of each accepted passage are masked and the lists aligned
    again, until a round finds nothing new. The rounds and the gap merging are
    ours; no library finds unordered maximal passages with small gaps.
    """
    keys_a, keys_b = list(a.keys), list(b.keys)
    found = []
    for round_no in itertools.count():
        accepted = []
        for group in _merge(_blocks(keys_a, keys_b), max_gap, min_block=2):
            i0, j0 = group[0][0], group[0][1]
            i1, j1 = group[-1][0] + group[-1][2], group[-1][1] + group[-1][2]
            matched = sum(size for _, _, size in group)
            content = sum(a.content[i] for i0_, _, size in group for i in range(i0_, i0_ + size))
            if content < min_tokens:
                continue
            accepted.append((i0, i1, j0, j1, matched))
        if not accepted:
            break
        for i0, i1, j0, j1, matched in accepted:
            keys_a[i0:i1] = [f"\0a{round_no}:{i}" for i in range(i0, i1)]  # masks never match anything
            keys_b[j0:j1] = [f"\0b{round_no}:{j}" for j in range(j0, j1)]
            found.append({
                "doc_id_a": a.doc_id, "start_a": a.starts[i0], "end_a": a.ends[i1 - 1],
                "doc_id_b": b.doc_id, "start_b": b.starts[j0], "end_b": b.ends[j1 - 1],
                "n_tokens": i1 - i0,
                "text_a": a.text[a.starts[i0]:a.ends[i1 - 1]], "text_b": b.text[b.starts[j0]:b.ends[j1 - 1]],
                "score": round(2 * matched / ((i1 - i0) + (j1 - j0)), 4),
            })
    return found


def _pairs(articles: pd.DataFrame, outlet_a: str, outlet_b: str) -> list[tuple[str, str]]:
    corpus.require_outlets(articles, outlet_a, outlet_b)
    ids_a = sorted(articles.loc[articles["outlet"] == outlet_a, "doc_id"])
    ids_b = sorted(articles.loc[articles["outlet"] == outlet_b, "doc_id"])
    return list(itertools.product(ids_a, ids_b))


def passages(articles: pd.DataFrame, outlet_a: str, outlet_b: str, *, min_tokens: int = 4, max_gap: int = 1) -> pd.DataFrame:
    """The maximal passages each article of ``outlet_a`` shares with each article of ``outlet_b``.

    Parameters
    ----------
    articles : DataFrame
        The articles table.
    outlet_a, outlet_b : str
        The two outlets.
    min_tokens : int
        A passage needs at least this many content words (not stopwords, not numbers).
    max_gap : int
        Words that may be inserted or changed, on each side, without breaking a passage.

    Returns
    -------
    DataFrame
        doc_id_a, start_a, end_a, doc_id_b, start_b, end_b, n_tokens (words on A's side),
        text_a, text_b (the exact spans), score (share of the passage's words that match, 0–1).
        Sorted by doc_id_a, start_a, doc_id_b, start_b.
    """
    pairs = _pairs(articles, outlet_a, outlet_b)
    docs = word_sequences(articles[articles["doc_id"].isin({d for pair in pairs for d in pair})])
    return _passage_table(docs, pairs, min_tokens, max_gap)


def _passage_table(docs: dict[str, WordSequence], pairs: list[tuple[str, str]], min_tokens: int, max_gap: int) -> pd.DataFrame:
    rows = [row for a, b in pairs for row in pair_passages(docs[a], docs[b], min_tokens, max_gap)]
    table = pd.DataFrame(rows, columns=PASSAGE_COLUMNS)
    return table.sort_values(["doc_id_a", "start_a", "doc_id_b", "start_b"], kind="stable").reset_index(drop=True)


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else float("nan")


def _shingles(keys: list[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(keys[i:i + n]) for i in range(len(keys) - n + 1)}


def _covered(docs: list[WordSequence], table: pd.DataFrame, side: str) -> int:
    """How many words of ``docs`` fall inside the passages on ``side`` ('a' or 'b')."""
    covered = 0
    for doc in docs:
        spans = table.loc[table[f"doc_id_{side}"] == doc.doc_id, [f"start_{side}", f"end_{side}"]].to_numpy()
        starts = np.array(doc.starts)
        inside = np.zeros(len(starts), dtype=bool)
        for start, end in spans:
            inside |= (starts >= start) & (starts < end)
        covered += int(inside.sum())
    return covered


def _measures(docs_a: list[WordSequence], docs_b: list[WordSequence], shared: pd.DataFrame, idf_docs: list[list[str]], max_n: int):
    """The summary measures of one comparison unit (an outlet pair or an article pair)."""
    keys_a = [k for d in docs_a for k in d.keys]
    keys_b = [k for d in docs_b for k in d.keys]
    stems_a = [s for d in docs_a for s in d.stems]
    stems_b = [s for d in docs_b for s in d.stems]
    vocab_a, vocab_b = set(stems_a), set(stems_b)
    both = len(vocab_a & vocab_b)
    yield "vocabulary jaccard", None, _ratio(both, len(vocab_a | vocab_b))
    yield "vocabulary containment a in b", None, _ratio(both, len(vocab_a))
    yield "vocabulary containment b in a", None, _ratio(both, len(vocab_b))
    for n in range(1, max_n + 1):
        # shingles never run across article boundaries
        sh_a = set().union(*(_shingles(d.keys, n) for d in docs_a))
        sh_b = set().union(*(_shingles(d.keys, n) for d in docs_b))
        common = len(sh_a & sh_b)
        yield "shingle jaccard", n, _ratio(common, len(sh_a | sh_b))
        yield "shingle containment a in b", n, _ratio(common, len(sh_a))
        yield "shingle containment b in a", n, _ratio(common, len(sh_b))
    yield "tf-idf cosine", None, _cosine(stems_a, stems_b, idf_docs, idf=True)
    yield "tf cosine", None, _cosine(stems_a, stems_b, idf_docs, idf=False)
    yield "copy rate a", None, _ratio(_covered(docs_a, shared, "a"), len(keys_a))
    yield "copy rate b", None, _ratio(_covered(docs_b, shared, "b"), len(keys_b))


def _cosine(stems_a: list[str], stems_b: list[str], idf_docs: list[list[str]], idf: bool) -> float:
    """Cosine of two stem lists, weighted by scikit-learn's smoothed idf ln((1+n)/(1+df)) + 1 over ``idf_docs``."""
    if not stems_a or not stems_b:
        return float("nan")
    vectoriser = TfidfVectorizer(analyzer=lambda doc: doc, use_idf=idf, smooth_idf=True, norm="l2")
    vectoriser.fit(idf_docs)
    vectors = vectoriser.transform([stems_a, stems_b])
    return float(cosine_similarity(vectors[0], vectors[1])[0, 0])


def summary(articles: pd.DataFrame, outlet_a: str, outlet_b: str, *, max_n: int = 5, min_tokens: int = 4) -> pd.DataFrame:
    """Overlap measures between two outlets, pooled per outlet and for every article pair.

    Returns
    -------
    DataFrame
        scope ("outlets": all of each outlet's articles pooled, doc ids "*";
        "articles": one row set per article pair; "article": the copy rate of
        each article against all of the other outlet's), doc_id_a, doc_id_b, measure, n (shingle length, else NA), value in
        [0, 1] (NaN where undefined, e.g. an article with no content word), and
        meaning. Content stems are Snowball stems of words that are not
        stopwords; shingles are sequences of words, punctuation left out.
    """
    pairs = _pairs(articles, outlet_a, outlet_b)
    ids_a = sorted({a for a, _ in pairs})
    ids_b = sorted({b for _, b in pairs})
    docs = word_sequences(articles[articles["doc_id"].isin(ids_a + ids_b)])
    shared = _passage_table(docs, pairs, min_tokens, max_gap=1)
    idf_docs = [docs[d].stems for d in ids_a + ids_b]
    units = [("outlets", "*", "*", [docs[d] for d in ids_a], [docs[d] for d in ids_b], shared)]
    units += [("articles", a, b, [docs[a]], [docs[b]], shared[(shared["doc_id_a"] == a) & (shared["doc_id_b"] == b)])
              for a, b in pairs]
    rows = [
        (scope, a, b, measure, n, value, MEANINGS[measure])
        for scope, a, b, docs_a, docs_b, table in units
        for measure, n, value in _measures(docs_a, docs_b, table, idf_docs, max_n)
    ]
    for side, ids in (("a", ids_a), ("b", ids_b)):  # each article against all of the other outlet's
        for doc_id in ids:
            covered = _ratio(_covered([docs[doc_id]], shared, side), len(docs[doc_id].keys))
            a, b = (doc_id, "*") if side == "a" else ("*", doc_id)
            rows.append(("article", a, b, f"copy rate {side}", None, covered, MEANINGS[f"copy rate {side}"]))
    table = pd.DataFrame(rows, columns=SUMMARY_COLUMNS)
    table["n"] = table["n"].astype("Int64")
    return table


def sentence_similarity(articles: pd.DataFrame, doc_id_a: str, doc_id_b: str) -> pd.DataFrame:
    """Every sentence pair of two articles with the TF-IDF cosine of their content stems.

    Returns doc_id_a, sent_id_a, doc_id_b, sent_id_b, score (0–1), one row per
    pair, sorted by the two sentence ids. The idf is smoothed and computed over
    the sentences of both articles.
    """
    pair = articles[articles["doc_id"].isin([doc_id_a, doc_id_b])]
    return _similarity(text.tokens(pair), text.sentences(pair), doc_id_a, doc_id_b)


def _similarity(toks: pd.DataFrame, sents: pd.DataFrame, doc_id_a: str, doc_id_b: str) -> pd.DataFrame:
    """``sentence_similarity`` from tokens and sentences already made (they may hold other articles too)."""
    toks = toks[toks["doc_id"].isin([doc_id_a, doc_id_b])]
    sents = sents[sents["doc_id"].isin([doc_id_a, doc_id_b])]
    content = toks[text.is_content(toks)]
    bags = {key: [] for key in zip(sents["doc_id"], sents["sent_id"])}
    for row in content.itertuples():
        bags[(row.doc_id, row.sent_id)].append(row.stem)
    keys_a = [k for k in bags if k[0] == doc_id_a]
    keys_b = [k for k in bags if k[0] == doc_id_b]
    vectoriser = TfidfVectorizer(analyzer=lambda doc: doc, smooth_idf=True, norm="l2")
    matrix = vectoriser.fit_transform([bags[k] for k in keys_a + keys_b]) if content.size else None
    scores = cosine_similarity(matrix[: len(keys_a)], matrix[len(keys_a):]) if matrix is not None else np.zeros((len(keys_a), len(keys_b)))
    rows = [(doc_id_a, ka[1], doc_id_b, kb[1], round(float(scores[i, j]), 4))
            for i, ka in enumerate(keys_a) for j, kb in enumerate(keys_b)]
    return pd.DataFrame(rows, columns=["doc_id_a", "sent_id_a", "doc_id_b", "sent_id_b", "score"])


def align_sentences(articles: pd.DataFrame, outlet_a: str, outlet_b: str) -> pd.DataFrame:
    """For each sentence of ``outlet_a``'s articles, the most similar sentence among ``outlet_b``'s.

    Returns doc_id_a, sent_id_a, start_a, end_a, text_a, doc_id_b, sent_id_b,
    start_b, end_b, text_b, score (TF-IDF cosine of content stems, 0–1). Ties go
    to the earlier article and sentence. A sentence with no content word in
    common with any sentence of B has score 0 and its best match is B's first.
    """
    pairs = _pairs(articles, outlet_a, outlet_b)
    chosen = articles[articles["outlet"].isin([outlet_a, outlet_b])]
    toks, all_sents = text.tokens(chosen), text.sentences(chosen)  # once, not once per article pair
    sims = pd.concat([_similarity(toks, all_sents, a, b) for a, b in pairs], ignore_index=True)
    best = (sims.sort_values(["doc_id_a", "sent_id_a", "score", "doc_id_b", "sent_id_b"],
                             ascending=[True, True, False, True, True], kind="stable")
                .drop_duplicates(["doc_id_a", "sent_id_a"]))
    sents = all_sents[["doc_id", "sent_id", "start", "end", "text"]]
    table = (best.merge(sents.add_suffix("_a"), on=["doc_id_a", "sent_id_a"])
                 .merge(sents.add_suffix("_b"), on=["doc_id_b", "sent_id_b"]))
    return table[ALIGNMENT_COLUMNS].sort_values(["doc_id_a", "sent_id_a"], kind="stable").reset_index(drop=True)


def closest_pair(measures: pd.DataFrame) -> tuple[str, str]:
    """The article pair with the highest TF-IDF cosine in a ``summary`` table (the only pair when each outlet has one)."""
    pairs = measures[(measures["scope"] == "articles") & (measures["measure"] == "tf-idf cosine")]
    best = pairs.sort_values(["value", "doc_id_a", "doc_id_b"], ascending=[False, True, True], kind="stable").iloc[0]
    return best["doc_id_a"], best["doc_id_b"]
