import math

import pytest
from pandas import testing as pd_testing
from hypothesis import given, settings
from hypothesis import strategies as st

from mediacompare import corpus, overlap, render
from mediacompare.errors import OutletError

from conftest import MOSCOW_TIMES, MOSCOW_TIMES_ID, SPUTNIK, SPUTNIK_ID, text_of

LONG_QUOTE = ("We cannot but be concerned about the prospect of Ukraine's possible admission to NATO, because this will "
              "undoubtedly be followed by the deployment of appropriate military contingents, bases and weapons that threaten us")


def pair(text_a, text_b):
    return corpus.from_texts([{"outlet": "A", "text": text_a, "doc_id": "a"}, {"outlet": "B", "text": text_b, "doc_id": "b"}])


def value(measures, measure, n=None, scope="outlets"):
    rows = measures[(measures["scope"] == scope) & (measures["measure"] == measure)]
    if n is not None:
        rows = rows[rows["n"] == n]
    return rows["value"].item()


def test_seed_pair_shares_exactly_the_three_passages(seed):
    sputnik, mt = text_of(seed, SPUTNIK_ID), text_of(seed, MOSCOW_TIMES_ID)
    shared = overlap.passages(seed, SPUTNIK, MOSCOW_TIMES)
    expected = [
        ("with Greek Prime Minister Kyriakos Mitsotakis", "with Greek Prime Minister Kyriakos Mitsotakis", 6),
        (LONG_QUOTE, LONG_QUOTE, 34),
        ("a peaceful foreign policy but has the right to defend its security",
         "a peaceful foreign policy, but has the right to defend its security", 12),
    ]
    assert list(zip(shared["text_a"], shared["text_b"], shared["n_tokens"])) == expected
    assert shared["start_a"].tolist() == [sputnik.index(a) for a, _, _ in expected]
    assert shared["start_b"].tolist() == [mt.index(b) for _, b, _ in expected]
    assert shared["end_b"].tolist() == [mt.index(b) + len(b) for _, b, _ in expected]
    assert shared["score"].tolist() == [1.0, 1.0, 1.0]
    assert not shared["text_b"].str.contains("kremlin|very sensitive").any()  # the caption was cleaned away


def test_a_lower_threshold_also_finds_the_shared_title_and_name(seed):
    shared = overlap.passages(seed, SPUTNIK, MOSCOW_TIMES, min_tokens=3)
    assert shared["text_a"].tolist()[0] == "President Vladimir Putin"
    assert len(shared) == 4


def test_an_inserted_word_does_not_break_a_passage():
    shared = overlap.passages(pair("The minister said the talks were open and constructive on Tuesday.",
                                   "Later, the minister said the talks were very open and constructive on Tuesday."), "A", "B")
    assert shared["text_a"].tolist() == ["The minister said the talks were open and constructive on Tuesday"]
    assert shared["text_b"].tolist() == ["the minister said the talks were very open and constructive on Tuesday"]
    assert shared["score"].item() == round(2 * 11 / (11 + 12), 4)


def test_a_changed_word_does_not_break_a_passage():
    shared = overlap.passages(pair("Moscow will defend its security against any military threat.",
                                   "Moscow will protect its security against any military threat."), "A", "B")
    assert len(shared) == 1 and shared["n_tokens"].item() == 9


def test_quote_marks_and_punctuation_do_not_break_a_passage():
    shared = overlap.passages(pair("He called it “a grave mistake by the Western alliance” on Monday.",
                                   'He called it "a grave mistake by the Western alliance", on Monday.'), "A", "B")
    assert shared["text_a"].tolist() == ["He called it “a grave mistake by the Western alliance” on Monday"]
    assert shared["score"].item() == 1.0


def test_spelling_variants_match():
    shared = overlap.passages(pair("The defence ministry said its pilots escorted the planes.",
                                   "The defense ministry said its pilots escorted the planes."), "A", "B")
    assert shared["score"].item() == 1.0 and shared["n_tokens"].item() == 9


def test_two_texts_with_nothing_in_common():
    shared = overlap.passages(pair("Rain is expected over the northern hills tomorrow.",
                                   "The central bank raised interest rates again."), "A", "B")
    assert shared.empty and list(shared.columns) == overlap.PASSAGE_COLUMNS


def test_identical_articles_share_one_passage_covering_all():
    body = "Inspectors found cracks in two steel supports. The bridge stays closed for six weeks."
    arts = pair(body, body)
    shared = overlap.passages(arts, "A", "B")
    assert len(shared) == 1
    assert (shared["start_a"].item(), shared["end_a"].item()) == (0, len(body) - 1)  # up to the last word
    measures = overlap.summary(arts, "A", "B")
    for measure in ["vocabulary jaccard", "copy rate a", "copy rate b", "tf-idf cosine"]:
        assert value(measures, measure) == pytest.approx(1.0)


