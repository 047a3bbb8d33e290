"""Story pairing: which article of one outlet tells the same story as which of the other, found through indexes."""

import string

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mediacompare import corpus, overlap, stories
from mediacompare.errors import MediacompareError

from conftest import FIXTURES, MOSCOW_TIMES, MOSCOW_TIMES_ID, SPUTNIK, SPUTNIK_ID

COURIER, GAZETTE = "Northern Courier", "Coast Gazette"


@pytest.fixture(scope="module")
def story_corpus():
    """Ten invented articles on six stories (tests/fixtures/stories/README.md), with their true stories."""
    return corpus.load(FIXTURES / "stories" / "articles.csv"), pd.read_csv(FIXTURES / "stories" / "truth.csv")


def test_the_seed_pair_is_one_story_both_outlets_covered(seed):
    pairs = stories.pairs(seed, SPUTNIK, MOSCOW_TIMES)
    assert list(zip(pairs["doc_id_a"], pairs["doc_id_b"], pairs["days_apart"], pairs["story_id"])) == [
        (SPUTNIK_ID, MOSCOW_TIMES_ID, 0, 1)]
    assert pairs["shared"].item() >= 30  # the 34-word quotation on Ukraine and NATO alone gives 30 five-word runs
    assert stories.stories(seed, SPUTNIK, MOSCOW_TIMES)["covered_by"].tolist() == ["both", "both"]


def test_fixture_pairs_are_exactly_the_true_same_story_pairs(story_corpus):
    articles, truth = story_corpus
    pairs = stories.pairs(articles, COURIER, GAZETTE)
    story = dict(zip(truth["doc_id"], truth["story"]))
    # every true cross-outlet pair, and nothing else: the ferry company's accounts (cg_005) share the strike's
    # vocabulary (cosine 0.33 with each strike article) but score well below the strike report itself
    assert list(zip(pairs["doc_id_a"], pairs["doc_id_b"])) == [
        ("nc_001", "cg_001"), ("nc_002", "cg_001"), ("nc_003", "cg_002"), ("nc_004", "cg_003")]
    assert all(story[a] == story[b] for a, b in zip(pairs["doc_id_a"], pairs["doc_id_b"]))
    wire = pairs.iloc[0]
    assert wire["shared"] >= 30 and wire["days_apart"] == 0  # the four-sentence wire paragraph
    undated = pairs[pairs["doc_id_b"] == "cg_003"].iloc[0]
    assert pd.isna(undated["days_apart"])  # cg_003 has no date: paired by its text alone
    assert pairs["story_id"].tolist() == [1, 1, 2, 3]


def test_fixture_coverage_names_the_one_outlet_of_each_single_outlet_story(story_corpus):
    articles, truth = story_corpus
    table = stories.stories(articles, COURIER, GAZETTE)
    covered = dict(zip(table["doc_id"], table["covered_by"]))
    assert {d for d, c in covered.items() if c == "both"} == {"nc_001", "nc_002", "cg_001", "nc_003", "cg_002", "nc_004", "cg_003"}
    assert (covered["nc_005"], covered["cg_004"], covered["cg_005"]) == (COURIER, GAZETTE, GAZETTE)
    assert table["story_id"].nunique() == truth["story"].nunique() == 6
    # one story_id per true story, and one true story per story_id
    joined = table.merge(truth, on=["doc_id", "outlet"])
    assert (joined.groupby("story")["story_id"].nunique() == 1).all()
    assert (joined.groupby("story_id")["story"].nunique() == 1).all()
    assert list(table.columns) == stories.STORY_COLUMNS


def _records(*texts, dates=None):
    dates = dates or [""] * len(texts)
    return corpus.from_texts([{"outlet": outlet, "text": body, "published": date, "doc_id": doc_id}
                              for (doc_id, outlet, body), date in zip(texts, dates)])


WIRE = ("Engineers found fresh cracks in the northern pier of the Aldery viaduct during a routine survey, "
        "and the regional transport board closed all four lanes until further notice.")


def test_shared_wire_copy_pairs_articles_whatever_their_dates():
    arts = _records(("a1", "A", f"Morning news. {WIRE} More later."), ("b1", "B", f"{WIRE} Drivers were angry."),
                    dates=["2024-01-01", "2024-02-15"])
    pairs = stories.pairs(arts, "A", "B")
    assert list(zip(pairs["doc_id_a"], pairs["doc_id_b"], pairs["days_apart"])) == [("a1", "b1", 45)]
    # 28 words of shared copy give 24 five-word runs
    assert pairs["shared"].item() == 24


def test_similar_words_out_of_the_date_window_are_not_a_story():
    a = "Harbour pilots vote on strike action over rosters, pensions and night shifts at Skerry port."
    b = "Skerry port pilots strike action vote: night shifts, pensions and rosters at the harbour."
    near = stories.pairs(_records(("a1", "A", a), ("b1", "B", b), dates=["2024-05-01", "2024-05-03"]), "A", "B")
    far = stories.pairs(_records(("a1", "A", a), ("b1", "B", b), dates=["2024-05-01", "2024-06-03"]), "A", "B")
    undated = stories.pairs(_records(("a1", "A", a), ("b1", "B", b), dates=["2024-05-01", ""]), "A", "B")
    assert near["shared"].tolist() == [0] and near["score"].item() > 0.5
    assert far.empty
    assert undated["doc_id_b"].tolist() == ["b1"] and pd.isna(undated["days_apart"].item())


