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
from functools import lru_cache

import numpy as np
import pandas as pd
from rapidfuzz.distance import LCSseq
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity

from . import distributed, stories, text
from .vectors import Vectors, document_frequencies

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
    """One article's words (punctuation left out), as arrays: match keys (a 64-bit hash of each word's match key),
    content-word flags, character spans; and the content words' stems."""

    doc_id: str
    text: str
    keys: np.ndarray
    content: np.ndarray
    starts: np.ndarray
    ends: np.ndarray
    stems: list[str]


@lru_cache(maxsize=None)
def match_key(norm: str) -> str:
    """The form two words must share to match: normalised, apostrophes and spelling variants folded."""
    key = norm.replace("'", "")
    return SPELLING.get(key, key)


@lru_cache(maxsize=None)
def key_hash(norm: str) -> int:
    """The 64-bit hash of a normalised word's match key: equal keys, equal hashes, in every process."""
    return stories.word_hash(match_key(norm))


def word_sequences(articles: pd.DataFrame, tokens: pd.DataFrame | None = None) -> dict[str, WordSequence]:
    """Each article's words by doc_id; a content word has a letter and is not a stopword.

    ``tokens`` (``text.tokens`` of these articles, or of more) saves tokenising again. The arrays of every
    article are views into one array per column, so millions of words hold no Python object each.
    """
    toks = text.tokens(articles) if tokens is None else tokens
    # columns as arrays, words only: no copy of the whole tokens table, and each distinct word looked at once
    word = ~toks["is_punct"].to_numpy(dtype=bool)
    codes, distinct = pd.factorize(toks["norm"].to_numpy(dtype=object)[word])
    letter = np.array([text.has_letter(n) for n in distinct], dtype=bool)
    content = ~toks["is_stop"].to_numpy(dtype=bool)[word] & (letter[codes] if len(codes) else np.empty(0, bool))
    keys = np.array([key_hash(n) for n in distinct], dtype=np.uint64)[codes] if len(codes) else np.empty(0, np.uint64)
    doc_ids = toks["doc_id"].to_numpy(dtype=object)[word]
    starts, ends = toks["start"].to_numpy(dtype=np.int64)[word], toks["end"].to_numpy(dtype=np.int64)[word]
    stems = toks["stem"].to_numpy(dtype=object)[word]
    bounds = text.article_slices(doc_ids)
    docs = {}
    for doc_id, body in zip(articles["doc_id"], articles["text"]):
        i, j = bounds.get(doc_id, (0, 0))
        docs[doc_id] = WordSequence(doc_id, body, keys[i:j], content[i:j], starts[i:j], ends[i:j],
                                    stems[i:j][content[i:j]].tolist())
    return docs


def sequence_of(s: str, doc_id: str = "q") -> WordSequence:
    """The word sequence of a short text (a quotation) without building a corpus for it: same keys as ``word_sequences``."""
    rows = [r for r in text.token_rows(s) if not r[7]]
    content = np.array([not stop and text.has_letter(norm) for _, _, _, _, norm, _, stop, _ in rows], dtype=bool)
    return WordSequence(doc_id, s, np.array([key_hash(r[4]) for r in rows], dtype=np.uint64), content,
                        np.array([r[1] for r in rows], dtype=np.int64), np.array([r[2] for r in rows], dtype=np.int64),
                        [r[5] for r, c in zip(rows, content) if c])


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
    keys_a, keys_b = a.keys.tolist(), b.keys.tolist()
    found = []
    for round_no in itertools.count():
        accepted = []
        for group in _merge(_blocks(keys_a, keys_b), max_gap, min_block=2):
            i0, j0 = group[0][0], group[0][1]
            i1, j1 = group[-1][0] + group[-1][2], group[-1][1] + group[-1][2]
            matched = sum(size for _, _, size in group)
            content = sum(int(a.content[i:i + size].sum()) for i, _, size in group)
            if content < min_tokens:
                continue
            accepted.append((i0, i1, j0, j1, matched))
        if not accepted:
            break
        for i0, i1, j0, j1, matched in accepted:
            keys_a[i0:i1] = [("a", round_no, i) for i in range(i0, i1)]  # masks: never equal to a key, nor to each other
            keys_b[j0:j1] = [("b", round_no, j) for j in range(j0, j1)]
            found.append({
                "doc_id_a": a.doc_id, "start_a": int(a.starts[i0]), "end_a": int(a.ends[i1 - 1]),
                "doc_id_b": b.doc_id, "start_b": int(b.starts[j0]), "end_b": int(b.ends[j1 - 1]),
                "n_tokens": i1 - i0,
                "text_a": a.text[a.starts[i0]:a.ends[i1 - 1]], "text_b": b.text[b.starts[j0]:b.ends[j1 - 1]],
                "score": round(2 * matched / ((i1 - i0) + (j1 - j0)), 4),
            })
    return found


