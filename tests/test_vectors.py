"""Vectors built from document frequencies are scikit-learn's TF-IDF vectors, whichever process builds them."""

import math

import numpy as np
import pandas as pd
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from mediacompare.vectors import Vectors, document_frequencies, joined_counts, row_cosines, stem_counts

STEMS = {"a": ["bridg", "close", "bridg"], "b": ["bridg", "strike"], "c": ["ferri"]}


def test_document_frequencies_count_articles_not_uses():
    assert document_frequencies(STEMS.values()).to_dict() == {"bridg": 2, "close": 1, "ferri": 1, "strike": 1}
    # parts of a corpus add up to the whole
    parts = [document_frequencies([STEMS["a"]]), document_frequencies([STEMS["b"], STEMS["c"]])]
    assert pd.concat(parts).groupby(level=0).sum().to_dict() == document_frequencies(STEMS.values()).to_dict()


def test_counts_of_parts_join_into_the_whole_corpus_counts():
    used, counts = stem_counts([STEMS["b"], STEMS["c"], []])
    assert list(used) == ["bridg", "ferri", "strike"]  # the part's own stems, sorted
    assert counts.toarray().tolist() == [[1, 0, 1], [0, 1, 0], [0, 0, 0]]
    frequency, joined = joined_counts([stem_counts([STEMS["a"]]), (used, counts)])
    assert frequency.to_dict() == {"bridg": 2, "close": 1, "ferri": 1, "strike": 1}
    assert joined.toarray().tolist() == [[2, 1, 0, 0], [1, 0, 0, 1], [0, 0, 1, 0], [0, 0, 0, 0]]
    whole = Vectors(document_frequencies(STEMS.values()), 3, STEMS)
    from_counts = Vectors.of_counts(frequency, 3, ["a", "b", "c", "empty"], joined)
    np.testing.assert_array_equal(from_counts.rows[True][:3].toarray(), whole.rows[True].toarray())
    assert from_counts.row["empty"] == 3 and from_counts.rows[True][3].nnz == 0


def test_rows_are_scikit_learns_tfidf_rows():
    vectors = Vectors(document_frequencies(STEMS.values()), 3, STEMS)
    fitted = TfidfVectorizer(analyzer=lambda doc: doc, smooth_idf=True, norm="l2").fit_transform(STEMS.values())
    np.testing.assert_allclose(vectors.rows[True].toarray(), fitted.toarray(), rtol=1e-15)
    # by hand: idf = ln(4 / (1 + df)) + 1; "a" is bridg ×2, close ×1
    bridg, close = math.log(4 / 3) + 1, math.log(4 / 2) + 1
    norm = math.hypot(2 * bridg, close)
    assert vectors.rows[True][vectors.row["a"]].toarray()[0, :2] == pytest.approx([2 * bridg / norm, close / norm])
    # plain counts: (2, 1) / √5
    assert vectors.rows[False][vectors.row["a"]].toarray()[0, :2] == pytest.approx([2 / math.sqrt(5), 1 / math.sqrt(5)])


def test_a_worker_with_some_articles_builds_the_same_rows_from_the_whole_corpus_counts():
    frequency = document_frequencies(STEMS.values())
    whole = Vectors(frequency, 3, STEMS)
    part = Vectors(frequency, 3, {"b": STEMS["b"]})
    np.testing.assert_array_equal(part.rows[True].toarray(), whole.rows[True][[whole.row["b"]]].toarray())


def test_cosines_of_articles_and_of_pooled_counts():
    vectors = Vectors(document_frequencies(STEMS.values()), 3, STEMS)
    assert vectors.cosine("a", "c", idf=True) == 0.0
    a, b = vectors.rows[True][vectors.row["a"]].toarray()[0], vectors.rows[True][vectors.row["b"]].toarray()[0]
    assert vectors.cosine("a", "b", idf=True) == pytest.approx(float(a @ b))
    assert vectors.scores(["a", "a"], ["b", "c"]) == pytest.approx([float(a @ b), 0.0])
    assert row_cosines(vectors.rows[True], [0], [0]) == pytest.approx([1.0])
    pooled = vectors.counted([STEMS["a"] + STEMS["b"], STEMS["c"]])
    assert vectors.cosine(pooled[0], pooled[1], idf=False) == 0.0


def test_no_content_word_gives_undefined_cosines_not_an_error():
    vectors = Vectors(document_frequencies([[], []]), 2, {"x": [], "y": []})
    assert math.isnan(vectors.cosine("x", "y", idf=True))
    assert vectors.rows[True].shape == (2, 0)
