import nltk
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mediacompare import corpus, distributed, text
from mediacompare.paths import NLTK_DATA

from conftest import MOSCOW_TIMES_ID, SPUTNIK_ID, text_of


def split(s):
    return [s[a:b] for a, b in text.sentence_spans(s)]


@pytest.mark.parametrize("paragraph, expected", [
    ("Gen. Valery Gerasimov met Mr. Putin. They talked.", ["Gen. Valery Gerasimov met Mr. Putin.", "They talked."]),
    ("The U.S. leader spoke on Dec. 8 in Sochi. Then he left.", ["The U.S. leader spoke on Dec. 8 in Sochi.", "Then he left."]),
    ("J. R. Smith met J.R.R. Tolkien. It was late.", ["J. R. Smith met J.R.R. Tolkien.", "It was late."]),
    ('He said: "We are ready." Then he left.', ['He said: "We are ready."', "Then he left."]),
    ("He said: “We are ready.” Then he left.", ["He said: “We are ready.”", "Then he left."]),
    ("He asked, “Why now?” Nobody answered.", ["He asked, “Why now?”", "Nobody answered."]),
    ("Talks were “constructive.” Biden agreed.", ["Talks were “constructive.”", "Biden agreed."]),
    ("It ended at 5 p.m. Nobody stayed.", ["It ended at 5 p.m.", "Nobody stayed."]),
    ("Troops moved towards the U.S. The talks failed.", ["Troops moved towards the U.S.", "The talks failed."]),
    ("He flew to the U.K. But he came back.", ["He flew to the U.K.", "But he came back."]),
    ("The U.S. President and the U.S. Navy agreed.", ["The U.S. President and the U.S. Navy agreed."]),
    ("Talks with Mr. He Lifeng ended. Gen. The Hon. Smith left.", ["Talks with Mr. He Lifeng ended.", "Gen. The Hon. Smith left."]),
    ("First line\nSecond line", ["First line", "Second line"]),
])
def test_sentence_splitting_on_news_text(paragraph, expected):
    assert split(paragraph) == expected


def test_seed_sentences(seed):
    sents = text.sentences(seed)
    assert sents.groupby("doc_id").size().to_dict() == {SPUTNIK_ID: 13, MOSCOW_TIMES_ID: 24}
    sputnik = sents[sents["doc_id"] == SPUTNIK_ID]["text"].tolist()
    assert sputnik[1] == ('"The structure [NATO] considers us, to put it mildly, unfriendly, and besides, '
                          "it declares Russia its adversary.")
    assert sputnik[9] == ("The two presidents discussed a wide range of topics, including US' concerns about "
                          "Russia’s alleged military build-up on the border with Ukraine.")
    mt = sents[sents["doc_id"] == MOSCOW_TIMES_ID]["text"].tolist()
    assert mt[0].startswith("Russian President Vladimir Putin, speaking publicly") and mt[0].endswith('"defend its security."')
    assert mt[10] == "France warns Russia"
    assert list(sents.columns) == ["doc_id", "outlet", "sent_id", "start", "end", "text"]


@pytest.mark.parametrize("s, expected", [
    ("Russia’s build-up", ["Russia", "’s", "build-up"]),
    ("the US’ concerns", ["the", "US", "’", "concerns"]),
    ("U.S. leader", ["U.S.", "leader"]),
    ("up to 100,000 troops, 2.5% more", ["up", "to", "100,000", "troops", ",", "2.5%", "more"]),
    ("pro-Russia separatists can't", ["pro-Russia", "separatists", "can't"]),
    ('"constructive."', ['"', "constructive", ".", '"']),
    ("Mirage-2000 planes", ["Mirage-2000", "planes"]),
])
def test_token_boundaries(s, expected):
    assert [s[a:b] for a, b in text.token_spans(s)] == expected


