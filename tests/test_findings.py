"""Findings sentences, pinned on small tables written by hand for each case."""

import re

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mediacompare import corpus, findings, overlap, quotes, terms, text
from mediacompare.findings import Finding

A, B = "Ledger", "Herald"


def articles(per_outlet: dict[str, int], published=None):
    rows = [{"doc_id": f"{o[0].lower()}{i}", "outlet": o, "title": f"t{i}", "published": "", "text": "x"}
            for o, n in per_outlet.items() for i in range(1, n + 1)]
    table = pd.DataFrame(rows)
    if published is not None:
        table["published"] = published
    return table


def lengths(table, words):
    return table[["doc_id", "outlet"]].assign(words=words)


def texts(found):
    return [f.text for f in found]


# overview ------------------------------------------------------------------------------------------------------


def test_overview_of_one_article_per_outlet_says_so_once():
    arts = articles({A: 1, B: 1}, published=["2024-03-04", "2024-03-04"])
    found = findings.overview(arts, A, B, lengths=lengths(arts, [335, 555]))
    assert found == [
        Finding("Ledger has 1 article (335 words) and Herald 1 (555 words).", ("#lengths-0", "#lengths-1")),
        Finding("All were published on 2024-03-04."),
        Finding("With one article per outlet, this report compares two texts, not two outlets’ coverage: "
                "read it as one case, not as a pattern.", caveat=True),
    ]


def test_overview_of_many_articles_sums_words_and_spans_dates():
    arts = articles({A: 3, B: 2}, published=["2024-03-06", "2024-03-04", "", "2024-03-05", ""])
    found = findings.overview(arts, A, B, lengths=lengths(arts, [100, 200, 300, 1000, 234]))
    assert texts(found) == [
        "Ledger has 3 articles (600 words in all) and Herald 2 (1,234 words in all).",
        "The dated ones were published between 2024-03-04 and 2024-03-06; 2 articles carry no date.",
    ]
    assert found[0].anchors == ("#lengths-0", "#lengths-3")


def test_overview_warns_about_the_one_outlet_with_a_single_article():
    found = findings.overview(articles({A: 4, B: 1}), A, B)
    assert texts(found) == ["Ledger has 4 articles and Herald 1.", "No article carries a publication date.",
                            "Herald has a single article, so its side of every comparison rests on one text."]
    assert [f.caveat for f in found] == [False, False, True]


def test_overview_counts_only_the_two_outlets():
    arts = pd.concat([articles({"Other": 5}), articles({A: 2, B: 2})], ignore_index=True)
    found = findings.overview(arts, A, B, lengths=lengths(arts, [7] * 5 + [10, 20, 30, 40]))
    assert found[0] == Finding("Ledger has 2 articles (30 words in all) and Herald 2 (70 words in all).",
                               ("#lengths-5", "#lengths-7"))
    assert found[1] == Finding("No article carries a publication date.")


def cleaning(removed):
    """The overview's sentence on cleaning."""
    return next(f for f in findings.overview(articles({A: 2, B: 2}), A, B, removed=removed) if f.text.startswith("Cleaning"))


def test_cleaning_groups_reasons_most_frequent_first():
    removed = pd.DataFrame({"doc_id": ["h1"] * 4 + ["l1"], "outlet": [B] * 4 + [A], "line": range(5),
                            "content": ["By AFP", "Original url:", "<https://x>", "Related: y", "z"],
                            "reason": ["byline", "source footer", "source footer", "related link", "byline"]},
                           index=[10, 11, 12, 13, 14])
    found = cleaning(removed)
    assert found == Finding("Cleaning took out or rejoined 5 lines of the raw files (1 in Ledger, 4 in Herald): "
                            "2 × byline; 2 × source footer; 1 × related link.", ("#removed-10",))


def test_cleaning_past_four_reasons_counts_the_rest():
    removed = pd.DataFrame({"doc_id": "h1", "outlet": B, "line": range(7), "content": "c",
                            "reason": ["r1", "r1", "r2", "r3", "r4", "r5", "r6"]})
    found = cleaning(removed)
    assert found.text.endswith("(all in Herald): 2 × r1; 1 × r2; 1 × r3; 1 × r4; 2 other lines.")


def test_cleaning_that_removed_nothing_says_so():
    removed = pd.DataFrame(columns=["doc_id", "outlet", "line", "content", "reason"])
    assert cleaning(removed).text == \
        "Cleaning changed nothing: the files held only the articles’ text."


