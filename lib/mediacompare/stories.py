"""Which article of one outlet tells the same story as which article of the other — without comparing all pairs.

``pairs(articles, a, b)`` → one row per pair of articles, one from each
outlet, that tell the same story: doc_id_a, doc_id_b, score, shared,
days_apart, story_id. ``stories(articles, a, b)`` → one row per article:
doc_id, outlet, title, published, story_id, covered_by.

Candidates come from two indexes, as Passim finds reused text (Smith, Cordell
& Mullen 2015): an inverted index of hashed word 5-grams, where a 5-gram found
in more than ``max_df`` articles is boilerplate and dropped, so that a pair of
articles needs ``min_shared`` rare 5-grams in common; and TF-IDF cosine of
content stems, as a sparse matrix product (scikit-learn, SciPy) over terms
used by at most ``max_term_df`` articles, top ``top_k`` per article, inside a
date window. Each pair is the work of the words the two articles share, never
of the corpus size squared. Stories are the connected groups of pairs
(SciPy's ``connected_components``).
"""

from __future__ import annotations

import hashlib
import re
import zlib
from functools import lru_cache

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.sparse.csgraph import connected_components

from . import corpus, distributed, progress, text
from .errors import MediacompareError
from .vectors import Vectors, joined_counts, stem_counts

PAIR_COLUMNS = ["doc_id_a", "doc_id_b", "score", "shared", "days_apart", "story_id"]
STORY_COLUMNS = ["doc_id", "outlet", "title", "published", "story_id", "covered_by"]
DUPLICATE_COLUMNS = ["doc_id", "outlet", "duplicate_of"]
WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
#: The multiplier of the rolling hash of word 5-grams (a large odd 64-bit constant; arithmetic wraps mod 2⁶⁴).
HASH_BASE = np.uint64(0x9E3779B97F4A7C15)


def words(s: str) -> list[str]:
    """The lower-cased words of ``s``, punctuation left out: what shingles and story vectors are made of."""
    return WORD.findall(s.lower().replace("’", "'"))


@lru_cache(maxsize=None)
def word_hash(word: str) -> int:
    """A hash of a word that is the same in every process and on every machine (unlike Python's ``hash``)."""
    return zlib.crc32(word.encode("utf-8")) | (zlib.adler32(word.encode("utf-8")) << 32)


@lru_cache(maxsize=None)
def _content_stem(word: str) -> str:
    """The Snowball stem of a content word, or "" for a stopword or a word without a letter (one call per word type)."""
    if word in text.stopwords() or word.strip("'") in text.stopwords() or not text.has_letter(word):
        return ""
    return text.STEMMER.stem(word)


@distributed.per_article()
def shingles(articles: pd.DataFrame, n: int = 5) -> pd.DataFrame:
    """Every distinct hashed word ``n``-gram of each article: doc_id, hash (uint64), one row per pair.

    A rolling polynomial hash over per-word hashes, so that an n-gram hashes the
    same in every article and process. Sorted by doc_id, hash.
    """
    doc_ids, hashes = [], []
    for doc_id, body in progress.over(zip(articles["doc_id"], articles["text"]), "word 5-grams", len(articles)):
        ids = np.fromiter((word_hash(w) for w in words(body)), dtype=np.uint64)
        if len(ids) < n:
            continue
        h = np.zeros(len(ids) - n + 1, dtype=np.uint64)
        with np.errstate(over="ignore"):
            for k in range(n):
                h = h * HASH_BASE + ids[k:len(ids) - n + 1 + k]
        h = distinct(h)
        hashes.append(h)
        doc_ids.append(np.full(len(h), doc_id, dtype=object))
    if not hashes:
        return pd.DataFrame({"doc_id": pd.Series([], dtype=object), "hash": pd.Series([], dtype=np.uint64)})
    return pd.DataFrame({"doc_id": np.concatenate(doc_ids), "hash": np.concatenate(hashes)})