def test_seed_token_columns_and_values(seed):
    toks = text.tokens(seed)
    assert list(toks.columns) == ["doc_id", "outlet", "sent_id", "tok_id", "start", "end", "token", "norm",
                                  "stem", "is_stop", "is_punct"]
    first = toks.iloc[:3]
    assert first["token"].tolist() == ["NATO", "'s", "policy"]
    assert first["norm"].tolist() == ["nato", "'s", "policy"]
    assert first["stem"].tolist() == ["nato", "'s", "polici"]
    assert first["is_stop"].tolist() == [False, True, False]
    curly = toks[(toks["doc_id"] == SPUTNIK_ID) & (toks["token"] == "’s")]
    assert curly["norm"].tolist() == ["'s"] and curly["is_stop"].all()
    comma = toks[toks["token"] == ","].iloc[0]
    assert comma.is_punct and not comma.is_stop
    # grep -o counts "Putin" 5 times in Sputnik's file and 9 times in the Moscow Times' file, of which
    # the headline, the photo caption and the "Related article" line hold one each: 6 are left in its body
    assert toks[toks["token"] == "Putin"].groupby("doc_id").size().to_dict() == {SPUTNIK_ID: 5, MOSCOW_TIMES_ID: 6}


def test_token_offsets_index_the_article_text(seed):
    toks = text.tokens(seed)
    texts = dict(zip(seed["doc_id"], seed["text"]))
    assert all(texts[r.doc_id][r.start:r.end] == r.token for r in toks.itertuples())
    sents = text.sentences(seed)
    assert all(texts[r.doc_id][r.start:r.end] == r.text for r in sents.itertuples())


def test_lengths(seed):
    table = text.lengths(seed)
    assert table["sentences"].tolist() == [13, 24]
    assert table["characters"].tolist() == [len(text_of(seed, SPUTNIK_ID)), len(text_of(seed, MOSCOW_TIMES_ID))]


def test_stopwords_come_from_the_vendored_archive():
    assert len(text.stopwords()) == 179
    assert nltk.data.find("corpora/stopwords.zip").zipfile.filename.startswith(str(NLTK_DATA))


PIECES = list("abcXYZ .,;:!?'’\"“”«»-\n0123456789()[]—…") + ["Mr.", "U.S.", "Gen.", " J. ", "’s", "\n\n"]
news_text = st.lists(st.sampled_from(PIECES), min_size=1, max_size=80).map("".join).filter(lambda s: s.strip())


@settings(max_examples=200, deadline=None)
@given(news_text)
def test_spans_round_trip_and_never_overlap(s):
    for spans in (text.sentence_spans(s), text.token_spans(s)):
        previous_end = 0
        for start, end in spans:
            assert previous_end <= start < end <= len(s)
            assert s[start:end].strip() == s[start:end]
            previous_end = end


@settings(max_examples=50, deadline=None)
@given(news_text)
def test_token_table_round_trips_through_from_texts(s):
    arts = corpus.from_texts([{"outlet": "X", "text": s}])
    body = arts["text"].item()
    toks = text.tokens(arts)
    assert all(body[r.start:r.end] == r.token for r in toks.itertuples())
    assert toks["tok_id"].tolist() == list(range(len(toks)))


def test_a_concordance_is_the_words_in_context_of_each_term_once():
    arts = corpus.from_texts([{"outlet": "A", "doc_id": "a", "text": "The ferry sailed. Ferries stop at Hamar."},
                              {"outlet": "B", "doc_id": "b", "text": "No ferry today, said the ferryman."}])
    lines = text.concordance(arts, ["ferry", "Hamar", "ferry"], window=2)
    assert lines[["term", "doc_id", "left", "keyword", "right"]].values.tolist() == [
        ["Hamar", "a", "stop at", "Hamar", "."],
        ["ferry", "a", "The", "ferry", "sailed."],
        ["ferry", "a", "sailed.", "Ferries", "stop at"],
        ["ferry", "b", "No", "ferry", "today,"],
    ]
    ferry = lines[lines["term"] == "ferry"].drop(columns="term").reset_index(drop=True)
    pd.testing.assert_frame_equal(ferry, text.kwic(text.tokens(arts), "ferry", window=2))


def test_local_tokens_are_none_when_a_cluster_tokenises_the_partitions(monkeypatch):
    arts = corpus.from_texts([{"outlet": "A", "doc_id": str(i), "text": "A ferry sailed."} for i in range(3)])
    pd.testing.assert_frame_equal(text.local_tokens(arts), text.tokens(arts))
    monkeypatch.setattr(distributed, "client", lambda: object())  # an active client
    monkeypatch.setattr(distributed, "ARTICLES_PER_PARTITION", 2)
    assert text.local_tokens(arts) is None
    monkeypatch.setattr(distributed, "ARTICLES_PER_PARTITION", 3)  # one partition: stays here
    assert len(text.local_tokens(arts)) == 12