def test_story_coverage_counts_stories_not_articles():
    stories = pd.DataFrame({"doc_id": ["l1", "h1", "l2", "l3", "h2", "h3"], "outlet": [A, B, A, A, B, B],
                            "story_id": [1, 1, 2, 3, 4, 4], "covered_by": ["both", "both", A, A, B, B]})
    found = findings.overview(articles({A: 3, B: 3}), A, B, stories=stories)
    assert found[-1] == Finding("Of 4 stories, 1 is covered by both outlets, 2 only by Ledger and 1 only by Herald.",
                                ("#stories-0", "#stories-2", "#stories-4"))


def test_no_shared_story_is_a_caveat():
    stories = pd.DataFrame({"doc_id": ["l1", "h1"], "outlet": [A, B], "story_id": [1, 2], "covered_by": [A, B]})
    last = findings.overview(articles({A: 2, B: 2}), A, B, stories=stories)[-1]
    assert last.caveat and last.text.startswith("No story is covered by both outlets")


# overlap -------------------------------------------------------------------------------------------------------

PASSAGE_COLUMNS = ["doc_id_a", "start_a", "end_a", "doc_id_b", "start_b", "end_b", "n_tokens", "text_a", "text_b", "score"]


def passages(rows):
    return pd.DataFrame(rows, columns=PASSAGE_COLUMNS)


def summary(pairs=(("l1", "h1"),), **values):
    """An overlap.summary table: pooled rows with the given values, and one tf-idf cosine row per article pair."""
    rows = [("outlets", "*", "*", m.replace("_", " "), pd.NA, v, "") for m, v in values.items()]
    rows += [("articles", a, b, "tf-idf cosine", pd.NA, cos, "") for (a, b), cos in zip(pairs, (0.2, 0.7, 0.7, 0.1))]
    return pd.DataFrame(rows, columns=["scope", "doc_id_a", "doc_id_b", "measure", "n", "value", "meaning"])


def test_no_shared_passage_is_said_with_its_threshold():
    found = findings.overlap(summary(), passages([]), A, B, min_tokens=5)
    assert found == [Finding("The two outlets share no passage of 5 or more content words.", caveat=True)]


def test_passages_name_the_longest_with_its_opening_words_and_rates():
    table = passages([
        ("l1", 0, 20, "h1", 5, 25, 6, "with Greek Prime Minister Kyriakos Mitsotakis", "same", 1.0),
        ("l1", 40, 90, "h1", 50, 99, 12, "the bridge will stay shut until the inspectors finish their work next month",
         "x", 1.0),
        ("l1", 95, 99, "h1", 120, 130, 4, "four words in common", "x", 0.8),
    ])
    sums = summary(copy_rate_a=0.155224, copy_rate_b=0.093694, vocabulary_jaccard=0.242424,
                   vocabulary_containment_a_in_b=0.503937, vocabulary_containment_b_in_a=0.318408)
    found = findings.overlap(sums, table, A, B)
    assert texts(found) == [
        ("3 shared passages; the longest, 12 words, “the bridge will stay shut until the inspectors…”, "
         "appears word for word in both."),
        "15.5 % of Ledger’s words and 9.37 % of Herald’s lie inside these passages.",
        ("Of all the distinct content words either outlet uses, 24.2 % are used by both; 50.4 % of Ledger’s also "
         "appear in Herald, and 31.8 % of Herald’s in Ledger."),
    ]
    assert found[0].anchors == ("#passages-1",)
    assert found[1].anchors == ("#summary-0", "#summary-1")


def test_a_single_altered_passage_gives_its_share_of_matching_words():
    table = passages([("l1", 0, 30, "h1", 0, 30, 5, "short shared passage here now", "x", 0.9)])
    assert findings.overlap(summary(), table, A, B)[0].text == \
        "The outlets share 1 passage: 5 words, “short shared passage here now”, which matches in 90.0 % of its words."


def test_many_article_pairs_name_how_many_share_and_the_closest():
    pairs = [("l1", "h1"), ("l1", "h2"), ("l2", "h1"), ("l2", "h2")]
    table = passages([("l1", 0, 9, "h2", 0, 9, 4, "a b c d", "a b c d", 1.0),
                      ("l2", 0, 9, "h1", 0, 9, 5, "e f g h i", "e f g h i", 1.0)])
    found = findings.overlap(summary(pairs), table, A, B)
    assert found[0].text.startswith("2 shared passages in 2 of 4 article pairs; the longest, 5 words, “e f g h i”")
    assert found[-1] == Finding("The closest pair of articles is l1 (Ledger) and h2 (Herald), with a TF-IDF cosine of "
                                "0.700.", ("#summary-1",))