def passages(articles: pd.DataFrame, outlet_a: str, outlet_b: str, *, pairs=None, min_tokens: int = 4,
             max_gap: int = 1, tokens: pd.DataFrame | None = None) -> pd.DataFrame:
    """The maximal passages each paired article of ``outlet_a`` shares with its article of ``outlet_b``.

    Parameters
    ----------
    articles : DataFrame
        The articles table.
    outlet_a, outlet_b : str
        The two outlets.
    pairs : None, "stories", "all" or DataFrame
        Which article pairs to compare (see ``stories.chosen_pairs``): the story
        pairs (default; every pair sharing ``min_shared`` rare word 5-grams is one,
        so no passage of six or more identical words is missed), or "all".
    min_tokens : int
        A passage needs at least this many content words (not stopwords, not numbers).
    max_gap : int
        Words that may be inserted or changed, on each side, without breaking a passage.
    tokens : DataFrame, optional
        ``text.tokens(articles)``, if already made.

    Returns
    -------
    DataFrame
        doc_id_a, start_a, end_a, doc_id_b, start_b, end_b, n_tokens (words on A's side),
        text_a, text_b (the exact spans), score (share of the passage's words that match, 0–1).
        Sorted by doc_id_a, start_a, doc_id_b, start_b.
    """
    chosen = stories.chosen_pairs(articles, outlet_a, outlet_b, pairs)
    if (active := distributed.for_pairs(len(chosen), articles)) is not None:  # a cluster aligns them over partitions of pairs
        return distributed.passages(articles, outlet_a, outlet_b, pairs=stories.pair_table(chosen),
                                    min_tokens=min_tokens, max_gap=max_gap, tokens=tokens, dask_client=active)
    docs = _sequences(articles, {d for pair in chosen for d in pair}, tokens)
    return _passage_table(docs, chosen, min_tokens, max_gap)


def _sequences(articles: pd.DataFrame, doc_ids, tokens: pd.DataFrame | None) -> dict[str, WordSequence]:
    """``word_sequences`` of the articles in ``doc_ids``, from ``tokens`` when given."""
    subset = articles[articles["doc_id"].isin(doc_ids)]
    if tokens is not None:
        tokens = tokens[tokens["doc_id"].isin(doc_ids)]
    return word_sequences(subset, tokens)


def _passage_table(docs: dict[str, WordSequence], pairs: list[tuple[str, str]], min_tokens: int, max_gap: int) -> pd.DataFrame:
    rows = [row for a, b in pairs for row in pair_passages(docs[a], docs[b], min_tokens, max_gap)]
    table = pd.DataFrame(rows, columns=PASSAGE_COLUMNS)
    return table.sort_values(["doc_id_a", "start_a", "doc_id_b", "start_b"], kind="stable").reset_index(drop=True)


def share(part: int, whole: int) -> float:
    """``part / whole``, NaN when the whole is 0."""
    return part / whole if whole else float("nan")


