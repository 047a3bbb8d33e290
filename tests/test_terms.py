import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from matplotlib.text import Text
from nltk.collocations import BigramCollocationFinder

from mediacompare import corpus, distributed, plots, quotes, stories, terms, text
from mediacompare.errors import OutletError

from conftest import MOSCOW_TIMES, SPUTNIK


def tokens_of(text_a, text_b):
    arts = corpus.from_texts([{"outlet": "A", "text": text_a, "doc_id": "a"}, {"outlet": "B", "text": text_b, "doc_id": "b"}])
    return text.tokens(arts)


@pytest.fixture(scope="module")
def seed_tokens(seed):
    return text.tokens(seed)


@pytest.fixture(scope="module")
def seed_keyness(seed_tokens):
    return terms.keyness(seed_tokens, SPUTNIK, MOSCOW_TIMES)


def test_keyness_worked_by_hand():
    # A: cat 2, chase 1, mice 1, sleep 1 (5 words); B: dog 2, chase 1, cat 1, bark 1, loud 1 (6 words)
    table = terms.keyness(tokens_of("Cats chase mice. Cats sleep.", "Dogs chase cats. Dogs bark loudly."), "A", "B")
    cat = table[table["stem"] == "cat"].iloc[0]
    assert (cat.count_a, cat.count_b) == (2, 1)
    assert (cat.per_10k_a, cat.per_10k_b) == pytest.approx((4000.0, 10000 / 6))
    # the prior is the pooled counts: α_cat = 3, α₀ = 11
    delta = math.log((2 + 3) / (5 + 11 - 2 - 3)) - math.log((1 + 3) / (6 + 11 - 1 - 3))
    assert cat.log_odds == pytest.approx(delta)
    assert cat.log_odds_z == pytest.approx(delta / math.sqrt(1 / 5 + 1 / 4))
    # G²: observed 2, 1 and 3, 5 other words; expected from the margins 3 × (5, 6) / 11 and 8 × (5, 6) / 11
    observed = [2, 1, 3, 5]
    expected = [3 * 5 / 11, 3 * 6 / 11, 8 * 5 / 11, 8 * 6 / 11]
    g2 = 2 * sum(o * math.log(o / e) for o, e in zip(observed, expected))
    assert cat.g2 == pytest.approx(g2)
    assert cat.p_value == pytest.approx(math.erfc(math.sqrt(g2 / 2)))  # χ², 1 degree of freedom
    assert cat.log_ratio == pytest.approx(math.log2((2 / 5) / (1 / 6)))
    dog = table[table["stem"] == "dog"].iloc[0]
    assert dog.g2 < 0 and dog.log_odds_z < 0
    assert dog.log_ratio == pytest.approx(math.log2((0.5 / 5) / (2 / 6)))  # a zero count counts as 0.5
    # z by hand: mice, sleep ln(16/7)/√1.5 = 0.675; cat 0.582; chase ln(14/13)/√(2/3) = 0.091;
    # bark, loud −ln 2/√1.5 = −0.566; dog ln(13/28)/√0.75 = −0.886
    assert table["stem"].tolist() == ["mice", "sleep", "cat", "chase", "bark", "loud", "dog"]
    assert table["log_odds_z"].iloc[0] == pytest.approx(math.log(16 / 7) / math.sqrt(1.5))


def test_term_counts_of_parts_add_up_to_the_keyness_of_the_whole():
    # what a cluster does: count each part of the corpus apart, sum, then compute keyness from the sums
    arts = corpus.from_texts([
        {"outlet": "A", "doc_id": "a1", "text": "Cats chase mice. Cats sleep."},
        {"outlet": "A", "doc_id": "a2", "text": "The cat sleeps."},
        {"outlet": "B", "doc_id": "b1", "text": "Dogs chase cats."},
        {"outlet": "B", "doc_id": "b2", "text": "Dogs bark loudly."}])
    toks = text.tokens(arts)
    parts = [toks[toks["doc_id"].isin(ids)] for ids in (["a1", "b1"], ["a2", "b2"])]
    counted = pd.concat([terms.term_counts(p) for p in parts])
    words = sum(terms.running_words(p) for p in parts)
    assert words.to_dict() == {"A": 8, "B": 6}
    cat = counted[counted["stem"] == "cat"].groupby(["outlet", "token"])["count"].sum().to_dict()
    assert cat == {("A", "Cats"): 2, ("A", "cat"): 1, ("B", "cats"): 1}
    from_counts = terms.keyness_of_counts(counted, words, "A", "B")
    pd.testing.assert_frame_equal(from_counts, terms.keyness(toks, "A", "B"))
    assert from_counts.set_index("stem").loc["cat", "term"] == "Cats"  # the most frequent form over both parts