def test_undefined_measures_give_no_sentence():
    sums = summary(copy_rate_a=float("nan"), copy_rate_b=0.1, vocabulary_jaccard=float("nan"),
                   vocabulary_containment_a_in_b=0.5, vocabulary_containment_b_in_a=0.5)
    table = passages([("l1", 0, 9, "h1", 0, 9, 4, "a b c d", "a b c d", 1.0)])
    assert len(findings.overlap(sums, table, A, B)) == 1


# quotes --------------------------------------------------------------------------------------------------------


def extracted(rows, kind=True):
    table = pd.DataFrame(rows, columns=["doc_id", "outlet", "quote_id", "text", "speaker", "kind"])
    return table if kind else table.drop(columns="kind")


def matches(rows):
    return pd.DataFrame(rows, columns=["outlet", "doc_id", "quote_id", "text", "match_type", "score",
                                       "other_doc_id", "other_quote_id"])


LONG = "the bridge will not reopen before the inspectors have finished every test"
QUOTES = extracted([
    ("l1", A, 0, LONG, "Ana Ruiz", "full"),
    ("l1", A, 1, "unsafe", "Ana Ruiz", "fragment"),
    ("l1", A, 2, "a cost we all carry", "", "full"),
    ("h1", B, 0, LONG, "Ana Ruiz", "full"),
    ("h1", B, 1, "the traders deserve better", "Tom Lee", "full"),
])
MATCHES = matches([
    (A, "l1", 0, LONG, "exact", 1.0, "h1", 0),
    (A, "l1", 1, "unsafe", "unique", 0.0, "", pd.NA),
    (A, "l1", 2, "a cost we all carry", "unique", 0.0, "", pd.NA),
    (B, "h1", 0, LONG, "exact", 1.0, "l1", 0),
    (B, "h1", 1, "the traders deserve better", "paraphrase", 0.8, "l1", pd.NA),
])


def test_quotes_count_name_the_longest_shared_and_say_how_each_reappears():
    found = findings.quotes(QUOTES, MATCHES, A, B)
    assert found == [
        Finding("Ledger carries 3 quotations and Herald 2.", ("#matches-0", "#matches-3")),
        Finding("Both carry Ana Ruiz’s 12-word quotation “the bridge will not reopen before the inspectors…” "
                "word for word.", ("#matches-0", "#matches-3")),
        Finding("Of Ledger’s 3 quotations, Herald carries 1 word for word; 2 are Ledger’s alone.", ("#matches-0",)),
        Finding("Of Herald’s 2 quotations, Ledger carries 1 word for word and 1 paraphrased, without quotation marks.",
                ("#matches-3", "#matches-4")),
    ]


def test_quotes_without_a_kind_column_still_work():
    assert len(findings.quotes(QUOTES.drop(columns="kind"), MATCHES, A, B)) == 4


def test_scare_quotes_are_counted_apart():
    scare = pd.concat([QUOTES, extracted([("h1", B, 2, "reform", "", "scare")])], ignore_index=True)
    rows = pd.concat([MATCHES, matches([(B, "h1", 2, "reform", "unique", 0.0, "", pd.NA)])], ignore_index=True)
    found = findings.quotes(scare, rows, A, B)
    assert found[0].text == "Ledger carries 3 quotations and Herald 2."
    assert found[-1] == Finding("1 word or phrase in quotation marks is a scare quote (held at a distance, not a "
                                "statement) and left out of these counts.", ("#quotes-5",))


def test_no_quotation_at_all_is_one_caveat():
    found = findings.quotes(QUOTES.iloc[:0], MATCHES.iloc[:0], A, B)
    assert found == [Finding("Neither outlet quotes anyone: the articles hold no quotation.", caveat=True)]


def test_quotations_that_are_never_shared():
    rows = MATCHES.assign(match_type="unique")
    found = findings.quotes(QUOTES, rows, A, B)
    assert texts(found)[1:] == [
        "None of Ledger’s 3 quotations appears in Herald, quoted or paraphrased.",
        "None of Herald’s 2 quotations appears in Ledger, quoted or paraphrased.",
        "The two outlets share no quotation, whole, in part, altered or paraphrased.",
    ]
    assert found[-1].caveat


