"""The synthetic benchmark corpus (benchmarks/generate.py): deterministic, in range, with the promised shares."""

import re
from collections import Counter

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.feature_extraction.text import TfidfVectorizer

from mediacompare import corpus

from conftest import generate


@pytest.fixture(scope="module")
def large():
    """2,000 stories: enough for the shares to settle within a few points."""
    return generate.corpus(2000, seed=7)


def paragraphs(text):
    return set(text.split("\n\n"))


def test_same_seed_same_corpus_and_another_seed_another():
    records, truth = generate.corpus(30, seed=11)
    again, truth_again = generate.corpus(30, seed=11)
    other, _ = generate.corpus(30, seed=12)
    assert records == again
    assert truth.equals(truth_again)
    assert [r["text"] for r in records] != [r["text"] for r in other[:len(records)]]


@settings(max_examples=10, deadline=None)
@given(n_stories=st.integers(1, 25), seed=st.integers(0, 2**32 - 1))
def test_every_article_is_in_range_and_has_one_truth_row(n_stories, seed):
    records, truth = generate.corpus(n_stories, seed=seed)
    assert [r["doc_id"] for r in records] == truth["doc_id"].tolist() == sorted({r["doc_id"] for r in records})
    assert [r["outlet"] for r in records] == truth["outlet"].tolist()
    assert truth["story"].nunique() == n_stories
    for record in records:
        assert generate.MIN_WORDS <= len(record["text"].split()) <= generate.MAX_WORDS
        assert record["published"] == "" or record["published"][:4] == "2024"
        assert record["title"] and record["outlet"] in generate.OUTLETS


def test_cleaning_keeps_every_generated_text_intact():
    records, _ = generate.corpus(40, seed=3)
    articles = corpus.from_texts(records)
    assert corpus.removed(articles).empty
    assert dict(zip(articles["doc_id"], articles["text"])) == {r["doc_id"]: r["text"] for r in records}


def test_coverage_follow_up_wire_and_date_shares_are_about_right(large):
    records, truth = large
    per_story = truth.groupby("story").agg(covered_by=("covered_by", "first"), follow_up=("follow_up", "any"))
    shares = per_story["covered_by"].value_counts(normalize=True)
    assert shares["both"] == pytest.approx(0.70, abs=0.03)
    assert shares["A only"] == pytest.approx(0.15, abs=0.025)
    assert shares["B only"] == pytest.approx(0.15, abs=0.025)
    assert per_story["follow_up"].mean() == pytest.approx(0.10, abs=0.02)
    firsts = truth[(truth["covered_by"] == "both") & ~truth["follow_up"]].groupby("story")
    assert (firsts["wire_paragraphs"].first() > 0).mean() == pytest.approx(0.30, abs=0.04)
    assert sum(r["published"] == "" for r in records) / len(records) == pytest.approx(0.05, abs=0.012)
    per_outlet = truth["outlet"].value_counts()
    for outlet in generate.OUTLETS:
        assert per_outlet[outlet] == pytest.approx(2000 * generate.ARTICLES_PER_OUTLET_PER_STORY, rel=0.05)


def test_articles_of_a_story_follow_its_coverage(large):
    _, truth = large
    firsts = truth[~truth["follow_up"]]
    outlets = firsts.groupby("story")["outlet"].agg(tuple)
    covered = firsts.groupby("story")["covered_by"].first()
    expected = {"both": ("Outlet A", "Outlet B"), "A only": ("Outlet A",), "B only": ("Outlet B",)}
    assert (outlets == covered.map(expected)).all()
    follow_ups = truth[truth["follow_up"]]
    assert follow_ups["story"].is_unique
    assert all(o in expected[c] for o, c in zip(follow_ups["outlet"], follow_ups["covered_by"]))


def test_wire_paragraphs_appear_verbatim_in_both_first_articles_and_nowhere_else(large):
    records, truth = large
    text = {r["doc_id"]: r["text"] for r in records}
    carried = Counter(p for body in text.values() for p in paragraphs(body))
    firsts = truth[(truth["covered_by"] == "both") & ~truth["follow_up"]].sort_values(["story", "outlet"])
    checked = 0
    for _, story in firsts.groupby("story"):
        (id_a, id_b), wire = story["doc_id"].tolist(), story["wire_paragraphs"].iloc[0]
        shared = paragraphs(text[id_a]) & paragraphs(text[id_b])
        assert len(shared) == wire
        assert all(carried[p] == 2 for p in shared)
        assert all(3 <= p.count(". ") + 1 <= 4 and "“" not in p and '"' not in p for p in shared)
        checked += wire > 0
    assert checked > 300