def test_keyness_with_a_background_prior_and_alpha_0():
    toks = tokens_of("Cats chase mice. Cats sleep.", "Dogs chase cats. Dogs bark loudly.")
    background = pd.Series({"cat": 10, "dog": 10, "chase": 5, "mice": 1, "sleep": 1, "bark": 1})  # no "loud": 0.5
    table = terms.keyness(toks, "A", "B", prior=background, alpha_0=100)
    cat = table[table["stem"] == "cat"].iloc[0]
    alpha = 100 * 10 / 28.5
    delta = math.log((2 + alpha) / (5 + 100 - 2 - alpha)) - math.log((1 + alpha) / (6 + 100 - 1 - alpha))
    assert cat.log_odds == pytest.approx(delta)


def test_seed_terms_lean_the_expected_way(seed_keyness):
    z = dict(zip(seed_keyness["term"].str.lower(), seed_keyness["log_odds_z"]))
    ratio = dict(zip(seed_keyness["term"].str.lower(), seed_keyness["log_ratio"]))
    assert seed_keyness["term"].iloc[0] == "alleged"  # Sputnik 3 (alleged ×2, allegations), Moscow Times 0
    for word in ["peskov", "alleged", "dialogue", "guarantees"]:
        assert z[word] > 0 and ratio[word] > 0, word
    for word in ["zelenskiy", "france", "french", "crimea", "separatists"]:
        assert z[word] < 0 and ratio[word] < 0, word
    favours = dict(zip(seed_keyness["term"].str.lower(), seed_keyness["favours"]))
    assert {favours[w] for w in ["peskov", "alleged", "dialogue", "guarantees"]} == {SPUTNIK}
    assert {favours[w] for w in ["zelenskiy", "france", "french", "crimea", "separatists"]} == {MOSCOW_TIMES}
    top = terms.distinctive(seed_keyness, SPUTNIK, MOSCOW_TIMES, top=25)
    moscow_times_top = top[top["favours"] == MOSCOW_TIMES]["term"].str.lower().tolist()
    assert {"zelenskiy", "france", "french"} <= set(moscow_times_top[:10])
    assert {"crimea", "separatists"} <= set(moscow_times_top)
    assert len(top) == 50 and list(top["favours"]) == [SPUTNIK] * 25 + [MOSCOW_TIMES] * 25


def test_favours_is_the_lean_and_significant_the_test():
    same = text.tokens(corpus.from_texts([{"outlet": "A", "text": "Troops gathered near the border."},
                                          {"outlet": "B", "text": "Troops gathered near the border."}]))
    table = terms.keyness(same, "A", "B")
    assert set(table["favours"]) == {"none"} and not table["significant"].any()
    assert (table["log_odds_z"] == 0).all()
    # war 20 times in A only, peace 20 times in B only: α = 20 each, α₀ = 40, n = 20 each;
    # δ_war = ln(40/20) − ln(20/40) = 2 ln 2, σ² = 1/40 + 1/20, z = 5.06
    table = terms.keyness(tokens_of("War. " * 20, "Peace. " * 20), "A", "B")
    war = table[table["stem"] == "war"].iloc[0]
    assert war.log_odds_z == pytest.approx(2 * math.log(2) / math.sqrt(0.075))
    assert (war.favours, bool(war.significant)) == ("A", True)
    assert table["favours"].tolist() == ["A", "B"] and table["significant"].all()