def _shingle_hashes(ids: np.ndarray, n: int) -> np.ndarray:
    """The distinct word ``n``-grams of one article, each as a 64-bit rolling hash of its keys' hashes, sorted."""
    if len(ids) < n:
        return np.empty(0, dtype=np.uint64)
    h = np.zeros(len(ids) - n + 1, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for k in range(n):
            h = h * stories.HASH_BASE + ids[k:len(ids) - n + 1 + k] + np.uint64(1)
    return stories.distinct(h)


def covered_words(doc: WordSequence, spans: list[tuple[int, int]]) -> int:
    """How many words of ``doc`` fall inside any of the character ``spans``."""
    if not spans or not len(doc.starts):
        return 0
    starts = doc.starts
    inside = np.zeros(len(starts), dtype=bool)
    for start, end in spans:
        inside[np.searchsorted(starts, start):np.searchsorted(starts, end)] = True
    return int(inside.sum())


def spans_by_doc(table: pd.DataFrame, side: str) -> dict[str, list[tuple[int, int]]]:
    """The passages' character spans on ``side`` ('a' or 'b'), by doc_id."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for doc_id, start, end in zip(table[f"doc_id_{side}"], table[f"start_{side}"], table[f"end_{side}"]):
        spans.setdefault(doc_id, []).append((start, end))
    return spans


def measures(vocabulary: tuple[int, int, int], shingles: dict[int, tuple[int, int, int]], covered: tuple[int, int],
             words: tuple[int, int], cosine):
    """The summary measures of one comparison unit (an outlet pair or an article pair), from its counts.

    ``vocabulary``: distinct content stems of A, of B, of both; ``shingles``:
    for each n, distinct word n-grams of A, of B, of both; ``covered``: words of
    A and of B inside shared passages; ``words``: all words of A and of B;
    ``cosine(idf)``: the cosine of the unit's vectors. Yields (measure, n, value).
    """
    in_a, in_b, both = vocabulary
    yield "vocabulary jaccard", None, share(both, in_a + in_b - both)
    yield "vocabulary containment a in b", None, share(both, in_a)
    yield "vocabulary containment b in a", None, share(both, in_b)
    for n, (in_a, in_b, common) in sorted(shingles.items()):  # shingles never run across article boundaries
        yield "shingle jaccard", n, share(common, in_a + in_b - common)
        yield "shingle containment a in b", n, share(common, in_a)
        yield "shingle containment b in a", n, share(common, in_b)
    yield "tf-idf cosine", None, cosine(True)
    yield "tf cosine", None, cosine(False)
    yield "copy rate a", None, share(covered[0], words[0])
    yield "copy rate b", None, share(covered[1], words[1])


def in_common(set_a, set_b) -> tuple[int, int, int]:
    """The sizes of two sets and of their intersection."""
    return len(set_a), len(set_b), len(set_a & set_b)


def _shingles_in_common(hashes_a: dict[int, np.ndarray], hashes_b: dict[int, np.ndarray]) -> dict[int, tuple[int, int, int]]:
    return {n: (len(hashes_a[n]), len(hashes_b[n]), len(np.intersect1d(hashes_a[n], hashes_b[n], assume_unique=True)))
            for n in hashes_a}


def shingle_hashes(doc: WordSequence, max_n: int) -> dict[int, np.ndarray]:
    """The distinct word n-gram hashes of one article for n = 1 … ``max_n``."""
    return {n: _shingle_hashes(doc.keys, n) for n in range(1, max_n + 1)}


def pair_summary(docs: dict[str, WordSequence], vectors: Vectors, chosen: list[tuple[str, str]],
                 passages_table: pd.DataFrame, max_n: int, hashes: dict | None = None) -> list[tuple]:
    """The "articles" rows of ``summary`` for the ``chosen`` pairs, whose passages are ``passages_table``.

    ``docs`` and ``vectors`` hold at least the chosen pairs' articles;
    ``hashes`` (doc_id → ``shingle_hashes``), when the caller has them, saves
    hashing again. A cluster calls this for each partition of pairs.
    """
    pair_spans = {}
    for side in ("a", "b"):
        for key, start, end in zip(zip(passages_table["doc_id_a"], passages_table["doc_id_b"]),
                                   passages_table[f"start_{side}"], passages_table[f"end_{side}"]):
            pair_spans.setdefault((key, side), []).append((start, end))
    if hashes is None:
        hashes = {d: shingle_hashes(docs[d], max_n) for d in {d for pair in chosen for d in pair}}
    rows = []
    for a, b in chosen:
        covered = (covered_words(docs[a], pair_spans.get(((a, b), "a"), [])), covered_words(docs[b], pair_spans.get(((a, b), "b"), [])))
        rows += [("articles", a, b, measure, n, value) for measure, n, value in measures(
            in_common(set(docs[a].stems), set(docs[b].stems)), _shingles_in_common(hashes[a], hashes[b]), covered,
            (len(docs[a].keys), len(docs[b].keys)), lambda idf, a=a, b=b: vectors.cosine(a, b, idf))]
    return rows


def summary_table(rows: list[tuple]) -> pd.DataFrame:
    """The summary table of its rows (scope, doc_id_a, doc_id_b, measure, n, value), with each measure's meaning."""
    table = pd.DataFrame(rows, columns=SUMMARY_COLUMNS[:-1])
    table["meaning"] = table["measure"].map(MEANINGS)
    table["n"] = table["n"].astype("Int64")
    return table


def summary(articles: pd.DataFrame, outlet_a: str, outlet_b: str, *, pairs=None, max_n: int = 5, min_tokens: int = 4,
            tokens: pd.DataFrame | None = None, passages_table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Overlap measures between two outlets, pooled per outlet and for every paired article pair.

    ``pairs`` chooses the article pairs (see ``passages``); the idf is fitted
    once, on every article of both outlets. The copy rate of each article
    against all of the other outlet's is measured on the pairs the word-5-gram
    index finds (``stories.candidates``), with the story pairs: never on all pairs.
    ``passages_table``, the ``passages`` of the same ``pairs`` and
    ``min_tokens`` (with ``max_gap`` 1), saves aligning those pairs again.
    With an active Dask client, more pairs than one partition holds and no
    ``tokens``, the measures are computed on the cluster (``distributed.summary``).

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
    chosen = stories.chosen_pairs(articles, outlet_a, outlet_b, pairs)
    # with the tokens here, the measures cost less here than tokenising again on the workers
    if tokens is None and (active := distributed.for_pairs(len(chosen), articles)) is not None:
        return distributed.summary(articles, outlet_a, outlet_b, pairs=stories.pair_table(chosen), max_n=max_n,
                                   min_tokens=min_tokens, passages_table=passages_table, dask_client=active)
    ids_a = sorted(articles.loc[articles["outlet"] == outlet_a, "doc_id"])
    ids_b = sorted(articles.loc[articles["outlet"] == outlet_b, "doc_id"])
    docs = _sequences(articles, set(ids_a) | set(ids_b), tokens)
    reuse = stories.candidates(articles, outlet_a, outlet_b, min_shared=1)
    copy_pairs = sorted(set(chosen) | set(zip(reuse["doc_id_a"], reuse["doc_id_b"])))
    if passages_table is None:
        found = _passage_table(docs, copy_pairs, min_tokens, max_gap=1)
    else:
        extra = _passage_table(docs, sorted(set(copy_pairs) - set(chosen)), min_tokens, max_gap=1)
        found = pd.concat([passages_table[PASSAGE_COLUMNS], extra], ignore_index=True) if len(extra) else passages_table
    shared = on_pairs(found, chosen)
    vectors = Vectors(document_frequencies([docs[d].stems for d in ids_a + ids_b]), len(ids_a) + len(ids_b),
                      {d: docs[d].stems for d in ids_a + ids_b})
    hashes = {d: shingle_hashes(docs[d], max_n) for d in docs}
    pooled = {side: {n: stories.distinct(np.concatenate([hashes[d][n] for d in ids] or [np.empty(0, np.uint64)]))
                     for n in range(1, max_n + 1)} for side, ids in (("a", ids_a), ("b", ids_b))}
    spans_a, spans_b = spans_by_doc(shared, "a"), spans_by_doc(shared, "b")
    counts = {side: vectors.counted([[s for d in ids for s in docs[d].stems]]) for side, ids in (("a", ids_a), ("b", ids_b))}
    rows = [("outlets", "*", "*", measure, n, value) for measure, n, value in measures(
        in_common({s for d in ids_a for s in docs[d].stems}, {s for d in ids_b for s in docs[d].stems}),
        _shingles_in_common(pooled["a"], pooled["b"]),
        (sum(covered_words(docs[d], spans_a.get(d, [])) for d in ids_a), sum(covered_words(docs[d], spans_b.get(d, [])) for d in ids_b)),
        (sum(len(docs[d].keys) for d in ids_a), sum(len(docs[d].keys) for d in ids_b)),
        lambda idf: vectors.cosine(counts["a"], counts["b"], idf))]
    rows += pair_summary(docs, vectors, chosen, shared, max_n, hashes)
    for side, ids in (("a", ids_a), ("b", ids_b)):  # each article against all of the other outlet's
        spans = spans_by_doc(found, side)
        for doc_id in ids:
            covered = share(covered_words(docs[doc_id], spans.get(doc_id, [])), len(docs[doc_id].keys))
            a, b = (doc_id, "*") if side == "a" else ("*", doc_id)
            rows.append(("article", a, b, f"copy rate {side}", None, covered))
    return summary_table(rows)


def on_pairs(passages_table: pd.DataFrame, chosen: list[tuple[str, str]]) -> pd.DataFrame:
    """The rows of a passages table whose article pair is one of ``chosen``."""
    chosen_set = set(chosen)
    keep = [pair in chosen_set for pair in zip(passages_table["doc_id_a"], passages_table["doc_id_b"])]
    return passages_table[np.array(keep, dtype=bool)]


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
    return _pair_similarity(toks, sents, doc_id_a, doc_id_b)


def _pair_similarity(toks: pd.DataFrame, sents: pd.DataFrame, doc_id_a: str, doc_id_b: str) -> pd.DataFrame:
    """``sentence_similarity`` from the tokens and sentences of the two articles alone."""
    content = toks[text.is_content(toks)]
    bags = {key: [] for key in zip(sents["doc_id"], sents["sent_id"])}
    for doc_id, sent_id, stem in zip(content["doc_id"], content["sent_id"], content["stem"]):
        bags[(doc_id, sent_id)].append(stem)
    keys_a = [k for k in bags if k[0] == doc_id_a]
    keys_b = [k for k in bags if k[0] == doc_id_b]
    vectoriser = TfidfVectorizer(analyzer=lambda doc: doc, smooth_idf=True, norm="l2")
    matrix = vectoriser.fit_transform([bags[k] for k in keys_a + keys_b]) if content.size else None
    scores = cosine_similarity(matrix[: len(keys_a)], matrix[len(keys_a):]) if matrix is not None else np.zeros((len(keys_a), len(keys_b)))
    rows = [(doc_id_a, ka[1], doc_id_b, kb[1], round(float(scores[i, j]), 4))
            for i, ka in enumerate(keys_a) for j, kb in enumerate(keys_b)]
    return pd.DataFrame(rows, columns=["doc_id_a", "sent_id_a", "doc_id_b", "sent_id_b", "score"])


def _by_doc(table: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """A table with a doc_id column split into one table per article (one pass, not one filter per article)."""
    return {doc_id: group for doc_id, group in table.groupby("doc_id", sort=False)}


def align_sentences(articles: pd.DataFrame, outlet_a: str, outlet_b: str, *, pairs=None) -> pd.DataFrame:
    """For each sentence of ``outlet_a``'s paired articles, the most similar sentence among its paired articles of B.

    ``pairs`` chooses the article pairs (see ``passages``). Returns doc_id_a,
    sent_id_a, start_a, end_a, text_a, doc_id_b, sent_id_b, start_b, end_b,
    text_b, score (TF-IDF cosine of content stems, 0–1). Ties go to the earlier
    article and sentence. A sentence with no content word in common with any
    sentence of its paired articles has score 0 and its best match is the
    first sentence of the first of them. Articles with no pair have no rows.
    With an active Dask client and more pairs than one partition holds, the
    pairs are aligned on the cluster (``distributed.align_sentences``).
    """
    chosen_pairs = stories.chosen_pairs(articles, outlet_a, outlet_b, pairs)
    if (active := distributed.for_pairs(len(chosen_pairs), articles)) is not None:  # a cluster aligns them over whole stories
        return distributed.align_sentences(articles, outlet_a, outlet_b, pairs=stories.pair_table(chosen_pairs),
                                           dask_client=active)
    # a story at a time (in groups of about PAIRS_PER_PARTITION pairs): an article's pairs all lie in its story, and
    # the sentence pairs' similarities of the whole corpus at once would fill the memory (millions of rows)
    groups = distributed.story_groups(chosen_pairs, distributed.PAIRS_PER_PARTITION) if chosen_pairs else [[]]
    pieces = [_aligned(articles, group) for group in groups]
    table = distributed.concatenated(pieces)
    return table.sort_values(["doc_id_a", "sent_id_a"], kind="stable").reset_index(drop=True)


def _aligned(articles: pd.DataFrame, chosen_pairs: list[tuple[str, str]]) -> pd.DataFrame:
    """``align_sentences`` of the pairs given, in one go."""
    chosen = articles[articles["doc_id"].isin({d for pair in chosen_pairs for d in pair})]
    toks, all_sents = text.tokens(chosen), text.sentences(chosen)  # once, not once per article pair
    tok_of, sent_of = _by_doc(toks), _by_doc(all_sents)
    empty_toks, empty_sents = toks.iloc[:0], all_sents.iloc[:0]
    sims = [_pair_similarity(pd.concat([tok_of.get(a, empty_toks), tok_of.get(b, empty_toks)]),
                             pd.concat([sent_of.get(a, empty_sents), sent_of.get(b, empty_sents)]), a, b)
            for a, b in chosen_pairs]
    sims = pd.concat(sims, ignore_index=True) if sims else _pair_similarity(empty_toks, empty_sents, "", "")
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


def closest_pairs(measures: pd.DataFrame, n: int = 3) -> list[tuple[str, str]]:
    """The ``n`` article pairs of a ``summary`` table with the highest copy rate, then TF-IDF cosine: the pairs to read side by side."""
    rows = measures[measures["scope"] == "articles"]
    wide = rows.pivot_table(index=["doc_id_a", "doc_id_b"], columns="measure", values="value", aggfunc="first")
    if wide.empty:
        return []
    wide = wide.reindex(columns=["copy rate a", "copy rate b", "tf-idf cosine"]).fillna(0)
    wide["copy"] = wide[["copy rate a", "copy rate b"]].max(axis=1)
    ranked = wide.reset_index().sort_values(["copy", "tf-idf cosine", "doc_id_a", "doc_id_b"],
                                            ascending=[False, False, True, True], kind="stable")
    return list(zip(ranked["doc_id_a"], ranked["doc_id_b"]))[:n]


def reused(passages_table: pd.DataFrame) -> pd.DataFrame:
    """The passages shared most often across the corpus (wire copy, a press release, a quotation many articles carry).

    Passages whose A-side words are the same (case, punctuation and quote
    marks folded) are one text. Returns text (A's wording of its first
    occurrence), n_tokens, pairs (article pairs sharing it), articles_a,
    articles_b (distinct articles of each outlet carrying it), first_doc_id_a,
    first_start_a; sorted by pairs (most first), n_tokens, text.
    """
    columns = ["text", "n_tokens", "pairs", "articles_a", "articles_b", "first_doc_id_a", "first_start_a"]
    if passages_table.empty:
        return pd.DataFrame(columns=columns)
    key = passages_table["text_a"].map(lambda s: " ".join(match_key(text.normalise(w)) for w in stories.words(s)))
    grouped = passages_table.assign(key=key).groupby("key", sort=False)
    table = pd.DataFrame({
        "text": grouped["text_a"].first(), "n_tokens": grouped["n_tokens"].max(), "pairs": grouped.size(),
        "articles_a": grouped["doc_id_a"].nunique(), "articles_b": grouped["doc_id_b"].nunique(),
        "first_doc_id_a": grouped["doc_id_a"].first(), "first_start_a": grouped["start_a"].first(),
    }).reset_index(drop=True)
    return table[columns].sort_values(["pairs", "n_tokens", "text"], ascending=[False, False, True],
                                      kind="stable").reset_index(drop=True)
