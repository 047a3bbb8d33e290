"""Sentences and tokens of the articles, tidy, with character offsets into ``articles.text``.

``sentences(articles)`` → doc_id, outlet, sent_id, start, end, text.
``tokens(articles)`` → doc_id, outlet, sent_id, tok_id, start, end, token, norm, stem, is_stop, is_punct.
For every row, ``article_text[start:end]`` is exactly the sentence or token.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from functools import lru_cache

import nltk
import numpy as np
import pandas as pd
from nltk.stem.snowball import SnowballStemmer
from nltk.tokenize import RegexpTokenizer
from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

from . import corpus, distributed, progress
from .paths import NLTK_DATA

# The project's vendored NLTK data comes first; nothing is ever downloaded.
if str(NLTK_DATA) not in nltk.data.path:
    nltk.data.path.insert(0, str(NLTK_DATA))

#: Abbreviations that do not end a sentence (lower case, final period dropped),
#: given to Punkt in place of its pretrained English tables, which are not vendored.
ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof gen lt col maj capt cmdr adm sgt cpl pte gov sen rep pres amb
    st jr sr rev hon messrs mme mlle u.s u.k u.n e.u u.s.s.r u.a.e
    jan feb mar apr jun jul aug sep sept oct nov dec
    no nos vs etc inc corp co ltd dept approx est fig vol e.g i.e cf al""".split()
)
#: Titles come before a name, so they never end a sentence ("Mr. He Lifeng").
TITLES = ("Mr|Mrs|Ms|Dr|Prof|Gen|Lt|Col|Maj|Capt|Cmdr|Adm|Sgt|Cpl|Pte|Gov|Sen|Rep|Pres|Amb|St|Rev|Hon|Messrs|Mme|Mlle")
#: Words that often open a sentence: after an abbreviation that can also end one ("the U.S. It was"),
#: a capitalised one of these starts a new sentence (Punkt's frequent-sentence-starter heuristic, fed
#: by hand since its trained English tables are not vendored).
SENTENCE_STARTERS = frozenset(
    """the a an it he she they we i you this that these those there his her its their our
    but and however meanwhile in on at after when while if as so yet""".split()
)

#: Word tokens for news text, most specific first: dotted acronyms (U.S.),
#: numbers with separators (100,000; 2.5%), a possessive 's split from its word,
#: words with inner hyphens or apostrophes (pro-Russia, can't), any other non-space character.
TOKEN_PATTERN = r"""(?x)
      (?:[A-Za-z]\.){2,}(?![A-Za-z])
    | \d+(?:[.,:]\d+)*(?:%|s\b|st\b|nd\b|rd\b|th\b)?
    | [’']s\b
    | [^\W_](?:[\w]|[-'’](?![sS]\b)(?=\w))*
    | \S
"""
STEMMER = SnowballStemmer("english")
LETTER = re.compile(r"[^\W\d_]")
_TOKENIZER = RegexpTokenizer(TOKEN_PATTERN)
_TOKEN_RE = re.compile(TOKEN_PATTERN, re.UNICODE | re.MULTILINE | re.DOTALL)  # the flags RegexpTokenizer compiles with
TITLE_END = re.compile(rf"(?:^|\s)(?:{TITLES})\.$")
INITIALS_END = re.compile(r"(?:^|\s)(?:[A-Z]\.)+$")
SENTENCE_COLUMNS = ["doc_id", "outlet", "sent_id", "start", "end", "text"]
INT_COLUMNS = ("sent_id", "tok_id", "start", "end")
TOKEN_COLUMNS = ["doc_id", "outlet", "sent_id", "tok_id", "start", "end", "token", "norm", "stem", "is_stop", "is_punct"]


@lru_cache(maxsize=1)
def _sentence_splitter() -> PunktSentenceTokenizer:
    params = PunktParameters()
    params.abbrev_types = set(ABBREVIATIONS)
    params.sent_starters = set(SENTENCE_STARTERS)
    return PunktSentenceTokenizer(params)


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """NLTK's English stopword list (179 words), read from the vendored archive."""
    from nltk.corpus import stopwords as corpus

    return frozenset(corpus.words("english"))