def test_boilerplate_used_by_more_than_max_df_articles_pairs_nothing():
    footer = "Follow our coverage of the region every day on the website and in print."
    topics = iter(["kelp farming", "tram fares", "choir prizes", "ferry timetables", "bakery awards", "tidal power"])
    arts = _records(*[(f"{o}{i}", o.upper(), f"Story about {next(topics)}. {footer}") for i in range(3) for o in "ab"])
    assert stories.candidates(arts, "A", "B", max_df=6)["shared"].tolist() == [10] * 9  # the footer's 14 words: 10 runs
    assert stories.candidates(arts, "A", "B", max_df=5).empty  # used by 6 articles: boilerplate


def test_duplicates_are_reported_by_their_first_doc_id():
    arts = _records(("x2", "A", "The same  text.\nTwice."), ("x1", "B", "the same text. Twice."), ("x3", "B", "Other."))
    assert stories.duplicates(arts).values.tolist() == [["x2", "A", "x1"]]


def test_chosen_pairs_all_and_a_wrong_value(fixture_corpus):
    assert len(stories.chosen_pairs(fixture_corpus, "Harbour Ledger", "Valley Herald", "all")) == 4
    with pytest.raises(MediacompareError, match="pairs='every' is not known — use 'stories', 'all'"):
        stories.chosen_pairs(fixture_corpus, "Harbour Ledger", "Valley Herald", "every")


def test_articles_without_content_words_make_no_pair_and_no_error():
    arts = _records(("a1", "A", "It is what it is."), ("b1", "B", "And so on, and on."))
    assert stories.pairs(arts, "A", "B").empty
    assert stories.stories(arts, "A", "B")["covered_by"].tolist() == ["A", "B"]


def test_on_shared_stories_keeps_the_rows_of_stories_both_outlets_covered(story_corpus):
    articles, _ = story_corpus
    table = stories.stories(articles, COURIER, GAZETTE)
    kept = stories.on_shared_stories(articles, table)
    assert sorted(kept["doc_id"]) == ["cg_001", "cg_002", "cg_003", "nc_001", "nc_002", "nc_003", "nc_004"]


# Random corpora: words no two texts share by chance, and passages of six or more distinct words planted in pairs of
# articles. The index pairs every article pair that shares one, so passages on the story pairs equal
# passages on every pair (the brute-force reference).
WORDS = st.text(string.ascii_lowercase, min_size=6, max_size=9)


@st.composite
def planted(draw):
    n_a, n_b = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    # each text is a list of blocks: one random word each, and each planted passage whole, never split by another
    # filler words carry their article and place, so no two articles share one by chance
    texts = {f"{o}{i}": [[f"{w}x{o}{i}x{k}"] for k, w in enumerate(draw(st.lists(WORDS, min_size=5, max_size=40)))]
             for o, n in (("a", n_a), ("b", n_b)) for i in range(n)}
    for p in range(draw(st.integers(0, 3))):  # a passage's words are its own too: passages never share words by chance
        passage = [f"{w}p{p}" for w in draw(st.lists(WORDS, min_size=6, max_size=12, unique=True))]
        a, b = f"a{draw(st.integers(0, n_a - 1))}", f"b{draw(st.integers(0, n_b - 1))}"
        for doc in (a, b):
            texts[doc].insert(draw(st.integers(0, len(texts[doc]))), passage)
    return corpus.from_texts([{"doc_id": d, "outlet": d[0].upper(), "text": " ".join(w for block in blocks for w in block) + "."}
                              for d, blocks in texts.items()])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(planted())
def test_passages_on_story_pairs_equal_passages_on_every_pair(arts):
    pd.testing.assert_frame_equal(overlap.passages(arts, "A", "B"), overlap.passages(arts, "A", "B", pairs="all"))


def test_coverage_and_per_day_count_the_fixture_by_hand(story_corpus):
    articles, _ = story_corpus
    table = stories.stories(articles, COURIER, GAZETTE)
    assert stories.coverage(table, COURIER, GAZETTE).values.tolist() == [
        ["both", 3, 4, 3], [COURIER, 1, 1, 0], [GAZETTE, 2, 0, 2]]
    days = stories.per_day(articles, COURIER, GAZETTE)
    assert days.iloc[0].tolist() == ["2025-03-03", 1, 1]  # both outlets' first strike reports
    assert days.iloc[-1].tolist() == ["", 0, 1]  # cg_003 has no date: counted last
    assert days["articles_a"].sum() == 5 and days["articles_b"].sum() == 5


def test_described_pairs_carry_both_titles(story_corpus):
    articles, _ = story_corpus
    table = stories.described(stories.pairs(articles, COURIER, GAZETTE), articles)
    first = table.iloc[0]
    assert (first["title_a"], first["title_b"]) == ("Ferry crews walk out as pay talks collapse", "Strike halts island ferries")
    assert table["story_id"].tolist() == [1, 1, 2, 3]


def test_titled_puts_each_title_beside_its_doc_id_and_keeps_the_index(story_corpus):
    articles, _ = story_corpus
    pairs = stories.pairs(articles, COURIER, GAZETTE).set_axis([10, 11, 12, 13])
    table = stories.titled(pairs, articles)
    assert list(table.columns[:4]) == ["doc_id_a", "title_a", "doc_id_b", "title_b"]
    assert table.loc[12, ["title_a", "title_b"]].tolist() == ["Kelvey Bridge to close for six weeks of repairs",
                                                             "Bridge repairs to shut Kelvey crossing for six weeks"]