def test_one_outlet_without_quotations():
    found = findings.quotes(QUOTES[QUOTES["outlet"] == A], MATCHES[MATCHES["outlet"] == A].assign(match_type="unique"), A, B)
    assert texts(found)[0] == "Ledger carries 3 quotations and Herald 0."


def test_a_fragment_shared_in_part_when_none_is_word_for_word():
    rows = MATCHES.assign(match_type=["contained", "unique", "unique", "contained", "unique"])
    found = findings.quotes(QUOTES, rows, A, B)
    assert found[1].text.endswith("12-word quotation “the bridge will not reopen before the inspectors…” in part.")


def test_a_shared_quotation_without_a_speaker():
    found = findings.quotes(QUOTES.assign(speaker=""), MATCHES, A, B)
    assert found[1].text.startswith("Both carry a 12-word quotation “the bridge")


def test_one_leaning_word_is_the_strongest_lean():
    found = findings.terms(keyness([("alleged", 3, 0, 1.26), ("talks", 2, 2, 0.0)]), A, B)
    assert found[1].text == "The strongest lean is “alleged” to Ledger (3 against 0, z = 1.26)."


def test_most_quoted_speaker_from_voices():
    voices = pd.DataFrame({"speaker": [quotes.UNATTRIBUTED, "Ana Ruiz"], "quotes_a": [2, 2], "words_a": [90, 13],
                           "quotes_b": [0, 1], "words_b": [0, 12], "quoted_by": [A, "both"]})
    found = findings.quotes(QUOTES, MATCHES, A, B, voices=voices)
    assert found[-1] == Finding("Ana Ruiz is quoted most: 13 words in Ledger, 12 in Herald.", ("#voices-1",))


# terms ---------------------------------------------------------------------------------------------------------


def keyness(rows):
    table = pd.DataFrame(rows, columns=["term", "count_a", "count_b", "log_odds_z"])
    table["favours"] = [A if z > 0 else B if z < 0 else "none" for z in table["log_odds_z"]]
    table["significant"] = table["log_odds_z"].abs() >= 1.96
    return table


def test_no_significant_word_is_a_caveat_with_the_strongest_leans():
    table = keyness([("alleged", 3, 0, 1.26), ("talks", 2, 2, 0.1), ("leader", 0, 4, -0.824)])
    found = findings.terms(table, A, B)
    assert found == [
        Finding("Across all articles, no word leans significantly to either outlet: none of the 3 words compared "
                "reaches |z| ≥ 1.96.", caveat=True),
        Finding("The strongest leans are “alleged” to Ledger (3 against 0, z = 1.26) and “leader” to Herald "
                "(0 against 4, z = −0.824).", ("#keyness-0", "#keyness-2")),
    ]


def test_significant_words_are_named_strongest_first():
    table = keyness([("strike", 30, 2, 4.1), ("union", 20, 1, 3.5), ("wage", 12, 1, 2.2), ("pay", 9, 1, 1.97),
                     ("quay", 5, 5, 0.0), ("council", 1, 25, -3.9)])
    found = findings.terms(table, A, B, top=3)
    assert found == [Finding(
        "Across all articles, 5 of the 6 words compared lean significantly to one outlet (|z| ≥ 1.96); to Ledger: "
        "“strike” (30 against 2), “union” (20 against 1) and “wage” (12 against 1); to Herald: “council” (1 against 25).",
        ("#keyness-0", "#keyness-1", "#keyness-2", "#keyness-5"))]


def test_a_side_without_significant_words_says_none():
    table = keyness([("strike", 30, 2, 4.1), ("council", 1, 3, -0.5)])
    assert findings.terms(table, A, B)[0].text.endswith("to Ledger: “strike” (30 against 2); none to Herald.")


def test_keyness_on_shared_stories_adds_its_own_findings():
    pooled = keyness([("strike", 30, 2, 4.1)])
    shared = keyness([("strike", 3, 2, 0.4)])
    found = findings.terms(pooled, A, B, shared=shared)
    assert found[1].text.startswith("On the stories both outlets covered, no word leans significantly")
    assert found[2].anchors == ("#keyness_shared-0",)


def test_empty_keyness_is_a_caveat():
    found = findings.terms(keyness([]), A, B)
    assert found == [Finding("Across all articles, no word is left to compare once stopwords are set aside.", caveat=True)]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["strike", "union", "wage", "quay", "council", "bridge", "rent"]),
                          st.integers(0, 40), st.integers(0, 40), st.floats(-5, 5, allow_nan=False)),
                max_size=7, unique_by=lambda r: r[0]))