def test_one_article_per_outlet_is_too_little_for_significance(seed_keyness):
    assert not seed_keyness["significant"].any()
    assert seed_keyness["log_odds_z"].abs().max() < 1.96


def test_stopwords_never_appear(seed_keyness, seed_tokens):
    words = set(seed_keyness["term"].str.lower())
    assert not words & text.stopwords()
    assert not words & terms.EXTRA_STOPWORDS
    assert not any(any(ch.isdigit() for ch in w) and not any(ch.isalpha() for ch in w) for w in words)
    # the country (Sputnik: "the US and its allies", "US' concerns"; the Moscow Times: "U.S." twice),
    # kept apart from the pronoun ("threaten us", "considers us")
    country = seed_keyness[seed_keyness["stem"] == "u.s."].iloc[0]
    assert (country.term, country.count_a, country.count_b) == ("U.S.", 2, 2)


def test_keyness_counts_agree_with_the_token_table(seed_keyness, seed_tokens):
    for stem in ["ukrain", "nato", "alleg", "biden"]:
        rows = seed_tokens[(seed_tokens["stem"] == stem) & ~seed_tokens["is_stop"]]
        counts = rows.groupby("outlet").size()
        row = seed_keyness[seed_keyness["stem"] == stem].iloc[0]
        assert (row.count_a, row.count_b) == (counts.get(SPUTNIK, 0), counts.get(MOSCOW_TIMES, 0))
    # grep -o "Biden" finds 1 in Sputnik's file and 7 in the Moscow Times' body (8 in its file, one in a removed link)
    biden = seed_keyness[seed_keyness["term"] == "Biden"].iloc[0]
    assert (biden.count_a, biden.count_b) == (1, 7)


def test_frequencies(seed_tokens):
    table = terms.frequencies(seed_tokens)
    sputnik = table[table["outlet"] == SPUTNIK]
    words = int((~seed_tokens[seed_tokens["outlet"] == SPUTNIK]["is_punct"]).sum())
    assert words == 335 and set(sputnik["n_words"]) == {335}
    top = sputnik.iloc[0]
    assert (top["term"], top["count"]) == ("Russia", 7)
    assert top.per_10k == pytest.approx(7 / 335 * 10_000)
    per_doc = terms.frequencies(seed_tokens, by="doc_id")
    assert list(per_doc.columns) == ["doc_id", "term", "stem", "count", "per_10k", "n_words"]


def test_two_word_terms(seed_tokens):
    bigrams = terms.keyness(seed_tokens, SPUTNIK, MOSCOW_TIMES, n=2)
    counts = {t.lower(): (a, b) for t, a, b in zip(bigrams["term"], bigrams["count_a"], bigrams["count_b"])}
    assert counts["prime minister"] == (1, 2)
    assert counts["black sea"] == (0, 2)
    assert counts["security guarantees"] == (1, 0)
    found = terms.collocations(seed_tokens)
    moscow_times = set(found[found["outlet"] == MOSCOW_TIMES]["term"])
    assert {"black sea", "prime minister", "united states"} <= moscow_times
    assert (found["llr"] >= 10.83).all() and (found["count"] >= 2).all()
    assert not found["term"].str.contains("'s").any()


def test_kwic(seed_tokens):
    lines = text.kwic(seed_tokens, "guarantee", window=5)
    assert lines[["outlet", "left", "keyword", "right"]].values.tolist() == [
        [SPUTNIK, "start a dialogue on security", "guarantees", "and discuss ways to reduce"],
        [MOSCOW_TIMES, "Tuesday that Moscow seeks legal", "guarantees", "from the West that Ukraine"],
    ]


def test_framing_counts_the_outlets_own_words(seed, seed_tokens):
    own = terms.outside_quotes(seed_tokens, quotes.extract(seed))
    table = terms.framing(own, SPUTNIK, MOSCOW_TIMES)
    counts = {(k, t): (a, b) for k, t, a, b in zip(table["kind"], table["term"], table["count_a"], table["count_b"])}
    assert counts[("hedge", "alleged")] == (2, 0)
    assert counts[("hedge", "so-called")] == (0, 1)
    assert counts[("hedge", "claims")] == (0, 1)
    # "warning" inside the quote ("warning" NATO) is the speaker's word: warned, warns, warning are the paper's
    assert counts[("reporting verb", "warn")] == (0, 3)
    with_quotes = terms.framing(seed_tokens, SPUTNIK, MOSCOW_TIMES)
    assert with_quotes.set_index(["kind", "term"]).loc[("reporting verb", "warn"), "count_b"] == 4