def distinct(values: np.ndarray) -> np.ndarray:
    """The distinct values of an array, sorted, by sorting: numpy 2's hash-based ``np.unique`` takes about seven
    times as long on the small per-article arrays this is called on thousands of times."""
    ordered = np.sort(values)
    return ordered[np.concatenate(([True], ordered[1:] != ordered[:-1]))] if len(ordered) else ordered


def candidates(articles: pd.DataFrame, outlet_a: str, outlet_b: str, *, n: int = 5, max_df: int = 20,
               min_shared: int = 1) -> pd.DataFrame:
    """Pairs of articles (one per outlet) that share at least ``min_shared`` rare word ``n``-grams.

    A join of the two outlets' shingle postings on the hash; an n-gram used by
    more than ``max_df`` articles of the two outlets is boilerplate and left out
    before the join, so each n-gram yields at most ``max_df``² / 4 pairs.
    Returns doc_id_a, doc_id_b, shared (the number of rare n-grams in common),
    sorted by doc_id_a, doc_id_b.
    """
    chosen = articles[articles["outlet"].isin([outlet_a, outlet_b])]
    postings = shingles(chosen, n)
    postings = postings.assign(outlet=postings["doc_id"].map(dict(zip(chosen["doc_id"], chosen["outlet"]))))
    df = postings.groupby("hash")["doc_id"].transform("size")
    postings = postings[(df >= 2) & (df <= max_df)]
    joined = postings[postings["outlet"] == outlet_a].merge(
        postings[postings["outlet"] == outlet_b], on="hash", suffixes=("_a", "_b"))
    shared = joined.groupby(["doc_id_a", "doc_id_b"]).size().rename("shared").reset_index()
    shared = shared[shared["shared"] >= min_shared]
    return shared.sort_values(["doc_id_a", "doc_id_b"], kind="stable").reset_index(drop=True)


def stem_lists(articles: pd.DataFrame) -> list[list[str]]:
    """The content stems of each article (``words`` that are not stopwords, Snowball-stemmed): story vectors' terms."""
    return [[s for s in map(_content_stem, words(body)) if s] for body in articles["text"]]


def _dates(articles: pd.DataFrame) -> np.ndarray:
    """Days since the epoch of each article's published date, NaN where it has none."""
    parsed = pd.to_datetime(articles["published"].replace("", None), errors="coerce", format="%Y-%m-%d")
    return ((parsed - pd.Timestamp("1970-01-01")) / pd.Timedelta(days=1)).to_numpy(dtype=float)


def _top_k(matrix: sparse.csr_matrix, k: int) -> set[tuple[int, int]]:
    """The (row, column) of the ``k`` largest entries of each row of a sparse matrix (ties: lower column)."""
    kept = set()
    for i in range(matrix.shape[0]):
        start, end = matrix.indptr[i], matrix.indptr[i + 1]
        cols, vals = matrix.indices[start:end], matrix.data[start:end]
        order = np.lexsort((cols, -vals))[:k]
        kept.update((i, int(c)) for c in cols[order])
    return kept


