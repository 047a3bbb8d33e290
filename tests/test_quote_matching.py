"""Cross-outlet quotation matching at corpus scale: on paired articles, through a word index, nothing lost."""

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mediacompare import corpus, quotes

from conftest import MOSCOW_TIMES, SPUTNIK


def test_matching_on_story_pairs_equals_matching_on_every_pair_for_the_seed(seed):
    found = quotes.extract(seed)
    pd.testing.assert_frame_equal(quotes.match(found, seed, SPUTNIK, MOSCOW_TIMES),
                                  quotes.match(found, seed, SPUTNIK, MOSCOW_TIMES, pairs="all"))


def test_a_quote_is_looked_for_only_in_the_articles_its_article_is_paired_with():
    arts = corpus.from_texts([
        {"doc_id": "a1", "outlet": "A", "text": 'The mayor said: "We will rebuild the harbour wall before winter."'},
        {"doc_id": "b1", "outlet": "B", "text": 'Bakers protest flour prices. "We will rebuild the harbour wall before winter," a poster read.'},
    ])
    found = quotes.extract(arts)
    every = quotes.match(found, arts, "A", "B", pairs="all")
    assert every["match_type"].tolist() == ["exact", "exact"]
    none = pd.DataFrame({"doc_id_a": [], "doc_id_b": []})
    assert quotes.match(found, arts, "A", "B", pairs=none)["match_type"].tolist() == ["unique", "unique"]


def test_a_quotation_of_brackets_only_is_unique_not_an_error():
    arts = corpus.from_texts([{"outlet": "A", "text": 'He said "[sic]" today.'}, {"outlet": "B", "text": "Other words here."}])
    table = quotes.match(quotes.extract(arts), arts, "A", "B", pairs="all")
    assert table["match_type"].tolist() == ["unique"]


def test_repeated_counts_the_articles_that_carry_the_same_words():
    said = '"Nobody will lose their job," said Rhona Keld.'
    arts = corpus.from_texts([
        {"doc_id": "a1", "outlet": "A", "text": said},
        {"doc_id": "a2", "outlet": "A", "text": f"Workers met. {said.replace(',', '')}"},
        {"doc_id": "b1", "outlet": "B", "text": "“Nobody will lose their job,” said Rhona Keld."},
        {"doc_id": "b2", "outlet": "B", "text": '"Only once," said Ivo Brand.'},
    ])
    table = quotes.repeated(quotes.extract(arts), "A", "B")
    assert table[["n_words", "articles_a", "articles_b", "quoted_by"]].values.tolist() == [[5, 2, 1, "both"]]
    assert table["speaker_id"].item() == "Rhona Keld"


# Prefix filtering must find every pair the quote-by-quote comparison finds: generated quotes from a small
# vocabulary, so that exact, contained and fuzzy matches all occur.
QUOTE = st.lists(st.sampled_from("harbour wall winter rebuild council money never again promise river".split()),
                 min_size=1, max_size=9).map(lambda words: " ".join(words).capitalize())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(QUOTE, min_size=1, max_size=6), st.lists(QUOTE, min_size=1, max_size=6))
def test_index_finds_what_comparing_every_quote_with_every_quote_finds(quotes_a, quotes_b):
    arts = corpus.from_texts([
        {"doc_id": "a", "outlet": "A", "text": "\n".join(f'"{q}," she said.' for q in quotes_a)},
        {"doc_id": "b", "outlet": "B", "text": "\n".join(f'"{q}," he said.' for q in quotes_b)},
    ])
    found = quotes.extract(arts)
    table = quotes.match(found, arts, "A", "B", pairs="all")
    records = {o: found[found["outlet"] == o].to_dict("records") for o in "AB"}
    for row in table.itertuples():
        q = next(r for r in records[row.outlet] if r["quote_id"] == row.quote_id)
        others = records["B" if row.outlet == "A" else "A"]
        brute = [quotes.matching._compare(_words(q), _words(o), 0.75) for o in others]
        best = min(((quotes.matching.MATCH_RANK[k], -s) for k, s in filter(None, brute)), default=None)
        if best is None:
            assert row.match_type in ("unique", "paraphrase")
        else:
            assert (quotes.matching.MATCH_RANK[row.match_type], -row.score) == best


def _words(record):
    plain = quotes.matching._without_brackets(record["text"])
    return {"words": quotes.matching._words(record["text"]), "loose": quotes.matching._words(plain)}