def test_summary_values_worked_by_hand():
    # content stems: A {cat, chase, mice, dog}, B {dog, chase, car}: 2 shared of 5 distinct
    measures = overlap.summary(pair("Cats chase mice. Dogs chase cats.", "Dogs chase cars."), "A", "B")
    assert value(measures, "vocabulary jaccard") == pytest.approx(2 / 5)
    assert value(measures, "vocabulary containment a in b") == pytest.approx(2 / 4)
    assert value(measures, "vocabulary containment b in a") == pytest.approx(2 / 3)
    # word pairs: A has 5 distinct, B 2, one in common ("dogs chase")
    assert value(measures, "shingle jaccard", n=2) == pytest.approx(1 / 6)
    assert value(measures, "shingle containment b in a", n=2) == pytest.approx(1 / 2)
    # counts A: cat 2, chase 2, mice 1, dog 1; B: dog 1, chase 1, car 1
    assert value(measures, "tf cosine") == pytest.approx(3 / math.sqrt(30))
    # smoothed idf with two documents: ln(3/3) + 1 = 1 for shared words, ln(3/2) + 1 for the others
    w = math.log(3 / 2) + 1
    expected = 3 / (math.sqrt((2 * w) ** 2 + 4 + w ** 2 + 1) * math.sqrt(2 + w ** 2))
    assert value(measures, "tf-idf cosine") == pytest.approx(expected)
    assert value(measures, "copy rate a") == 0.0
    assert set(measures["meaning"]) <= set(overlap.MEANINGS.values())


def test_seed_summary(seed):
    measures = overlap.summary(seed, SPUTNIK, MOSCOW_TIMES)
    # 6 + 34 + 12 words of Sputnik's 335 are in shared passages, and of the Moscow Times' 555
    assert value(measures, "copy rate a") == pytest.approx(52 / 335)
    assert value(measures, "copy rate b") == pytest.approx(52 / 555)
    assert value(measures, "vocabulary containment a in b") > value(measures, "vocabulary containment b in a")
    jaccards = [value(measures, "shingle jaccard", n=n) for n in range(1, 6)]
    assert jaccards == sorted(jaccards, reverse=True)


def test_summary_has_one_row_set_per_story_pair_by_default_and_per_article_pair_with_all(fixture_corpus):
    measures = overlap.summary(fixture_corpus, "Harbour Ledger", "Valley Herald")
    pairs = measures.loc[measures["scope"] == "articles", ["doc_id_a", "doc_id_b"]].drop_duplicates()
    # the bridge closure pairs with the bridge closure, the traders' story with the rent holiday for the traders
    assert list(map(tuple, pairs.to_numpy())) == [("hl_001", "vh_001"), ("hl_002", "vh_002")]
    assert overlap.closest_pair(measures) == ("hl_001", "vh_001")
    every = overlap.summary(fixture_corpus, "Harbour Ledger", "Valley Herald", pairs="all")
    pairs = every.loc[every["scope"] == "articles", ["doc_id_a", "doc_id_b"]].drop_duplicates()
    assert list(map(tuple, pairs.to_numpy())) == [("hl_001", "vh_001"), ("hl_001", "vh_002"), ("hl_002", "vh_001"), ("hl_002", "vh_002")]
    # the pairs both runs compare get the same values: the idf is fitted on every article either way
    key = ["scope", "doc_id_a", "doc_id_b", "measure", "n"]
    same = measures.merge(every, on=key, suffixes=("", "_all"))
    assert len(same) == len(measures)
    assert (same["value"].fillna(-1) == same["value_all"].fillna(-1)).all()


def test_fixture_corpus_passages_span_several_articles(fixture_corpus):
    shared = overlap.passages(fixture_corpus, "Harbour Ledger", "Valley Herald")
    assert list(zip(shared["doc_id_b"], shared["text_a"], shared["text_b"], shared["score"])) == [
        ("vh_001", "city engineer Tomas Velik said on Monday", "City engineer Tomas Velik said on Monday", 1.0),
        ("vh_001", 'We will not reopen a bridge that we cannot vouch for," Velik',
         'We will not reopen a bridge that we cannot vouch for," Velik', 1.0),
        # "called" → "said" and "was" inserted: 8 words match of 9 + 10, score 2·8/19
        ("vh_001", 'Mayor Ines Darrow called the delay "regrettable but necessary',
         "mayor, Ines Darrow, said the delay was regrettable but necessary", round(2 * 8 / 19, 4)),
        ("vh_001", "publish the full inspection report on Friday", "publish the inspection report on Friday", round(12 / 13, 4)),
    ]
    assert set(shared["doc_id_a"]) == {"hl_001"}
    three = overlap.passages(fixture_corpus, "Harbour Ledger", "Valley Herald", min_tokens=3)
    assert ("hl_002", "vh_002", "We are losing the morning crowd") in set(zip(three["doc_id_a"], three["doc_id_b"], three["text_a"]))


