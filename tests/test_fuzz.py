"""Fuzzing the whole chain on generated texts, with the invariants every corpus must keep.

corpus.from_texts → text.sentences / text.tokens → quotes.extract → quotes.match → overlap.passages →
overlap.summary → terms.keyness, on texts built from every quotation-mark style, apostrophes, brackets, ellipses,
CRLF, U+2028, zero-width joiners, right-to-left text, combining marks and emoji. Checked: every span round-trips
through ``corpus.span``; every quotation appears exactly once in ``quotes.match``; no NaN or infinity where the
docstrings promise a number.

``make test`` runs a few hundred examples, the same ones every time (profile "suite"); ``make fuzz`` runs 10,000 new
ones (``HYPOTHESIS_PROFILE=fuzz``) and prints the blob that replays a failure.
"""

import math
import os
import warnings

import pandas as pd
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from mediacompare import cleaning, corpus, overlap, quotes, terms, text

settings.register_profile("suite", max_examples=300, deadline=None, derandomize=True, database=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
settings.register_profile("fuzz", max_examples=10_000, deadline=None, database=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
PROFILE = settings.get_profile(os.environ.get("HYPOTHESIS_PROFILE", "suite"))

WORDS = ["We", "will", "win", "the", "talks", "peace", "NATO", "Putin", "Mitsotakis", "said", "told", "reporters",
         "he", "she", "added", "according", "to", "security", "defend", "right", "Mr.", "U.S.", "Gen.", "2021", "13,000"]
MARKS = ['"', "“", "”", "‘", "’", "'", "«", "»", "„", "‹", "›", "「", "」", "``", "''"]
APOSTROPHES = ["’s", "'s", "don't", "isn’t", "rock 'n' roll", "’90s"]
BRACKETS = ["[", "]", "(", ")", "[sic]", "[he]", "(AFP)"]
ELLIPSES = ["…", "...", ". . ."]
BREAKS = ["\r\n", "\n", "\n\n", "\u2028", "\u2029", "\t", "\u00a0"]
UNICODE = ["\u200d", "\u200c", "\u200b", "שלום", "مرحبا", "\u200f", "\u202e", "e\u0301", "a\u0308", "😀", "👩\u200d👩\u200d👧", "🇬🇷"]
PUNCTUATION = [".", ",", ":", ";", "!", "?", "—", "–", "-"]
PIECES = WORDS + MARKS + APOSTROPHES + BRACKETS + ELLIPSES + BREAKS + UNICODE + PUNCTUATION
# words and spaces come up more often than the rest, so that texts hold sentences, quotations and shared passages
piece = st.one_of(st.sampled_from(WORDS), st.just(" "), st.sampled_from(PIECES))
noise = st.lists(piece, min_size=1, max_size=30).map("".join)
sentence = st.lists(st.sampled_from(WORDS), min_size=3, max_size=12).map(" ".join)
PAIRS = [('"', '"'), ("“", "”"), ("‘", "’"), ("«", "»"), ("'", "'"), ("„", "“"), ("‹", "›"), ("「", "」")]
ATTRIBUTIONS = ["", " Putin said.", ", he told reporters.", " — NATO", ", said Mr. Mitsotakis (AFP)."]
quotation = st.one_of(
    st.builds(lambda marks, words, said: f"{marks[0]}{words}{marks[1]}{said}", st.sampled_from(PAIRS), sentence,
              st.sampled_from(ATTRIBUTIONS)),
    st.builds(lambda marks, first, then: f"{marks[0]}{first},{marks[1]} Putin said, {marks[0]}{then}.{marks[1]}",
              st.sampled_from(PAIRS), sentence, sentence),  # one quotation split by its attribution
)
chunk = st.one_of(noise, sentence.map(lambda s: s + "."), quotation)
SEPARATORS = [" ", " ", "\n\n", "\r\n", "\u2028", "\n"]


def _altered(draw, shared: str) -> str:
    """The shared stretch as the other outlet carries it: verbatim, trimmed, with a word changed, or without its marks."""
    words = shared.split(" ")
    how = draw(st.sampled_from(["verbatim", "trimmed", "changed", "unquoted"]))
    if how == "trimmed" and len(words) > 3:
        return " ".join(words[1:])
    if how == "changed":
        words[draw(st.integers(0, len(words) - 1))] = draw(st.sampled_from(WORDS))
        return " ".join(words)
    if how == "unquoted":
        return "".join(ch for ch in shared if ch not in "\"“”‘’«»„‹›「」")
    return shared


@st.composite
def corpora(draw):
    """Records of outlets A and B (one or two articles each); A's and B's first articles share a quotation and a sentence,
    which B may carry verbatim, trimmed, with a word changed, or without quotation marks."""
    shared = draw(quotation) + " " + draw(sentence) + "."
    records = []
    for outlet, n in (("A", draw(st.integers(1, 2))), ("B", draw(st.integers(1, 2)))):
        for i in range(n):
            chunks = draw(st.lists(chunk, min_size=1, max_size=6))
            if i == 0 and draw(st.integers(0, 3)):
                chunks.insert(draw(st.integers(0, len(chunks))), shared if outlet == "A" else _altered(draw, shared))
            body = "".join(c + draw(st.sampled_from(SEPARATORS)) for c in chunks)
            title = draw(st.one_of(st.just(""), sentence, quotation, noise)).replace("\n", " ").strip()
            records.append({"outlet": outlet, "doc_id": f"{outlet.lower()}{i}", "text": body, "title": title})
    return records


def _finite(series: pd.Series) -> bool:
    return bool(series.map(lambda v: isinstance(v, (int, float)) and math.isfinite(v)).all())


@PROFILE
@given(corpora())
def test_the_whole_chain_keeps_its_invariants(records):
    for record in records:  # an article whose every line is boilerplate is refused, as it should be
        assume(cleaning.clean(record["text"], title=record["title"]).text.strip())
    arts = corpus.from_texts(records)

    sents, toks = text.sentences(arts), text.tokens(arts)
    assert corpus.spans(arts, sents).tolist() == sents["text"].tolist()
    assert corpus.spans(arts, toks).tolist() == toks["token"].tolist()

    q = quotes.extract(arts)
    for _, row in q.iterrows():  # a quotation split by its attribution: its parts, joined, are its text
        parts = [corpus.span(arts, {**row, "start": a, "end": b}) for a, b in row["parts"]]
        assert " ".join(parts) == row["text"]
        assert corpus.span(arts, row).startswith(parts[0]) and corpus.span(arts, row).endswith(parts[-1])

    qm = quotes.match(q, arts, "A", "B")
    keys = ["outlet", "doc_id", "quote_id"]
    assert sorted(map(tuple, qm[keys].to_numpy().tolist())) == sorted(map(tuple, q[keys].to_numpy().tolist()))
    assert not qm.duplicated(keys).any()
    assert _finite(qm["score"]) and qm["score"].between(0, 1).all()
    located = qm[qm["other_start"].notna()]
    other = corpus.spans(arts, located, side="other", quotes=q)
    paraphrased = located["match_type"] == "paraphrase"
    assert other[paraphrased].tolist() == located.loc[paraphrased, "other_text"].tolist()
    by_quote = q.set_index(["doc_id", "quote_id"])
    for (_, row), found in zip(located[~paraphrased].iterrows(), other[~paraphrased]):
        quoted = by_quote.loc[(row["other_doc_id"], row["other_quote_id"])]
        assert (row["other_start"], row["other_end"], row["other_text"]) == (quoted["start"], quoted["end"], quoted["text"])
        assert found == corpus.span(arts, {"doc_id": row["other_doc_id"], **quoted})

    pas = overlap.passages(arts, "A", "B")
    assert corpus.spans(arts, pas, side="a").tolist() == pas["text_a"].tolist()
    assert corpus.spans(arts, pas, side="b").tolist() == pas["text_b"].tolist()
    assert _finite(pas["score"]) and pas["score"].between(0, 1).all() and (pas["n_tokens"] >= 1).all()

    summary = overlap.summary(arts, "A", "B")
    values = summary["value"].dropna()  # NaN is documented where a measure is undefined (an article with no content word)
    assert _finite(values) and values.between(0, 1).all()

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", terms.EmptyResultWarning)  # documented: an outlet with no terms gives an empty table
        key = terms.keyness(toks, "A", "B")
    numbers = ["count_a", "count_b", "per_10k_a", "per_10k_b", "g2", "p_value", "log_ratio", "log_odds", "log_odds_z"]
    assert all(_finite(key[column].astype(float)) for column in numbers)
    assert key["p_value"].between(0, 1).all()
