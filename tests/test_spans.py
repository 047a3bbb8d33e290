"""corpus.span and corpus.spans: the exact text any row of any table points at, headline quotations included."""

import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from mediacompare import cleaning, corpus, overlap, quotes, text
from mediacompare.errors import TableError

BODY_A = 'Putin said: "We will win." Then he left the hall today.'
TITLE_A = 'Putin: "We will win"'
BODY_B = 'He said "we will win" and then he left the hall today.'


@pytest.fixture(scope="module")
def pair():
    arts = corpus.from_texts([{"outlet": "A", "text": BODY_A, "title": TITLE_A, "doc_id": "a"},
                              {"outlet": "B", "text": BODY_B, "doc_id": "b"}])
    q = quotes.extract(arts)
    return arts, q, quotes.match(q, arts, "A", "B"), overlap.passages(arts, "A", "B")


def test_a_headline_quotation_is_read_from_the_title_and_a_body_one_from_the_text(pair):
    arts, q, _, _ = pair
    assert list(zip(q["where"], q["start"], q["end"])) == [("body", 13, 25), ("headline", 8, 19), ("body", 9, 20)]
    assert [corpus.span(arts, row) for _, row in q.iterrows()] == ["We will win.", "We will win", "we will win"]
    headline = q.iloc[1]
    assert BODY_A[headline["start"]:headline["end"]] == 'id: "We wil'  # what slicing the text would wrongly give


def test_rows_of_every_table_and_every_row_type(pair):
    arts, q, qm, pas = pair
    toks = text.tokens(arts)
    assert corpus.span(arts, toks.iloc[2]) == ":"
    assert corpus.span(arts, next(text.sentences(arts).itertuples())) == 'Putin said: "We will win."'
    assert corpus.span(arts, pas.iloc[0].to_dict(), side="a") == 'said: "We will win." Then he left the hall today'
    assert corpus.span(arts, pas.iloc[0], side="b") == 'said "we will win" and then he left the hall today'
    # A's headline quotation matches B's body one; B's matches A's first body quotation
    assert corpus.spans(arts, qm, side="other", quotes=q).tolist() == ["we will win", "we will win", "We will win."]


def test_a_quote_match_whose_other_quote_is_a_headline_reads_the_title():
    arts = corpus.from_texts([{"outlet": "A", "text": "Then he left the hall after the long talks.", "title": 'Putin: "We will win"',
                               "doc_id": "a"},
                              {"outlet": "B", "text": 'He said "we will win" and then he left the hall after the long talks.', "doc_id": "b"}])
    q = quotes.extract(arts)
    qm = quotes.match(q, arts, "A", "B")
    b_row = qm[qm["outlet"] == "B"].iloc[0]
    assert (b_row["other_start"], b_row["other_end"]) == (8, 19)
    assert corpus.span(arts, b_row, side="other", quotes=q) == "We will win"
    with pytest.raises(TableError, match=r"other quotation may be a headline, whose offsets index the title: pass quotes="):
        corpus.span(arts, b_row, side="other")


@pytest.mark.parametrize("row, side, message", [
    ({"doc_id": "a", "start": 0, "end": 5}, "c", r"side='c' is not a side of a table — use None, 'a', 'b'"),
    ({"doc_id": "a", "start": 0}, None, r"expected a table with spans table \(it needs doc_id, start, end\); this one has no column 'end'"),
    ({"doc_id": "zz", "start": 0, "end": 5}, None, r"doc_id 'zz' is not in the articles table — pass the articles"),
    ({"doc_id": "a", "start": 50, "end": 500}, None, r"span 50:500 lies outside the text of doc_id 'a' \(55 characters\)"),
    ({"doc_id": "a", "start": 5, "end": 50, "where": "headline"}, None, r"span 5:50 lies outside the title of doc_id 'a' \(20 characters\)"),
    ({"other_doc_id": "", "other_start": pd.NA, "other_end": pd.NA}, "other", r"has no other_start/other_end \(a unique quote"),
])
def test_a_row_without_a_span_in_these_articles_is_refused(pair, row, side, message):
    with pytest.raises(TableError, match=message):
        corpus.span(pair[0], row, side=side)


# --- properties: every span of every table round-trips through corpus.span ---------------------

PIECES = ["We", "will", "win", "the", "talks", "Putin", "said", "he", "NATO", " ", " ", ", ", ". ", "\n\n", '"', "“", "”",
          "‘", "’", "'", "«", "»", "[sic]", "…", "...", ":", "—", "Mr.", "U.S.", "’s", "\r\n", "\u2028", "é", "שלום", "😀"]
texts = st.lists(st.sampled_from(PIECES), min_size=1, max_size=50).map("".join).filter(lambda s: any(c.isalpha() for c in s))


@settings(max_examples=80, deadline=None)
@given(texts, texts, texts)
def test_sentence_token_quote_and_passage_spans_round_trip(body_a, body_b, title):
    assume(cleaning.clean(body_a, title=title).text.strip())  # a body that only repeats its title is refused
    arts = corpus.from_texts([{"outlet": "A", "text": body_a, "title": title.replace("\n", " "), "doc_id": "a"},
                              {"outlet": "B", "text": body_b, "doc_id": "b"}])
    sents, toks = text.sentences(arts), text.tokens(arts)
    assert [corpus.span(arts, row) for _, row in sents.iterrows()] == sents["text"].tolist()
    assert [corpus.span(arts, row) for row in toks.itertuples()] == toks["token"].tolist()
    q = quotes.extract(arts)
    for _, row in q.iterrows():
        whole = corpus.span(arts, row)
        pieces = [corpus.span(arts, {**row, "start": a, "end": b}) for a, b in row["parts"]]
        assert " ".join(pieces) == row["text"]
        assert whole.startswith(pieces[0]) and whole.endswith(pieces[-1])
    pas = overlap.passages(arts, "A", "B", min_tokens=1)
    for _, row in pas.iterrows():
        assert (corpus.span(arts, row, side="a"), corpus.span(arts, row, side="b")) == (row["text_a"], row["text_b"])
    assert corpus.spans(arts, pas, side="a").tolist() == pas["text_a"].tolist()