def test_an_outlet_of_stopwords_gives_an_empty_table_and_says_why():
    toks = tokens_of("It is what it is, and so it was.", "Ministers approved the budget on Tuesday.")
    with pytest.warns(terms.EmptyResultWarning, match="outlet 'A' has no terms left"):
        table = terms.keyness(toks, "A", "B")
    assert table.empty and list(table.columns) == terms.KEYNESS_COLUMNS


def test_a_filter_that_leaves_nothing():
    toks = tokens_of("Cats chase mice.", "Dogs chase cats.")
    with pytest.warns(terms.EmptyResultWarning, match="used fewer than 50 times"):
        assert terms.keyness(toks, "A", "B", min_count=50).empty
    assert terms.frequencies(toks, min_count=50).empty


def test_one_outlet_much_longer_than_the_other():
    toks = tokens_of("Cats.", " ".join(["Dogs chase cats across the big garden."] * 200))
    table = terms.keyness(toks, "A", "B")
    assert np.isfinite(table[["log_odds", "log_odds_z", "g2", "p_value", "log_ratio"]].to_numpy(dtype=float)).all()


def _overlaps(boxes):
    return [(i, j) for i in range(len(boxes)) for j in range(i + 1, len(boxes)) if boxes[i].overlaps(boxes[j])]


def test_fightin_words_labels_do_not_overlap(seed_keyness):
    figure = plots.fightin_words(seed_keyness, SPUTNIK, MOSCOW_TIMES, label=10)
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()
    labels = [t for t in figure.axes[0].texts if "(" in t.get_text()]
    assert len(labels) == 21  # 10 per outlet and the counts legend
    # the text of each label only (an annotation's own extent includes its leader line)
    assert _overlaps([Text.get_window_extent(t, renderer) for t in labels]) == []


def test_one_term_that_is_the_whole_vocabulary_of_both_outlets_leans_nowhere():
    arts = corpus.from_texts([{"outlet": "A", "text": "Harbour."}, {"outlet": "B", "text": "harbour"}])
    table = terms.keyness(text.tokens(arts), "A", "B")
    # both odds are 1/0: δ would be ∞ − ∞; the outlets use the word alike, so δ = z = 0
    assert table[["term", "count_a", "count_b", "log_odds", "log_odds_z", "favours"]].values.tolist() == [
        ["Harbour", 1, 1, 0.0, 0.0, "none"]]


def test_outside_quotes_keeps_the_words_around_every_quotation_part():
    arts = corpus.from_texts([{"doc_id": "d1", "outlet": "A", "text": 'Ports "will close," she said, "at dawn." Boats wait.'}])
    toks = text.tokens(arts)
    kept = terms.outside_quotes(toks, quotes.extract(arts))
    # the quoted parts are "will close," and "at dawn." (their punctuation inside the marks): the rest stays
    assert kept["token"].tolist() == ["Ports", '"', '"', "she", "said", ",", '"', '"', "Boats", "wait", "."]


def test_words_in_scare_quotes_stay_the_outlets_own():
    arts = corpus.from_texts([{"doc_id": "d1", "outlet": "A", "text": 'The so-called "reform" passed. "It is done," she said.'}])
    found = quotes.extract(arts)
    assert found["kind"].tolist() == ["scare", "full"]
    kept = terms.outside_quotes(text.tokens(arts), found)["token"].tolist()
    assert "reform" in kept and "done" not in kept


STORIES = corpus.load(Path(__file__).parent / "fixtures" / "stories" / "articles.csv")
COURIER, GAZETTE = "Northern Courier", "Coast Gazette"