def test_short_and_empty_articles_give_a_result_not_an_error():
    arts = pair("Hello.", "...")
    assert overlap.passages(arts, "A", "B").empty
    measures = overlap.summary(arts, "A", "B")
    assert value(measures, "vocabulary jaccard") == 0.0
    assert math.isnan(value(measures, "vocabulary containment b in a"))  # B has no content word: undefined, not 0/0
    assert math.isnan(value(measures, "copy rate b"))
    assert math.isnan(value(overlap.summary(pair("The.", "..."), "A", "B"), "vocabulary jaccard"))
    assert overlap.align_sentences(arts, "A", "B").empty  # two texts that tell no common story are not paired
    assert overlap.align_sentences(arts, "A", "B", pairs="all")["score"].tolist() == [0.0]


def test_outlet_with_no_articles(seed):
    with pytest.raises(OutletError, match="outlet 'Reuters' is not in the corpus"):
        overlap.passages(seed, SPUTNIK, "Reuters")


def test_align_sentences_finds_the_shared_quote_and_the_paraphrase(seed):
    aligned = overlap.align_sentences(seed, SPUTNIK, MOSCOW_TIMES)
    assert len(aligned) == 13
    best = dict(zip(aligned["sent_id_a"], aligned["sent_id_b"]))
    assert best[5] == 5 and best[6] == 3  # the long quote; the peaceful foreign policy sentence
    row = aligned.iloc[5]
    assert text_of(seed, MOSCOW_TIMES_ID)[row.start_b:row.end_b] == row.text_b
    assert aligned["score"].iloc[5] > 0.95


def test_sentence_similarity_is_one_row_per_sentence_pair(seed):
    sims = overlap.sentence_similarity(seed, SPUTNIK_ID, MOSCOW_TIMES_ID)
    assert len(sims) == 13 * 24
    assert sims["score"].between(0, 1).all()


def test_side_by_side_marks_each_passage_on_both_sides_in_one_colour(seed):
    shared = overlap.passages(seed, SPUTNIK, MOSCOW_TIMES)
    page = render.side_by_side(seed, shared, SPUTNIK_ID, MOSCOW_TIMES_ID)
    assert page.count("<mark") == 6
    for number in (1, 2, 3):
        colour = render.PASSAGE_COLOURS[number - 1]
        assert page.count(f'background:{colour};padding:0 1px" title="shared passage {number}"') == 2
    assert "Ukraine&#x27;s possible admission" in page  # the text is escaped
    assert "3 shared passage(s)" in page


WORDS = ["the", "bridge", "stays", "closed", "mayor", "said", "cracks", "steel", "ferry", "of", "“", "”", ",", ".", "—"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=40), st.lists(st.sampled_from(WORDS), min_size=1, max_size=40))
def test_passage_spans_round_trip(words_a, words_b):
    arts = pair(" ".join(words_a) or ".", " ".join(words_b) or ".")
    body_a, body_b = arts["text"].tolist()
    for row in overlap.passages(arts, "A", "B", min_tokens=1).itertuples():
        assert body_a[row.start_a:row.end_a] == row.text_a and body_b[row.start_b:row.end_b] == row.text_b
        assert 0 < row.score <= 1


def test_copy_rate_per_article_against_the_whole_other_outlet(fixture_corpus):
    measures = overlap.summary(fixture_corpus, "Harbour Ledger", "Valley Herald")
    per_article = measures[measures["scope"] == "article"]
    rates = dict(zip(per_article["doc_id_a"] + "|" + per_article["doc_id_b"], per_article["value"]))
    # hl_001 (97 words: str.split agrees) shares 7 + 12 + 9 + 7 words with vh_001; hl_002 shares no passage of 4+ content words
    assert rates["hl_001|*"] == pytest.approx((7 + 12 + 9 + 7) / 97)
    assert rates["hl_002|*"] == 0.0
    assert set(rates) == {"hl_001|*", "hl_002|*", "*|vh_001", "*|vh_002"}


def test_reused_counts_a_passage_carried_by_several_article_pairs():
    wire = "Officials at the Brenna lock said repairs to the western gate would take three weeks"
    arts = corpus.from_texts([
        {"doc_id": "a1", "outlet": "A", "text": f"{wire}. Boats queued."},
        {"doc_id": "a2", "outlet": "A", "text": f"Later. {wire}, a spokesman added."},
        {"doc_id": "b1", "outlet": "B", "text": f"{wire}. Anglers were pleased."},
    ])
    found = overlap.reused(overlap.passages(arts, "A", "B", pairs="all"))
    assert found[["pairs", "articles_a", "articles_b", "n_tokens"]].values.tolist() == [[2, 2, 1, 15]]
    assert found["text"].item() == wire


def test_closest_pairs_rank_by_copy_rate(fixture_corpus):
    measures = overlap.summary(fixture_corpus, "Harbour Ledger", "Valley Herald", pairs="all")
    assert overlap.closest_pairs(measures, 2) == [("hl_001", "vh_001"), ("hl_002", "vh_002")]


def test_summary_from_the_passages_already_found_equals_summary_alone(fixture_corpus):
    a, b = "Harbour Ledger", "Valley Herald"
    shared = overlap.passages(fixture_corpus, a, b)
    pd_testing.assert_frame_equal(overlap.summary(fixture_corpus, a, b, passages_table=shared), overlap.summary(fixture_corpus, a, b))