def pairs(articles: pd.DataFrame, outlet_a: str, outlet_b: str, *, n: int = 5, max_df: int = 20, min_shared: int = 2,
          min_shared_score: float = 0.1, min_score: float = 0.3, min_ratio: float = 0.8, top_k: int = 5,
          max_term_df: int = 50, window_days: float = 3) -> pd.DataFrame:
    """Pairs of articles, one of each outlet, that tell the same story.

    Parameters
    ----------
    articles : DataFrame
        The articles table.
    outlet_a, outlet_b : str
        The two outlets.
    n, max_df, min_shared, min_shared_score : int, int, int, float
        A pair that shares at least ``min_shared`` word ``n``-grams, each used by at
        most ``max_df`` articles (more is boilerplate), and has a TF-IDF cosine of
        at least ``min_shared_score``, tells the same story: text reuse (wire copy,
        a long shared quotation) pairs articles on any date, while a phrase two
        stories of one beat share ("the minister for transport told reporters")
        with little else in common does not.
    min_score, min_ratio : float
        Otherwise a pair needs a TF-IDF cosine of content stems (smoothed idf,
        fitted once on both outlets) of at least ``min_score``, and at least
        ``min_ratio`` times the best cosine of each of its two articles: an
        article on the same broad topic (the ferry company's accounts beside its
        strike) scores well, but less well than the same story does.
    top_k, max_term_df : int
        Candidates for the cosine are the ``top_k`` most similar articles of each
        article, among those sharing a content stem used by at most
        ``max_term_df`` articles, so no article is compared with every other.
    window_days : float
        A pair found by its cosine alone must be published at most this many days
        apart. An article without a date is compared by its text alone, and its
        pairs have ``days_apart`` NA.

    Returns
    -------
    DataFrame
        doc_id_a, doc_id_b, score (TF-IDF cosine, 0–1), shared (rare word
        n-grams in common), days_apart (absolute, NA where a date is missing),
        story_id (the connected group of pairs, see ``stories``). Sorted by
        doc_id_a, doc_id_b.
    """
    options = dict(n=n, max_df=max_df, min_shared=min_shared, min_shared_score=min_shared_score, min_score=min_score,
                   min_ratio=min_ratio, top_k=top_k, max_term_df=max_term_df, window_days=window_days)
    if distributed.is_lazy(articles):  # its texts are on the cluster only
        return distributed.pairs(articles, outlet_a, outlet_b, **options)
    corpus.require_outlets(articles, outlet_a, outlet_b)
    chosen = articles[articles["outlet"].isin([outlet_a, outlet_b])].sort_values("doc_id", kind="stable")
    if len(chosen) > distributed.ARTICLES_PER_PARTITION and (active := distributed.client()) is not None:
        return distributed.pairs(chosen, outlet_a, outlet_b, dask_client=active, **options)
    is_a = (chosen["outlet"] == outlet_a).to_numpy()
    if is_a.all() or not is_a.any():
        return _with_stories(pd.DataFrame(columns=PAIR_COLUMNS[:-1]), chosen, outlet_a, outlet_b)
    frequency, counts = joined_counts([stem_counts(stem_lists(chosen))])
    vectors = Vectors.of_counts(frequency, len(chosen), list(chosen["doc_id"]), counts)
    product = rare_product(vectors.rows[True], frequency, is_a, max_term_df)
    reused = candidates(chosen, outlet_a, outlet_b, n=n, max_df=max_df, min_shared=1)
    return pairs_of(chosen, outlet_a, outlet_b, product, reused, vectors.scores, **options)


def rare_product(tfidf: sparse.csr_matrix, frequency: pd.Series, is_a: np.ndarray, max_term_df: int) -> sparse.coo_matrix:
    """The TF-IDF cosines of A's articles (rows of ``tfidf`` where ``is_a``) with B's over the stems used by at most
    ``max_term_df`` articles (``frequency``, in the columns' order): the candidates for pairing, as a sparse product
    over rare terms only."""
    restricted = tfidf[:, np.flatnonzero(frequency.to_numpy() <= max_term_df)]
    return (restricted[is_a] @ restricted[~is_a].T).tocoo()