@pytest.mark.parametrize("per_partition", [500, 1])
def test_counts_give_the_tables_of_the_tokens_one_partition_at_a_time(monkeypatch, per_partition):
    # notebook 04 counts the corpus a partition at a time and never keeps its tokens: the tables must not change
    monkeypatch.setattr(distributed, "ARTICLES_PER_PARTITION", per_partition)
    toks = text.tokens(STORIES)
    coverage = stories.stories(STORIES, COURIER, GAZETTE)
    counted = terms.counts(STORIES, COURIER, GAZETTE, stories_table=coverage)
    pd.testing.assert_frame_equal(counted.keyness(COURIER, GAZETTE, alpha_0=50), terms.keyness(toks, COURIER, GAZETTE, alpha_0=50))
    pd.testing.assert_frame_equal(counted.keyness(COURIER, GAZETTE, n=2), terms.keyness(toks, COURIER, GAZETTE, n=2))
    shared = counted.keyness(COURIER, GAZETTE, shared=True)
    assert 0 < len(shared) < len(counted.keyness(COURIER, GAZETTE))
    pd.testing.assert_frame_equal(shared, terms.keyness_on_shared_stories(toks, coverage, COURIER, GAZETTE))
    pd.testing.assert_frame_equal(counted.frequencies(min_count=2), terms.frequencies(toks, min_count=2))
    pd.testing.assert_frame_equal(counted.collocations(), terms.collocations(toks))
    own = terms.outside_quotes(toks, quotes.extract(STORIES))
    pd.testing.assert_frame_equal(counted.framing(COURIER, GAZETTE), terms.framing(own, COURIER, GAZETTE))
    words = counted.words.set_index(["scope", "outlet"])["count"]
    assert words[("all", COURIER)] == int((~toks[toks["outlet"] == COURIER]["is_punct"]).sum())
    assert words[("own", COURIER)] < words[("all", COURIER)]  # the quotations' words are not the outlet's own


def test_counts_without_a_shared_story_give_an_empty_shared_table():
    arts = corpus.from_texts([{"outlet": "A", "doc_id": "a", "text": "Cats chase mice. Cats sleep."},
                              {"outlet": "B", "doc_id": "b", "text": "Dogs bark loudly."}])
    counted = terms.counts(arts, "A", "B")
    assert counted.keyness("A", "B", shared=True).empty
    assert list(counted.keyness("A", "B", shared=True).columns) == terms.KEYNESS_COLUMNS
    assert counted.keyness("A", "B")["stem"].tolist()[:2] == ["cat", "chase"]
    with pytest.raises(OutletError, match="'C'"):
        terms.counts(arts, "A", "C")


def test_collocation_counts_are_what_nltk_counts_from_the_sentences():
    toks = tokens_of("Prime Minister Dahl spoke. The Prime Minister left.", "Black Sea ports. Black Sea fleet, Black cat.")
    words, pairs = terms.collocation_counts(toks)
    a_words = dict(zip(words.loc[words["outlet"] == "A", "word"], words.loc[words["outlet"] == "A", "count"]))
    assert (a_words["prime"], a_words["minister"], a_words["."], sum(a_words.values())) == (2, 2, 2, 10)
    b_pairs = pairs[pairs["outlet"] == "B"].set_index(["first", "second"])["count"].to_dict()
    # "sea ." and "fleet ," hold punctuation, ". black" runs across sentences: none is a candidate
    assert b_pairs == {("black", "sea"): 2, ("sea", "ports"): 1, ("sea", "fleet"): 1, ("black", "cat"): 1}
    for outlet, toks_of in toks.groupby("outlet"):
        sentences = [s["norm"].tolist() for _, s in toks_of.groupby(["doc_id", "sent_id"])]
        finder = BigramCollocationFinder.from_documents(sentences)
        assert dict(finder.word_fd) == dict(zip(words.loc[words["outlet"] == outlet, "word"],
                                                words.loc[words["outlet"] == outlet, "count"]))
    found = terms.collocations_of_counts(words, pairs, min_count=2, min_llr=0)
    assert found[["outlet", "term", "count"]].values.tolist() == [["A", "prime minister", 2], ["B", "black sea", 2]]