def test_a_story_is_closer_than_its_topic_and_its_topic_closer_than_the_rest():
    records, truth = generate.corpus(300, seed=7)
    tfidf = TfidfVectorizer(stop_words="english").fit_transform([r["text"] for r in records])
    is_a = (truth["outlet"] == "Outlet A").to_numpy()
    cosine = (tfidf[is_a] @ tfidf[~is_a].T).toarray()
    story, topic = truth["story"].to_numpy(), truth["topic"].to_numpy()
    same_story = story[is_a][:, None] == story[~is_a][None, :]
    same_topic = (topic[is_a][:, None] == topic[~is_a][None, :]) & ~same_story
    assert 0.5 < np.median(cosine[same_story]) < 0.7 and cosine[same_story].min() > 0.35
    assert 0.1 < np.median(cosine[same_topic]) < 0.25 and cosine[same_topic].max() < cosine[same_story].min()
    assert np.median(cosine[~same_story & ~same_topic]) < 0.05


def quoted(text, outlet):
    """The words of every quotation in a generated text, without marks or final punctuation."""
    if outlet == "Outlet A":
        return {q.split("”")[0].rstrip(",.") for q in text.split("“")[1:]}
    return {q.rstrip(",.") for q in text.split('"')[1::2]}


def test_quotation_marks_follow_the_outlet_and_shared_quotes_are_word_for_word(large):
    records, truth = large
    text = {r["doc_id"]: r["text"] for r in records}
    assert all('"' not in text[d] for d in truth.loc[truth["outlet"] == "Outlet A", "doc_id"])
    assert all("“" not in text[d] for d in truth.loc[truth["outlet"] == "Outlet B", "doc_id"])
    firsts = truth[(truth["covered_by"] == "both") & ~truth["follow_up"]].sort_values(["story", "outlet"])
    found = {True: [], False: []}
    for _, story in firsts.groupby("story"):
        (id_a, id_b), shares = story["doc_id"].tolist(), bool(story["shared_quotes"].iloc[0])
        found[shares].append(len(quoted(text[id_a], "Outlet A") & quoted(text[id_b], "Outlet B")))
    assert len(found[True]) > 500 and min(found[True]) >= 1
    assert sum(n > 0 for n in found[False]) <= 0.02 * len(found[False])


def test_a_written_corpus_loads_with_one_article_per_truth_row(tmp_path):
    generate.main(["--stories", "12", "--out", str(tmp_path), "--seed", "5"])
    articles = corpus.load(tmp_path / "articles.jsonl")
    records, truth = generate.corpus(12, seed=5)
    assert articles["doc_id"].tolist() == truth["doc_id"].tolist()
    assert articles["text"].tolist() == [r["text"] for r in records]
    assert articles["published"].tolist() == [r["published"] for r in records]
    written = pd.read_csv(tmp_path / "truth.csv", dtype={"doc_id": str})
    assert written["story"].tolist() == truth["story"].tolist()


def runs_without_rich_slot(template):
    """Word counts before the first rich slot, between rich slots, and after the last."""
    runs, current = [], 0
    for word in template.split():
        if any(slot in word for slot in generate.RICH_SLOTS):
            runs.append(current)
            current = 0
        else:
            current += 1
    return runs[0], runs[1:], current


@pytest.mark.parametrize("template", generate.NARRATIVE + generate.QUOTE)
def test_every_word_5_gram_of_a_sentence_holds_a_rich_slot(template):
    before, between, after = runs_without_rich_slot(template)
    assert before <= 3 and after <= 1 and max(between, default=0) <= 4


@pytest.mark.parametrize("template", generate.ROLES)
def test_a_role_ends_on_a_rich_slot(template):
    before, between, after = runs_without_rich_slot(template)
    assert before <= 4 and after == 0 and max(between, default=0) <= 4


def test_no_word_5_gram_is_a_stock_phrase_of_the_corpus(large):
    records, _ = large
    seen = Counter()
    for record in records[:1500]:
        words = re.findall(r"\w+", record["text"].lower())
        seen.update(set(zip(*(words[i:] for i in range(5)))))
    assert max(seen.values()) <= 4


@pytest.mark.parametrize("per_outlet, stories", [(500, 556), (5000, 5556), (1, 1)])
def test_stories_for_a_size(per_outlet, stories):
    assert generate.stories_for(per_outlet) == stories