def test_terms_name_only_words_and_rows_the_table_holds(rows):
    table = keyness(rows).set_index(pd.Index(range(100, 100 + len(rows))))
    for finding in findings.terms(table, A, B):
        assert set(re.findall(r"“([^”]+)”", finding.text)) <= set(table["term"])
        assert {int(a.rsplit("-", 1)[1]) for a in finding.anchors} <= set(table.index)


# index page, HTML, files ---------------------------------------------------------------------------------------


def test_headline_takes_each_pages_first_finding_that_is_not_a_caveat():
    pages = [("01.html", [Finding("counts", ("#lengths-0",)), Finding("dates")]),
             ("02.html", [Finding("no passage", caveat=True), Finding("vocabulary", ("#summary-0", "#summary-1"))]),
             ("03.html", [Finding("no quotation", caveat=True)]),
             ("04.html", [])]
    assert findings.headline(pages) == [Finding("counts", ("01.html#lengths-0",)),
                                        Finding("vocabulary", ("02.html#summary-0", "02.html#summary-1")),
                                        Finding("no quotation", ("03.html",), caveat=True)]


def test_html_escapes_marks_caveats_and_links_rows():
    block = findings.html([Finding("<b>Tom & Jerry</b>", ("#passages-1",)),
                           Finding("careful", ("#a-1", "#a-2"), caveat=True)], heading="A <title>")
    assert block == ('<section class="mc-findings"><h2>A &lt;title&gt;</h2><ul>'
                     '<li>&lt;b&gt;Tom &amp; Jerry&lt;/b&gt; <span class="mc-refs">(<a href="#passages-1">see</a>)</span></li>'
                     '<li class="mc-caveat">careful <span class="mc-refs">(see <a href="#a-1">1</a>, '
                     '<a href="#a-2">2</a>)</span></li></ul></section>')


SEED_ONLY = ("Sputnik", "Moscow", "Putin", "NATO", "Ukraine", "Mitsotakis", "Greek", "alleged", "security guarantees",
             "military build-up")


@pytest.fixture(scope="module")
def fixture_findings():
    """Every page's findings on the invented corpus of tests/fixtures/corpus, computed with the real analyses."""
    from conftest import FIXTURES

    arts = corpus.load(FIXTURES / "corpus" / "articles.csv")
    a, b = "Harbour Ledger", "Valley Herald"
    toks = text.tokens(arts)
    found_quotes = quotes.extract(arts)
    return [*findings.overview(arts, a, b, lengths=text.lengths(arts), removed=corpus.removed(arts)),
            *findings.overlap(overlap.summary(arts, a, b), overlap.passages(arts, a, b), a, b),
            *findings.quotes(found_quotes, quotes.match(found_quotes, arts, a, b), a, b,
                             voices=quotes.voices(found_quotes, a, b)),
            *findings.terms(terms.keyness(toks, a, b), a, b)]


def test_findings_on_another_corpus_name_nothing_of_the_seed(fixture_findings):
    prose = " ".join(texts(fixture_findings))
    assert "Harbour Ledger" in prose and "Valley Herald" in prose
    assert [w for w in SEED_ONLY if w.lower() in prose.lower()] == []
    assert "one article per outlet" not in prose


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([A, B]), st.sampled_from(["exact", "contained", "fuzzy", "paraphrase", "unique"])),
                min_size=1, max_size=25))
def test_each_outlets_quotations_are_all_accounted_for(rows):
    table = matches([(o, "l1" if o == A else "h1", i, f"quote {i}", t, 1.0, "", pd.NA) for i, (o, t) in enumerate(rows)])
    quoted = extracted([("l1" if o == A else "h1", o, i, f"quote {i}", "", "full") for i, (o, _) in enumerate(rows)])
    sentences = [re.fullmatch(r"Of (\w+)’s (\d+) quotations?, \w+ carries (.+?)(?:; (\d+) (?:is|are) \w+’s alone)?\.",
                              f.text) for f in findings.quotes(quoted, table, A, B)]
    said = [s.groups() for s in sentences if s]
    assert len(said) == len({o for o, t in rows if t != "unique"})
    for outlet, total, shared, alone in said:
        parts = [int(n) for n in re.findall(r"(\d+) (?:word for word|in part|altered|paraphrased)", shared)]
        assert sum(parts) + int(alone or 0) == int(total) == sum(o == outlet for o, _ in rows)