def _wrong_break(before: str, after: str) -> bool:
    """Whether Punkt split where no sentence ends: after a title ("Mr. He Lifeng"), or after
    initials ("J.R.R. Tolkien") unless a sentence starter follows ("the U.S. The talks")."""
    if TITLE_END.search(before):
        return True
    first = after.split(maxsplit=1)[0].strip("\"“‘'(").lower() if after.strip() else ""
    return bool(INITIALS_END.search(before)) and first not in SENTENCE_STARTERS


@lru_cache(maxsize=65536)
def sentence_spans(text: str) -> tuple[tuple[int, int], ...]:
    """``(start, end)`` of each sentence; a line break always ends a sentence.

    Remembered per text, since tokens, sentences and quotations all ask for the same article's sentences."""
    spans = []
    for paragraph in re.finditer(r"[^\n]+", text):
        base = paragraph.start()
        merged: list[list[int]] = []
        for start, end in _sentence_splitter().span_tokenize(paragraph.group()):
            if merged and _wrong_break(paragraph.group()[merged[-1][0]:merged[-1][1]], paragraph.group()[start:end]):
                merged[-1][1] = end
            else:
                merged.append([start, end])
        for start, end in merged:  # Punkt keeps a paragraph's leading spaces: trim them
            chunk = paragraph.group()[start:end]
            stripped = chunk.strip()
            if stripped:
                lead = len(chunk) - len(chunk.lstrip())
                spans.append((base + start + lead, base + start + lead + len(stripped)))
    return tuple(spans)