def pairs_of(chosen: pd.DataFrame, outlet_a: str, outlet_b: str, product: sparse.coo_matrix, reused: pd.DataFrame,
             scores, *, min_shared: int, min_shared_score: float, min_score: float, min_ratio: float, top_k: int,
             window_days: float, **_) -> pd.DataFrame:
    """The pairs table from its evidence: what ``pairs`` does after the counting, in one process or on a cluster.

    ``chosen`` are the two outlets' articles sorted by doc_id; ``product`` the
    TF-IDF cosines over rare stems (A's articles by B's, in that order);
    ``reused`` the ``candidates`` table; ``scores(ids_a, ids_b)`` the full
    cosines of those pairs. The options are ``pairs``'s.
    """
    is_a = (chosen["outlet"] == outlet_a).to_numpy()
    ids = chosen["doc_id"].to_numpy()
    ids_a, ids_b = ids[is_a], ids[~is_a]
    dates = _dates(chosen)
    dates_a, dates_b = dates[is_a], dates[~is_a]
    apart = np.abs(dates_a[product.row] - dates_b[product.col])
    in_window = np.isnan(apart) | (apart <= window_days)
    # rounded, so that a sum made in another order (on a cluster) ranks ties the same way
    product = sparse.csr_matrix((np.round(product.data[in_window], 12), (product.row[in_window], product.col[in_window])),
                                shape=(len(ids_a), len(ids_b)))
    close = _top_k(product, top_k) | {(i, j) for j, i in _top_k(product.T.tocsr(), top_k)}

    index_a = {d: i for i, d in enumerate(ids_a)}
    index_b = {d: i for i, d in enumerate(ids_b)}
    shared = {(index_a[a], index_b[b]): s for a, b, s in reused.itertuples(index=False)}
    kept_pairs = {p for p in shared if shared[p] >= min_shared} | close
    if not kept_pairs:
        return _with_stories(pd.DataFrame(columns=PAIR_COLUMNS[:-1]), chosen, outlet_a, outlet_b)
    rows_a, rows_b = (np.array(x) for x in zip(*sorted(kept_pairs)))
    table = pd.DataFrame({
        "doc_id_a": ids_a[rows_a], "doc_id_b": ids_b[rows_b], "score": scores(ids_a[rows_a], ids_b[rows_b]).round(4),
        "shared": [shared.get((i, j), 0) for i, j in zip(rows_a, rows_b)],
        "days_apart": pd.array(np.abs(dates_a[rows_a] - dates_b[rows_b]), dtype="Float64").round(0).astype("Int64"),
    })
    by_text = (table["score"] >= min_score) & (table["score"] >= min_ratio * _best(table, "doc_id_a")) \
        & (table["score"] >= min_ratio * _best(table, "doc_id_b"))
    keep = ((table["shared"] >= min_shared) & (table["score"] >= min_shared_score)) | by_text
    return _with_stories(table[keep.to_numpy()], chosen, outlet_a, outlet_b)


def _best(table: pd.DataFrame, column: str) -> pd.Series:
    """For each row of a pairs table, the best score of any pair of the article in ``column``."""
    return table.groupby(column)["score"].transform("max")


def _components(chosen: pd.DataFrame, table: pd.DataFrame) -> dict[str, int]:
    """story_id of every article: connected groups of the pairs, numbered from 1 in order of their first doc_id."""
    ids = chosen["doc_id"].to_numpy()
    position = {d: i for i, d in enumerate(ids)}
    rows = [position[d] for d in table["doc_id_a"]]
    cols = [position[d] for d in table["doc_id_b"]]
    graph = sparse.coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(ids), len(ids)))
    _, labels = connected_components(graph, directed=False)
    first = {}
    for doc_id, label in sorted(zip(ids, labels)):
        first.setdefault(label, len(first) + 1)
    return {doc_id: first[label] for doc_id, label in zip(ids, labels)}


def _with_stories(table: pd.DataFrame, chosen: pd.DataFrame, outlet_a: str, outlet_b: str) -> pd.DataFrame:
    story = _components(chosen, table)
    table = table.assign(story_id=[story[d] for d in table["doc_id_a"]])
    for column, dtype in (("score", float), ("shared", int)):
        table[column] = table[column].astype(dtype)
    table["days_apart"] = table["days_apart"].astype("Int64")
    table["story_id"] = table["story_id"].astype(int)
    table = table[PAIR_COLUMNS].sort_values(["doc_id_a", "doc_id_b"], kind="stable").reset_index(drop=True)
    return table


