"""Content-stem vectors of articles: TF-IDF (scikit-learn's smoothed idf) and plain counts, rows of unit length.

``Vectors(frequency, n_docs, stems)`` takes the document frequency of each
stem and the number of articles the idf is fitted on, rather than fitting on
the texts: frequencies of parts of a corpus add up to those of the whole, so a
Dask cluster sums them as a reduction and each worker builds the same vectors
for its own articles (``distributed``). ``stories.pairs`` and
``overlap.summary`` use it in one process too, so both paths give the same numbers.
"""

from __future__ import annotations

from typing import Iterable

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.preprocessing import normalize


def document_frequencies(stem_lists: Iterable[list[str]]) -> pd.Series:
    """How many of the lists (one per article) hold each stem, by stem (sorted): what the idf is made of."""
    distinct_stems = [s for stems in stem_lists for s in set(stems)]
    return pd.Series(distinct_stems, dtype=object).value_counts().sort_index().astype("int64")


def stem_counts(stem_lists: list[list[str]]) -> tuple[np.ndarray, sparse.csr_matrix]:
    """The stems a part of a corpus uses (sorted) and each list's count of each (a row per list, in order): a
    compact form of the part's stems, which ``joined_counts`` puts together with the other parts'."""
    flat = np.array([stem for stems in stem_lists for stem in stems], dtype=object)
    columns, used = pd.factorize(flat, sort=True)  # hashes, then sorts the distinct stems only: 4x np.unique's speed
    return used, _count_matrix(stem_lists, columns, len(used))


def _count_matrix(stem_lists: list[list[str]], columns: np.ndarray, width: int) -> sparse.csr_matrix:
    """A row per list, counting the column of each of its stems (``columns``: one per stem of the lists, in order;
    -1 for a stem left out), indices sorted."""
    rows = np.repeat(np.arange(len(stem_lists)), [len(stems) for stems in stem_lists])
    known = columns >= 0
    counts = sparse.coo_matrix((np.ones(int(known.sum())), (rows[known], columns[known])),
                               shape=(len(stem_lists), width)).tocsr()
    counts.sum_duplicates()
    return counts


def joined_counts(parts: list[tuple[np.ndarray, sparse.csr_matrix]]) -> tuple[pd.Series, sparse.csr_matrix]:
    """The document frequencies of all the parts' stems (as ``document_frequencies`` gives them for the whole)
    and the parts' rows stacked in order, with a column per stem in that order (``Vectors.of_counts``)."""
    every = np.concatenate([used for used, _ in parts] or [np.empty(0, dtype=object)])
    vocabulary = pd.Index(pd.unique(every), dtype=object).sort_values()  # hashed, then only the distinct stems sorted
    frequency = np.zeros(len(vocabulary), dtype="int64")
    blocks = []
    for used, counts in parts:
        at = vocabulary.get_indexer(used)  # increasing, as both are sorted: the rows' indices stay sorted
        frequency[at] += counts.getnnz(axis=0)
        blocks.append(sparse.csr_matrix((counts.data, at[counts.indices], counts.indptr),
                                        shape=(counts.shape[0], len(vocabulary))))
    stacked = sparse.vstack(blocks, format="csr") if blocks else sparse.csr_matrix((0, len(vocabulary)))
    return pd.Series(frequency, index=vocabulary, dtype="int64"), stacked


class Vectors:
    """TF-IDF (smoothed idf, l2 rows) and plain-count (l2 rows) vectors of articles' content stems.

    ``frequency`` (by stem, as ``document_frequencies`` gives it) and
    ``n_docs`` are the articles the idf is fitted on; ``stems`` (doc_id →
    content stems) are the articles whose vectors ``rows`` holds, in that order.
    """

    def __init__(self, frequency: pd.Series, n_docs: int, stems: dict[str, list[str]]):
        # an Index, not a dict: its hash table is built once however many partitions of a corpus look stems up in
        # it, where a dict (or CountVectorizer's vocabulary check) would cost the whole vocabulary per partition
        self.vocabulary = frequency.index
        # scikit-learn's smoothed idf, ln((1 + n) / (1 + df)) + 1, from document frequencies that may be summed over
        # partitions: TfidfVectorizer computes it only from the documents it is fitted on
        self.idf = np.log((1 + n_docs) / (1 + frequency.to_numpy(dtype=float))) + 1
        self._rows(list(stems), self.counted(list(stems.values())))

    @classmethod
    def of_counts(cls, frequency: pd.Series, n_docs: int, doc_ids: list[str], counts: sparse.csr_matrix) -> "Vectors":
        """The vectors of the articles ``doc_ids`` from their counts (a row each, a column per stem of
        ``frequency``, as ``joined_counts`` gives them) rather than from their stems."""
        vectors = cls(frequency, n_docs, {})
        vectors._rows(doc_ids, counts)
        return vectors

    def _rows(self, doc_ids: list[str], counts: sparse.csr_matrix) -> None:
        self.row = {d: i for i, d in enumerate(doc_ids)}
        self.rows = {idf: self.weighted(counts, idf) for idf in (True, False)}

    def counted(self, stem_lists: list[list[str]]) -> sparse.csr_matrix:
        """A count of each vocabulary stem, a row per list of stems (stems outside the vocabulary are left out), as
        CountVectorizer with a fixed vocabulary counts them: columns in the vocabulary's order, indices sorted."""
        flat = [stem for stems in stem_lists for stem in stems]
        columns = self.vocabulary.get_indexer(flat) if flat else np.empty(0, dtype=np.intp)
        return _count_matrix(stem_lists, columns, len(self.vocabulary))

    def weighted(self, counts: sparse.csr_matrix, idf: bool) -> sparse.csr_matrix:
        """Rows of counts as unit vectors, TF-IDF weighted when ``idf``."""
        if not len(self.vocabulary) or not counts.shape[0]:  # no content word, or no article: nothing to weigh
            return sparse.csr_matrix(counts)
        if idf:  # each count times its stem's idf: what a product with the diagonal of idfs gives, without the diagonal
            counts = counts.copy()
            counts.data = counts.data * self.idf[counts.indices]
        return normalize(counts, norm="l2").tocsr()

    def cosine(self, a, b, idf: bool) -> float:
        """Cosine of two articles (doc ids) or of two rows of pooled counts (sparse, one row each); NaN for an
        empty vector."""
        if isinstance(a, str):
            u, v = self.rows[idf][self.row[a]], self.rows[idf][self.row[b]]
        else:
            u, v = self.weighted(a, idf), self.weighted(b, idf)
        if not u.nnz or not v.nnz:
            return float("nan")
        return min(float(u.multiply(v).sum()), 1.0)  # two unit vectors: rounding can give 1 + 2e-16

    def scores(self, pairs_a: list[str], pairs_b: list[str]) -> np.ndarray:
        """TF-IDF cosines of the article pairs ``(pairs_a[i], pairs_b[i])``, clipped to [0, 1]."""
        return row_cosines(self.rows[True], [self.row[d] for d in pairs_a], [self.row[d] for d in pairs_b])


def row_cosines(unit_rows: sparse.csr_matrix, rows_a: list[int], rows_b: list[int]) -> np.ndarray:
    """Cosines of the row pairs ``(rows_a[i], rows_b[i])`` of a matrix of unit rows, clipped to [0, 1]."""
    return np.clip(np.asarray(unit_rows[rows_a].multiply(unit_rows[rows_b]).sum(axis=1)).ravel(), 0, 1)