def token_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each token of ``text``."""
    return list(_TOKENIZER.span_tokenize(text))


@lru_cache(maxsize=None)
def word_type(token: str) -> tuple[str, str, str, bool, bool]:
    """``(token, norm, stem, is_stop, is_punct)`` of a token as written, worked out once per distinct token.

    The token returned is one shared string per distinct token, so a table of
    millions of tokens holds each word once.
    """
    norm = normalise(token)
    return token, norm, STEMMER.stem(norm), norm.strip("'") in stopwords() or norm in stopwords(), is_punctuation(token)


def word_types(s: str) -> list[tuple[str, str, str, bool, bool]]:
    """``word_type`` of each token of ``s`` (a quotation, a title), in order; no sentence splitting."""
    return [word_type(m.group()) for m in _TOKEN_RE.finditer(s)]


def token_rows(s: str) -> list[tuple[int, int, int, str, str, str, bool, bool]]:
    """The tokens of one text: ``(sent_id, start, end, token, norm, stem, is_stop, is_punct)`` each, in order.

    The pattern runs over each sentence in place (``finditer`` with pos and
    endpos), which finds what ``token_spans`` of the sentence's slice finds
    without copying it: no part of the pattern looks behind its start.
    """
    rows = []
    finditer = _TOKEN_RE.finditer
    for sent_id, (s_start, s_end) in enumerate(sentence_spans(s)):
        for m in finditer(s, s_start, s_end):
            rows.append((sent_id, m.start(), m.end(), *word_type(m.group())))
    return rows


def normalise(token: str) -> str:
    """Lower case, curly apostrophes and quotes made straight, compatibility forms folded."""
    token = unicodedata.normalize("NFKC", token).lower()
    return token.translate(str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "«": '"', "»": '"'}))


def is_punctuation(token: str) -> bool:
    """True when every character is punctuation or a symbol."""
    return all(unicodedata.category(ch)[0] in "PS" for ch in token)


@lru_cache(maxsize=None)
def has_letter(norm: str) -> bool:
    """Whether a token has a letter, not only digits, underscores and symbols: a content word needs one."""
    return bool(LETTER.search(norm))


def is_content(tokens: pd.DataFrame) -> pd.Series:
    """For each row of a tokens table, whether it is a content word: it has a letter, is not punctuation, not a stopword."""
    return ~tokens["is_punct"] & ~tokens["is_stop"] & tokens["norm"].map(has_letter).astype(bool)


def sentences(articles: pd.DataFrame) -> pd.DataFrame:
    """One row per sentence: doc_id, outlet, sent_id (from 0 in each article), start, end, text."""
    corpus.require_columns(articles, ("doc_id", "outlet", "text"), "articles", "from corpus.load(...) or corpus.from_texts(...)")
    rows = [
        (art.doc_id, art.outlet, sent_id, start, end, art.text[start:end])
        for art in articles.itertuples()
        for sent_id, (start, end) in enumerate(sentence_spans(art.text))
    ]
    table = pd.DataFrame(rows, columns=SENTENCE_COLUMNS)
    return table.sort_values(["doc_id", "sent_id"], kind="stable").reset_index(drop=True)


@distributed.per_article(sort=["doc_id", "tok_id"])
def tokens(articles: pd.DataFrame) -> pd.DataFrame:
    """One row per token, tok_id from 0 in each article; stems are Snowball's, stopwords NLTK's.

    Each distinct token is normalised and stemmed once (``word_type``); the
    table is built column by column, with no object per row on the way, so
    time and memory are linear in the words.
    """
    corpus.require_columns(articles, ("doc_id", "outlet", "text"), "articles", "from corpus.load(...) or corpus.from_texts(...)")
    columns: dict[str, list | array] = {name: array("q") if name in INT_COLUMNS else [] for name in TOKEN_COLUMNS}
    add_sent, add_start, add_end = columns["sent_id"].append, columns["start"].append, columns["end"].append
    add_type = [columns[name].append for name in ("token", "norm", "stem", "is_stop", "is_punct")]
    finditer = _TOKEN_RE.finditer
    for doc_id, outlet, body in progress.over(zip(articles["doc_id"], articles["outlet"], articles["text"]),
                                              "tokens", len(articles)):
        before = len(columns["start"])
        for sent_id, (s_start, s_end) in enumerate(sentence_spans(body)):
            for m in finditer(body, s_start, s_end):
                add_sent(sent_id)
                add_start(m.start())
                add_end(m.end())
                for add, value in zip(add_type, word_type(m.group())):
                    add(value)
        n = len(columns["start"]) - before
        columns["doc_id"] += [doc_id] * n
        columns["outlet"] += [outlet] * n
        columns["tok_id"].extend(range(n))
    data = {}
    for name in TOKEN_COLUMNS:  # each column typed once, and its list let go before the next is built
        values = columns.pop(name)
        if name in INT_COLUMNS:
            data[name] = np.frombuffer(values, dtype=np.int64)
        elif name in ("is_stop", "is_punct"):
            data[name] = np.fromiter(values, dtype=bool, count=len(values))
        else:
            data[name] = pd.array(values, dtype="str")
        del values
    table = pd.DataFrame(data, copy=False)
    if not table["doc_id"].is_monotonic_increasing:  # articles tables come sorted by doc_id: no copy then
        table = table.sort_values(["doc_id", "tok_id"], kind="stable").reset_index(drop=True)
    return table


def article_slices(doc_ids: np.ndarray) -> dict[str, tuple[int, int]]:
    """For a column of doc ids sorted by article (as ``tokens`` makes them), each article's rows as ``(start, end)``:
    one slice per article, found without filtering the table once per article."""
    if not len(doc_ids):
        return {}
    edges = np.concatenate([[0], np.flatnonzero(doc_ids[1:] != doc_ids[:-1]) + 1, [len(doc_ids)]])
    return {doc_ids[i]: (int(i), int(j)) for i, j in zip(edges[:-1], edges[1:])}


@distributed.per_article(sort=["outlet", "doc_id"])
def lengths(articles: pd.DataFrame) -> pd.DataFrame:
    """One row per article: doc_id, outlet, title, published, words, sentences, characters.

    ``words`` counts tokens that are not punctuation. With an active Dask client the articles are measured a
    partition at a time on the cluster, and their tokens stay there.
    """
    toks = tokens(articles)
    words = toks[~toks["is_punct"]].groupby("doc_id").size()
    sents = sentences(articles).groupby("doc_id").size()
    table = articles[["doc_id", "outlet", "title", "published"]].copy()
    table["words"] = table["doc_id"].map(words).fillna(0).astype(int)
    table["sentences"] = table["doc_id"].map(sents).fillna(0).astype(int)
    table["characters"] = articles["text"].str.len().to_numpy()
    return table.sort_values(["outlet", "doc_id"], kind="stable").reset_index(drop=True)


def kwic(tokens: pd.DataFrame, term: str, window: int = 6) -> pd.DataFrame:
    """Keyword in context: every occurrence of ``term`` with ``window`` tokens either side.

    A token matches when its normalised form or its Snowball stem equals the
    term's (so "guarantee" finds "guarantees"). Returns doc_id, outlet, tok_id,
    start, end, left, keyword, right; ``start``/``end`` index the article text.
    Contexts never run across articles.
    """
    corpus.require_columns(tokens, TOKEN_COLUMNS, "tokens", "from text.tokens(articles)")
    wanted = normalise(term)
    stem = STEMMER.stem(wanted)
    rows = []
    for doc_id, doc in tokens.groupby("doc_id", sort=True):
        doc = doc.sort_values("tok_id")
        words, starts, ends = doc["token"].tolist(), doc["start"].tolist(), doc["end"].tolist()
        hits = ((doc["norm"] == wanted) | (doc["stem"] == stem)).to_numpy()
        for i in np.flatnonzero(hits):
            rows.append((doc_id, doc["outlet"].iloc[i], int(doc["tok_id"].iloc[i]), starts[i], ends[i],
                         _joined(words, starts, ends, max(0, i - window), i), words[i],
                         _joined(words, starts, ends, i + 1, min(len(words), i + 1 + window))))
    return pd.DataFrame(rows, columns=["doc_id", "outlet", "tok_id", "start", "end", "left", "keyword", "right"])


def local_tokens(articles: pd.DataFrame) -> pd.DataFrame | None:
    """``tokens(articles)`` to share between analyses in this process; None when a Dask client is active and the
    articles fill more than one partition, or are a lazy table: the cluster's steps then tokenise each partition
    where it runs, and the corpus's tokens never come to this process (pass None on as ``tokens``)."""
    if distributed.is_lazy(articles) or (len(articles) > distributed.ARTICLES_PER_PARTITION
                                         and distributed.client() is not None):
        return None
    return tokens(articles)


@distributed.per_article(sort=["term", "doc_id", "tok_id"])
def concordance(articles: pd.DataFrame, terms: list[str], window: int = 6) -> pd.DataFrame:
    """``kwic`` of each of ``terms`` (once each) in the articles, tokenised here: a column ``term`` (as given) and
    ``kwic``'s.

    For a corpus whose tokens are not kept: with an active Dask client the
    articles are tokenised and searched a partition at a time on the cluster.
    Sorted by term, doc_id, tok_id.
    """
    tokens_table = tokens.__wrapped__(articles)
    lines = [kwic(tokens_table, term, window).assign(term=term) for term in dict.fromkeys(terms)]
    table = pd.concat(lines or [kwic(tokens_table.iloc[:0], "", window).assign(term="")], ignore_index=True)
    columns = ["term", *table.columns[:-1]]
    return table[columns].sort_values(["term", "doc_id", "tok_id"], kind="stable").reset_index(drop=True)


def _joined(words: list[str], starts: list[int], ends: list[int], i: int, j: int) -> str:
    """Tokens i..j-1 written back as they stood: a space only where the text had white space."""
    return "".join(w if k == i or starts[k] == ends[k - 1] else f" {w}" for k, w in zip(range(i, j), words[i:j]))