def stories(articles: pd.DataFrame, outlet_a: str, outlet_b: str, *, pairs_table: pd.DataFrame | None = None,
            **options) -> pd.DataFrame:
    """One row per article of the two outlets: doc_id, outlet, title, published, story_id, covered_by.

    ``covered_by`` is "both" when the article's story has articles of both
    outlets, else the one outlet that covered it. ``pairs_table`` is a table of
    ``pairs`` (computed with ``options`` when not given). Sorted by story_id, outlet, doc_id.
    """
    corpus.require_outlets(articles, outlet_a, outlet_b)
    chosen = articles[articles["outlet"].isin([outlet_a, outlet_b])].sort_values("doc_id", kind="stable")
    table = pairs(articles, outlet_a, outlet_b, **options) if pairs_table is None else pairs_table
    story = _components(chosen, table)
    result = chosen[["doc_id", "outlet", "title", "published"]].copy()
    result["story_id"] = result["doc_id"].map(story).astype(int)
    outlets_of = result.groupby("story_id")["outlet"].agg(lambda o: "both" if o.nunique() == 2 else o.iloc[0])
    result["covered_by"] = result["story_id"].map(outlets_of)
    return result[STORY_COLUMNS].sort_values(["story_id", "outlet", "doc_id"], kind="stable").reset_index(drop=True)


def on_shared_stories(table: pd.DataFrame, story_table: pd.DataFrame) -> pd.DataFrame:
    """The rows of any table with a doc_id (tokens, quotes, articles) whose article's story both outlets covered."""
    both = set(story_table.loc[story_table["covered_by"] == "both", "doc_id"])
    return table[table["doc_id"].isin(both)]


def duplicates(articles: pd.DataFrame) -> pd.DataFrame:
    """Articles whose cleaned text is the same as an earlier one's (by doc_id), with white space and case folded.

    Returns doc_id, outlet, duplicate_of (the first doc_id with that text), sorted by doc_id. The texts are
    compared by a 128-bit hash of the folded text, made a partition at a time (on the cluster for a lazy table).
    """
    keys = folded_text_keys(articles)
    first = {}
    rows = []
    for doc_id, outlet, key in sorted(zip(keys["doc_id"], keys["outlet"], keys["key"])):
        if key in first:
            rows.append((doc_id, outlet, first[key]))
        else:
            first[key] = doc_id
    return pd.DataFrame(rows, columns=DUPLICATE_COLUMNS)


@distributed.per_article()
def folded_text_keys(articles: pd.DataFrame) -> pd.DataFrame:
    """doc_id, outlet and key: a BLAKE2b hash (16 bytes) of each article's text with white space and case
    folded, so that texts are compared without holding them."""
    keys = [hashlib.blake2b(" ".join(body.lower().split()).encode(), digest_size=16).digest() for body in articles["text"]]
    return pd.DataFrame({"doc_id": articles["doc_id"].to_numpy(), "outlet": articles["outlet"].to_numpy(), "key": keys})


def chosen_pairs(articles: pd.DataFrame, outlet_a: str, outlet_b: str, pairs_table=None) -> list[tuple[str, str]]:
    """The article pairs a cross-outlet analysis compares, as sorted ``(doc_id_a, doc_id_b)`` tuples.

    ``pairs_table`` is None or "stories" (the default: ``pairs(articles, a, b)``), "all"
    (every article of A with every article of B: the brute-force reference,
    quadratic in the number of articles), or a table with doc_id_a and doc_id_b
    (e.g. from ``pairs`` with other thresholds).
    """
    if distributed.is_lazy(articles):
        return distributed.chosen_pairs(articles, outlet_a, outlet_b, pairs_table)
    corpus.require_outlets(articles, outlet_a, outlet_b)
    if pairs_table is None or isinstance(pairs_table, str):
        if pairs_table == "all":
            ids_a = sorted(articles.loc[articles["outlet"] == outlet_a, "doc_id"])
            ids_b = sorted(articles.loc[articles["outlet"] == outlet_b, "doc_id"])
            return [(a, b) for a in ids_a for b in ids_b]
        if pairs_table not in (None, "stories"):
            raise MediacompareError(f"pairs='{pairs_table}' is not known — use 'stories', 'all' or a table from stories.pairs")
        pairs_table = pairs(articles, outlet_a, outlet_b)
    return sorted(zip(pairs_table["doc_id_a"], pairs_table["doc_id_b"]))


def pair_table(chosen: list[tuple[str, str]]) -> pd.DataFrame:
    """``chosen_pairs``'s list back as a table (doc_id_a, doc_id_b) that the ``pairs=`` options take."""
    return pd.DataFrame(chosen, columns=["doc_id_a", "doc_id_b"]).astype(object)


def described(pairs_table: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """A pairs table with each article's title and date beside its doc_id, for reading.

    Returns story_id, doc_id_a, title_a, published_a, doc_id_b, title_b,
    published_b, days_apart, score, shared; sorted by story_id, score (highest
    first), doc_id_a, doc_id_b.
    """
    meta = articles[["doc_id", "title", "published"]]
    table = (pairs_table.merge(meta.add_suffix("_a"), on="doc_id_a", how="left")
                        .merge(meta.add_suffix("_b"), on="doc_id_b", how="left"))
    columns = ["story_id", "doc_id_a", "title_a", "published_a", "doc_id_b", "title_b", "published_b",
               "days_apart", "score", "shared"]
    return (table[columns].sort_values(["story_id", "score", "doc_id_a", "doc_id_b"], ascending=[True, False, True, True],
                                       kind="stable").reset_index(drop=True))


def coverage(story_table: pd.DataFrame, outlet_a: str, outlet_b: str) -> pd.DataFrame:
    """How many stories each outlet covered alone or both covered, from a ``stories`` table.

    Returns covered_by ("both", outlet_a, outlet_b, in that order), stories,
    articles_a, articles_b (the articles of each outlet on those stories).
    """
    rows = []
    for who in ("both", outlet_a, outlet_b):
        part = story_table[story_table["covered_by"] == who]
        rows.append((who, part["story_id"].nunique(), int((part["outlet"] == outlet_a).sum()),
                     int((part["outlet"] == outlet_b).sum())))
    return pd.DataFrame(rows, columns=["covered_by", "stories", "articles_a", "articles_b"])


def per_day(articles: pd.DataFrame, outlet_a: str, outlet_b: str) -> pd.DataFrame:
    """Articles per outlet per publication day: published, articles_a, articles_b, sorted by date.

    Articles without a date are counted on one row whose published is "" (last).
    """
    corpus.require_outlets(articles, outlet_a, outlet_b)
    chosen = articles[articles["outlet"].isin([outlet_a, outlet_b])]
    counts = chosen.groupby(["published", "outlet"]).size().unstack("outlet", fill_value=0)
    counts = counts.reindex(columns=[outlet_a, outlet_b], fill_value=0)
    table = pd.DataFrame({"published": counts.index, "articles_a": counts[outlet_a].to_numpy(dtype=int),
                          "articles_b": counts[outlet_b].to_numpy(dtype=int)})
    table["undated"] = table["published"] == ""
    table = table.sort_values(["undated", "published"], kind="stable").drop(columns="undated")
    return table.reset_index(drop=True)


def titled(table: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``table`` with each article's title beside its doc_id (title, or title_a and title_b), for reading.

    The index is kept, so row anchors that point at the table still point at the same rows.
    """
    title = dict(zip(articles["doc_id"], articles["title"]))
    result = table.copy()
    for id_column, title_column in (("doc_id", "title"), ("doc_id_a", "title_a"), ("doc_id_b", "title_b")):
        if id_column in result and title_column not in result:
            result.insert(result.columns.get_loc(id_column) + 1, title_column, result[id_column].map(title).fillna(""))
    return result
