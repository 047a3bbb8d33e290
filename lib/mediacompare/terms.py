"""Term frequency and keyness: which words each outlet favours, with the statistics to trust it.

``frequencies(tokens)`` counts content terms (Snowball stems shown by their
most frequent word) per outlet; ``keyness(tokens, a, b)`` compares two outlets
with the log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi
& Quinn 2008), Dunning's log-likelihood G² and Hardie's log ratio;
``collocations`` finds multi-word terms with NLTK; ``framing`` counts
reporting verbs and hedges.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, fields

import numpy as np
import pandas as pd
from nltk.collocations import BigramAssocMeasures, BigramCollocationFinder
from nltk.probability import FreqDist
from scipy.stats import chi2

from . import corpus, distributed, text

#: Words left out of term counts besides NLTK's English stopwords: the neutral reporting verbs
#: say and tell (they fill news text and frame nothing; the other reporting verbs stay, since the
#: choice of verb is itself a signal, and ``framing`` counts them all), modal verbs, and words
#: that carry no topic in news text.
EXTRA_STOPWORDS = frozenset("""
    said says say saying told tell tells also would could may might must shall one two three per cent
    percent mr mrs ms new like last first since within without however yet
    us anyone anything everyone everything someone something nothing nobody
""".split())
#: Tokens that name the United States; kept apart from the pronoun "us" before stopwords are removed.
UNITED_STATES = frozenset({"US", "U.S.", "USA", "U.S.A."})
#: Reporting verbs, by lemma, with the forms news text uses.
REPORTING_VERBS = {
    "say": ("say", "says", "said", "saying"), "tell": ("tell", "tells", "told", "telling"),
    "add": ("add", "adds", "added", "adding"), "stress": ("stress", "stresses", "stressed", "stressing"),
    "warn": ("warn", "warns", "warned", "warning"), "claim": ("claim", "claimed", "claiming"),
    "insist": ("insist", "insists", "insisted", "insisting"), "note": ("note", "notes", "noted", "noting"),
    "argue": ("argue", "argues", "argued", "arguing"), "admit": ("admit", "admits", "admitted", "admitting"),
    "deny": ("deny", "denies", "denied", "denying"), "hail": ("hail", "hails", "hailed", "hailing"),
    "announce": ("announce", "announces", "announced", "announcing"), "accuse": ("accuse", "accuses", "accused", "accusing"),
    "declare": ("declare", "declares", "declared", "declaring"), "emphasise": ("emphasise", "emphasised", "emphasize", "emphasized"),
    "call": ("call", "calls", "called", "calling"), "refuse": ("refuse", "refuses", "refused", "refusing"),
}
#: Words that distance a writer from a claim.
HEDGES = ("alleged", "allegedly", "allegation", "allegations", "so-called", "claims", "reportedly",
          "purportedly", "purported", "supposedly", "apparently", "unverified", "unconfirmed")
FREQUENCY_COLUMNS = ["outlet", "term", "stem", "count", "per_10k", "n_words"]
KEYNESS_COLUMNS = ["term", "stem", "count_a", "count_b", "per_10k_a", "per_10k_b", "log_odds", "log_odds_z",
                   "g2", "p_value", "log_ratio", "favours", "significant"]


class EmptyResultWarning(UserWarning):
    """A table came out empty; the message says why."""


def _content(tokens: pd.DataFrame, extra_stopwords) -> pd.DataFrame:
    """Tokens that count as terms: words with a letter, not stopwords, not a possessive 's."""
    extra = frozenset(extra_stopwords)
    country = tokens["token"].isin(UNITED_STATES)
    tokens = tokens.assign(norm=tokens["norm"].mask(country, "u.s."), stem=tokens["stem"].mask(country, "u.s."))
    keep = text.is_content(tokens) & (~tokens["norm"].isin(extra) | country) & ~tokens["norm"].isin(["'s", "s"])
    return tokens[keep]


def _most_frequent(counts: pd.DataFrame, key: str = "stem", form: str = "token") -> pd.Series:
    """From a table of ``key``, ``form`` and count, each key's most counted form (ties: alphabetical)."""
    counts = counts.groupby([key, form])["count"].sum().reset_index()
    counts = counts.sort_values([key, "count", form], ascending=[True, False, True], kind="stable")
    return counts.drop_duplicates(key).set_index(key)[form]


def _words(tokens: pd.DataFrame, by: str) -> pd.Series:
    """Running words (tokens that are not punctuation) per group: the denominator of rates per 10,000 words."""
    return tokens[~tokens["is_punct"]].groupby(by).size()


def frequencies(tokens: pd.DataFrame, by: str = "outlet", *, extra_stopwords=EXTRA_STOPWORDS, min_count: int = 1) -> pd.DataFrame:
    """Counts and rates of content terms per outlet (or per ``doc_id``).

    Parameters
    ----------
    tokens : DataFrame
        ``text.tokens(articles)``.
    by : str
        "outlet" or "doc_id".
    extra_stopwords : iterable of str
        Words left out besides NLTK's English list (default ``EXTRA_STOPWORDS``).
    min_count : int
        Terms used fewer times in a group are left out.

    Returns
    -------
    DataFrame
        outlet (or doc_id), term (the stem's most frequent written form), stem, count,
        per_10k (count per 10,000 running words of the group), n_words (that
        denominator). Sorted by group, count (most first), term.
    """
    corpus.require_columns(tokens, text.TOKEN_COLUMNS, "tokens", "from text.tokens(articles)")
    return frequencies_of_counts(term_counts(tokens, extra_stopwords=extra_stopwords, by=by), _words(tokens, by),
                                 by, min_count=min_count)


def frequencies_of_counts(counted: pd.DataFrame, words: pd.Series, by: str = "outlet", *, min_count: int = 1) -> pd.DataFrame:
    """``frequencies`` from counts: ``counted`` as ``term_counts(tokens, by=by)`` gives (or its sum over parts of
    a corpus), ``words`` the running words per group. The table is ``frequencies``'s."""
    surface = _most_frequent(counted)
    table = counted.groupby([by, "stem"])["count"].sum().reset_index()
    table = table[table["count"] >= min_count]
    table["term"] = table["stem"].map(surface)
    table["n_words"] = table[by].map(words).astype(int)
    table["per_10k"] = table["count"] / table["n_words"] * 10_000
    columns = [by] + FREQUENCY_COLUMNS[1:]
    return table[columns].sort_values([by, "count", "term"], ascending=[True, False, True], kind="stable").reset_index(drop=True)


def _bigrams(content: pd.DataFrame) -> pd.DataFrame:
    """Adjacent content words (no word or punctuation between them, same sentence) as two-word terms."""
    c = content.sort_values(["doc_id", "tok_id"], kind="stable")
    nxt = c.shift(-1)
    adjacent = (nxt["doc_id"] == c["doc_id"]) & (nxt["sent_id"] == c["sent_id"]) & (nxt["tok_id"] == c["tok_id"] + 1)
    pairs = c[adjacent.to_numpy()].copy()
    follow = nxt[adjacent.to_numpy()]
    pairs["stem"] = pairs["stem"] + " " + follow["stem"].to_numpy()
    pairs["norm"] = pairs["norm"] + " " + follow["norm"].to_numpy()
    pairs["token"] = pairs["token"] + " " + follow["token"].to_numpy()
    return pairs


def keyness(tokens: pd.DataFrame, outlet_a: str, outlet_b: str, *, prior: pd.Series | None = None,
            alpha_0: float | None = None, min_count: int = 1, n: int = 1, z_threshold: float = 1.96,
            extra_stopwords=EXTRA_STOPWORDS) -> pd.DataFrame:
    """Which terms outlet A uses more than outlet B, and how sure we can be.

    Parameters
    ----------
    tokens : DataFrame
        ``text.tokens(articles)``.
    outlet_a, outlet_b : str
        The outlets compared: A against B (not each against the pooled total).
    prior : Series, optional
        Background counts per stem for the informative prior; default the two
        outlets pooled. Stems it lacks get a count of 0.5.
    alpha_0 : float, optional
        The prior's total weight α₀; α_w = α₀ · (background share of w).
        Default: the background's own total, so α_w is the background count
        (as tidylo does with the pooled counts).
    min_count : int
        Terms used fewer times by both outlets together are left out.
    n : int
        1 for single words (stems), 2 for two-word terms (adjacent content words).
    z_threshold : float
        |z| from which a lean is ``significant`` (1.96: the conventional 95 % line).

    Returns
    -------
    DataFrame
        term, stem, count_a, count_b, per_10k_a, per_10k_b, log_odds (δ),
        log_odds_z (z), g2 (signed: negative where A uses the term less), p_value
        (of G², χ² with 1 degree of freedom), log_ratio (log₂ of the ratio of
        relative frequencies), favours (the outlet the term leans to by z: A, B,
        or "none" where z is 0), significant (|z| ≥ ``z_threshold``). Sorted by
        z, A's terms first. Empty, with an ``EmptyResultWarning``, when an outlet has
        no terms left.

    Notes
    -----
    With one short article per outlet, counts are small: a term used 3 times
    against 0 rarely passes |z| > 1.96. Read z as a ranking with its
    uncertainty, not as proof.
    """
    corpus.require_columns(tokens, text.TOKEN_COLUMNS, "tokens", "from text.tokens(articles)")
    corpus.require_outlets(tokens, outlet_a, outlet_b)
    pair = tokens[tokens["outlet"].isin([outlet_a, outlet_b])]
    return keyness_of_counts(term_counts(pair, n=n, extra_stopwords=extra_stopwords), running_words(pair),
                             outlet_a, outlet_b, prior=prior, alpha_0=alpha_0, min_count=min_count,
                             z_threshold=z_threshold)


def term_counts(tokens: pd.DataFrame, *, n: int = 1, extra_stopwords=EXTRA_STOPWORDS, by: str = "outlet") -> pd.DataFrame:
    """How often each outlet (or ``by``) writes each content term in each form: what ``keyness`` counts.

    Counts of parts of a corpus add up to the counts of the whole (a term never
    spans two articles), so a cluster sums them as a reduction.

    Returns
    -------
    DataFrame
        outlet (or ``by``), stem, token (the term as written), count. Sorted by outlet, stem, token.
    """
    content = _content(tokens, extra_stopwords)
    if n == 2:
        content = _bigrams(content)
    return content.groupby([by, "stem", "token"]).size().rename("count").reset_index()


def running_words(tokens: pd.DataFrame) -> pd.Series:
    """Running words per outlet (tokens that are not punctuation): the denominator of ``keyness``'s rates."""
    return _words(tokens, "outlet")


def keyness_of_counts(counted: pd.DataFrame, words: pd.Series, outlet_a: str, outlet_b: str, *,
                      prior: pd.Series | None = None, alpha_0: float | None = None, min_count: int = 1,
                      z_threshold: float = 1.96) -> pd.DataFrame:
    """``keyness`` from counts: ``counted`` as ``term_counts`` gives (or their sum over parts of a corpus) and
    ``words`` as ``running_words`` gives. The options and the table are ``keyness``'s."""
    counts = counted.groupby(["stem", "outlet"])["count"].sum().unstack("outlet", fill_value=0)
    counts = counts.reindex(columns=[outlet_a, outlet_b], fill_value=0)
    counts = counts[counts.sum(axis=1) >= min_count]
    y_a, y_b = counts[outlet_a].astype(float), counts[outlet_b].astype(float)
    if y_a.sum() == 0 or y_b.sum() == 0:
        empty = next(o for o, y in ((outlet_a, y_a), (outlet_b, y_b)) if y.sum() == 0)
        warnings.warn(f"no keyness table: outlet '{empty}' has no terms left after removing stopwords, numbers and "
                      f"terms used fewer than {min_count} times", EmptyResultWarning, stacklevel=2)
        return pd.DataFrame(columns=KEYNESS_COLUMNS)
    N_a, N_b = float(words[outlet_a]), float(words[outlet_b])

    # Monroe, Colaresi & Quinn (2008), "Fightin' Words": the log-odds ratio with an informative
    # Dirichlet prior, α_w = α₀ · π_w with π the background's relative frequencies
    background = (y_a + y_b) if prior is None else prior.reindex(counts.index).fillna(0.5).astype(float)
    a0 = float(background.sum()) if alpha_0 is None else float(alpha_0)
    alpha_w = a0 * background / background.sum()
    n_a, n_b = y_a.sum(), y_b.sum()  # the multinomial is over the terms modelled
    # δ_w = ln[(y_w^a + α_w) / (n^a + α₀ − y_w^a − α_w)] − ln[(y_w^b + α_w) / (n^b + α₀ − y_w^b − α_w)]
    delta_w = (np.log((y_a + alpha_w) / (n_a + a0 - y_a - alpha_w))
               - np.log((y_b + alpha_w) / (n_b + a0 - y_b - alpha_w)))
    # σ²(δ_w) ≈ 1/(y_w^a + α_w) + 1/(y_w^b + α_w)
    sigma2_w = 1 / (y_a + alpha_w) + 1 / (y_b + alpha_w)
    # z_w = δ_w / √σ²(δ_w)  (their eq. 22)
    zeta_w = delta_w / np.sqrt(sigma2_w)
    # one term is the whole vocabulary of both outlets: both odds are x/0, δ is ∞ − ∞; the outlets do not differ
    delta_w, zeta_w = delta_w.fillna(0.0), zeta_w.fillna(0.0)

    # Dunning (1993) log-likelihood over the 2×2 table term / other words × A / B: G² = 2 Σ O ln(O/E)
    observed = np.stack([y_a, y_b, N_a - y_a, N_b - y_b], axis=1)
    total = N_a + N_b
    expected = np.stack([(y_a + y_b) * N_a / total, (y_a + y_b) * N_b / total,
                         (total - y_a - y_b) * N_a / total, (total - y_a - y_b) * N_b / total], axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        g2 = 2 * np.where(observed > 0, observed * np.log(observed / expected), 0.0).sum(axis=1)
    g2 = np.where(y_a / N_a < y_b / N_b, -g2, g2)
    # Hardie (2014) log ratio: log₂ of the ratio of relative frequencies, a zero count taken as 0.5
    log_ratio = np.log2((y_a.where(y_a > 0, 0.5) / N_a) / (y_b.where(y_b > 0, 0.5) / N_b))

    surface = _most_frequent(counted)
    table = pd.DataFrame({
        "term": counts.index.map(surface), "stem": counts.index,
        "count_a": y_a.astype(int).to_numpy(), "count_b": y_b.astype(int).to_numpy(),
        "per_10k_a": (y_a / N_a * 10_000).to_numpy(), "per_10k_b": (y_b / N_b * 10_000).to_numpy(),
        "log_odds": delta_w.to_numpy(), "log_odds_z": zeta_w.to_numpy(),
        "g2": g2, "p_value": chi2.sf(np.abs(g2), df=1), "log_ratio": log_ratio.to_numpy(),
    })
    table["favours"] = np.where(table["log_odds_z"] > 0, outlet_a, np.where(table["log_odds_z"] < 0, outlet_b, "none"))
    table["significant"] = table["log_odds_z"].abs() >= z_threshold
    return table.sort_values(["log_odds_z", "term"], ascending=[False, True], kind="stable").reset_index(drop=True)


def distinctive(table: pd.DataFrame, outlet_a: str, outlet_b: str, top: int = 10) -> pd.DataFrame:
    """The ``top`` terms of a ``keyness`` table favouring each outlet: A's by z (highest first), then B's (lowest first)."""
    a = table[table["favours"] == outlet_a].head(top)
    b = table[table["favours"] == outlet_b].sort_values(["log_odds_z", "term"], kind="stable").head(top)
    return pd.concat([a, b], ignore_index=True)


def collocations(tokens: pd.DataFrame, by: str = "outlet", *, min_count: int = 2, min_llr: float = 10.83,
                 extra_stopwords=EXTRA_STOPWORDS) -> pd.DataFrame:
    """Two-word terms per outlet ("Prime Minister", "Black Sea") by NLTK's likelihood-ratio collocation finder.

    Candidate pairs are adjacent words of one sentence, neither a stopword,
    number or punctuation, used at least ``min_count`` times (a pair seen once
    is not evidence of a fixed phrase). ``min_llr`` = 10.83 keeps pairs whose
    likelihood ratio is significant at p < 0.001 (χ², 1 degree of freedom).

    Returns outlet (or doc_id), term, count, llr; sorted by group, llr (highest first), term.
    """
    corpus.require_columns(tokens, text.TOKEN_COLUMNS, "tokens", "from text.tokens(articles)")
    return collocations_of_counts(*collocation_counts(tokens, by, extra_stopwords=extra_stopwords), by,
                                  min_count=min_count, min_llr=min_llr)


def collocation_counts(tokens: pd.DataFrame, by: str = "outlet", *,
                       extra_stopwords=EXTRA_STOPWORDS) -> tuple[pd.DataFrame, pd.DataFrame]:
    """What NLTK's collocation finder counts, per outlet (or ``by``): every word (its ``word_fd``: ``by``, word,
    count) and the pairs of adjacent words of a sentence that may be a term (its ``ngram_fd`` after the word
    filter: ``by``, first, second, count). Counts of parts of a corpus add up to those of the whole."""
    stops = text.stopwords() | frozenset(extra_stopwords)
    toks = tokens.sort_values(["doc_id", "tok_id"], kind="stable")
    words = toks.groupby([by, "norm"]).size().rename("count").reset_index().rename(columns={"norm": "word"})
    doc, sent, norm = (toks[c].to_numpy() for c in ("doc_id", "sent_id", "norm"))
    adjacent = np.flatnonzero((doc[1:] == doc[:-1]) & (sent[1:] == sent[:-1]))  # token i and i + 1, one sentence
    pairs = pd.DataFrame({by: toks[by].to_numpy()[adjacent], "first": norm[adjacent], "second": norm[adjacent + 1]})
    vocabulary = pd.unique(words["word"])
    allowed = dict(zip(vocabulary, [text.has_letter(w) and w.strip("'") not in stops for w in vocabulary]))
    pairs = pairs[pairs["first"].map(allowed).astype(bool) & pairs["second"].map(allowed).astype(bool)]
    return words, pairs.groupby([by, "first", "second"]).size().rename("count").reset_index()


def collocations_of_counts(words: pd.DataFrame, pairs: pd.DataFrame, by: str = "outlet", *, min_count: int = 2,
                           min_llr: float = 10.83) -> pd.DataFrame:
    """``collocations`` from ``collocation_counts`` (or their sum over parts of a corpus): NLTK's finder is made
    from the counts themselves, so it scores as it would from the sentences. The table is ``collocations``'s."""
    rows = []
    pairs_of = dict(tuple(pairs.groupby(by, sort=False)))
    for group, counted in words.groupby(by, sort=True):
        grouped = pairs_of.get(group, pairs.iloc[:0])
        finder = BigramCollocationFinder(FreqDist(dict(zip(counted["word"], counted["count"]))),
                                         FreqDist(dict(zip(zip(grouped["first"], grouped["second"]), grouped["count"]))))
        finder.apply_freq_filter(min_count)
        for (w1, w2), llr in finder.score_ngrams(BigramAssocMeasures.likelihood_ratio):
            if llr >= min_llr:
                rows.append((group, f"{w1} {w2}", finder.ngram_fd[(w1, w2)], llr))
    table = pd.DataFrame(rows, columns=[by, "term", "count", "llr"])
    return table.sort_values([by, "llr", "term"], ascending=[True, False, True], kind="stable").reset_index(drop=True)


def outside_quotes(tokens: pd.DataFrame, quotes_table: pd.DataFrame) -> pd.DataFrame:
    """The tokens that are not inside a body quotation of ``quotes.extract``: the outlet's own words.

    Scare quotes (kind "scare": a word held at a distance, a title) quote nobody, so their words stay the outlet's.
    """
    corpus.require_columns(tokens, text.TOKEN_COLUMNS, "tokens", "from text.tokens(articles)")
    inside = np.zeros(len(tokens), dtype=bool)
    body = quotes_table[(quotes_table["where"] == "body") & (quotes_table.get("kind", "") != "scare")]
    spans: dict[str, list] = {}
    for doc_id, parts in zip(body["doc_id"], body["parts"]):
        spans.setdefault(doc_id, []).extend(parts)
    starts = tokens["start"].to_numpy()
    for doc_id, rows in tokens.groupby("doc_id", sort=False).indices.items():  # one pass per article, not per quote
        if doc_id not in spans:
            continue
        order = rows[np.argsort(starts[rows], kind="stable")]
        doc_starts = starts[order]
        for start, end in spans[doc_id]:
            inside[order[np.searchsorted(doc_starts, start):np.searchsorted(doc_starts, end)]] = True
    return tokens[~inside]


def framing(tokens: pd.DataFrame, outlet_a: str, outlet_b: str) -> pd.DataFrame:
    """Reporting verbs (by lemma) and hedges, counted per outlet with rates per 10,000 words.

    Pass ``outside_quotes(tokens, quotes)`` to count only the outlet's own
    words, not the speakers'. Words are counted, not senses: "warning" as a
    noun counts as the verb warn. Returns kind ("hedge" / "reporting verb"),
    term, count_a, count_b, per_10k_a, per_10k_b; sorted by kind, total
    count (most first), term. "claims" counts as a hedge (the noun).
    """
    corpus.require_columns(tokens, text.TOKEN_COLUMNS, "tokens", "from text.tokens(articles)")
    corpus.require_outlets(tokens, outlet_a, outlet_b)
    return framing_of_counts(framing_counts(tokens), _words(tokens, "outlet"), outlet_a, outlet_b)


def framing_counts(tokens: pd.DataFrame) -> pd.DataFrame:
    """The reporting verbs (by lemma) and hedges among ``tokens``: kind, term, outlet, count. Counts of parts of a
    corpus add up to those of the whole."""
    norm = tokens["norm"]
    lemma = {form: verb for verb, forms in REPORTING_VERBS.items() for form in forms}
    kinds = np.where(norm.isin(HEDGES), "hedge", np.where(norm.isin(lemma), "reporting verb", ""))
    found = tokens.assign(kind=kinds, term=np.where(norm.isin(HEDGES), norm, norm.map(lemma)))
    return found[found["kind"] != ""].groupby(["kind", "term", "outlet"]).size().rename("count").reset_index()


def framing_of_counts(found: pd.DataFrame, words: pd.Series, outlet_a: str, outlet_b: str) -> pd.DataFrame:
    """``framing`` from ``framing_counts`` (or their sum over parts of a corpus) and the running words per outlet
    of the same tokens. The table is ``framing``'s."""
    counts = found.groupby(["kind", "term", "outlet"])["count"].sum().unstack("outlet", fill_value=0)
    counts = counts.reindex(columns=[outlet_a, outlet_b], fill_value=0)
    table = pd.DataFrame({
        "kind": counts.index.get_level_values("kind"), "term": counts.index.get_level_values("term"),
        "count_a": counts[outlet_a].to_numpy(), "count_b": counts[outlet_b].to_numpy(),
    })
    table["per_10k_a"] = table["count_a"] / words.get(outlet_a, math.nan) * 10_000
    table["per_10k_b"] = table["count_b"] / words.get(outlet_b, math.nan) * 10_000
    total = table["count_a"] + table["count_b"]
    return (table.assign(total=total).sort_values(["kind", "total", "term"], ascending=[True, False, True], kind="stable")
                 .drop(columns="total").reset_index(drop=True))


def keyness_on_shared_stories(tokens: pd.DataFrame, story_table: pd.DataFrame, outlet_a: str, outlet_b: str,
                              **options) -> pd.DataFrame:
    """``keyness`` on the articles of the stories both outlets covered (``stories.stories``'s covered_by "both").

    Pooled keyness also measures which stories each outlet chose to cover (a
    bridge closure against a water strike); on shared stories it measures how
    each told the same stories. ``options`` go to ``keyness``. Empty, with the
    keyness columns, when the outlets share no story.
    """
    both = set(story_table.loc[story_table["covered_by"] == "both", "doc_id"])
    shared = tokens[tokens["doc_id"].isin(both)]
    if not both or shared["outlet"].nunique() < 2:
        return pd.DataFrame(columns=KEYNESS_COLUMNS)
    return keyness(shared, outlet_a, outlet_b, **options)


@dataclass(frozen=True)
class Counts:
    """Everything the term tables count, for the two outlets of a corpus or a part of it. The counts of parts of
    a corpus add up (``+``) to those of the whole, so ``counts`` counts a corpus one partition of articles at a
    time, and a cluster counts the partitions in parallel: the tokens of the whole corpus are never held.

    - ``terms``: scope ("all", or "shared": the articles of the stories both outlets covered), n (1: stems,
      2: two-word terms), outlet, stem, token, count (``term_counts``);
    - ``words``: scope ("all", "shared", or "own": outside the body quotations), outlet, count (running words),
      tokens (every token, punctuation too);
    - ``collocation_words``, ``collocation_pairs``: ``collocation_counts`` per outlet;
    - ``framing_terms``: ``framing_counts`` of the words outside the body quotations.
    """

    terms: pd.DataFrame
    words: pd.DataFrame
    collocation_words: pd.DataFrame
    collocation_pairs: pd.DataFrame
    framing_terms: pd.DataFrame

    def __add__(self, other: Counts) -> Counts:
        return Counts.sum_of([self, other])

    @classmethod
    def sum_of(cls, counted: list[Counts]) -> Counts:
        """Several ``Counts`` added in one go: each table is one group-by over all of theirs."""
        return cls(*(_summed(*(getattr(c, f.name) for c in counted)) for f in fields(cls)))

    def _words(self, scope: str, column: str = "count") -> pd.Series:
        words = self.words[self.words["scope"] == scope]
        return words.set_index("outlet")[column]

    def keyness(self, outlet_a: str, outlet_b: str, *, n: int = 1, shared: bool = False, **options) -> pd.DataFrame:
        """``keyness`` of the counted articles (``keyness_on_shared_stories`` with ``shared``); ``options`` are
        ``keyness``'s (prior, alpha_0, min_count, z_threshold)."""
        scope = "shared" if shared else "all"
        if shared and (self._words(scope, "tokens").reindex([outlet_a, outlet_b]).fillna(0) == 0).any():
            return pd.DataFrame(columns=KEYNESS_COLUMNS)  # the outlets share no story
        counted = self.terms[(self.terms["scope"] == scope) & (self.terms["n"] == n)]
        return keyness_of_counts(counted[["outlet", "stem", "token", "count"]], self._words(scope), outlet_a, outlet_b,
                                 **options)

    def frequencies(self, *, min_count: int = 1) -> pd.DataFrame:
        """``frequencies`` per outlet of the counted articles."""
        counted = self.terms[(self.terms["scope"] == "all") & (self.terms["n"] == 1)]
        return frequencies_of_counts(counted[["outlet", "stem", "token", "count"]], self._words("all"),
                                     min_count=min_count)

    def collocations(self, *, min_count: int = 2, min_llr: float = 10.83) -> pd.DataFrame:
        """``collocations`` per outlet of the counted articles."""
        return collocations_of_counts(self.collocation_words, self.collocation_pairs, min_count=min_count,
                                      min_llr=min_llr)

    def framing(self, outlet_a: str, outlet_b: str) -> pd.DataFrame:
        """``framing`` of the outlets' own words: outside the body quotations (``outside_quotes``)."""
        return framing_of_counts(self.framing_terms, self._words("own"), outlet_a, outlet_b)


def _summed(*tables: pd.DataFrame) -> pd.DataFrame:
    """Count tables of the same columns as one: rows of the same key (every column but the counts) summed, sorted
    by the key."""
    counts = [c for c in ("count", "tokens") if c in tables[0].columns]
    keys = [c for c in tables[0].columns if c not in counts]
    every = distributed.concatenated(list(tables)).astype({c: "int64" for c in counts})
    return every.groupby(keys, sort=True, as_index=False)[counts].sum()


def counts(articles, outlet_a: str, outlet_b: str, *, stories_table: pd.DataFrame | None = None,
           extra_stopwords=EXTRA_STOPWORDS) -> Counts:
    """The term ``Counts`` of the two outlets' articles; with ``stories_table`` (``stories.stories``), the articles
    of the stories both outlets covered are counted apart too (scope "shared").

    The articles are counted a partition (``distributed.ARTICLES_PER_PARTITION`` articles) at a time, in this
    process or, with an active Dask client, on the cluster (``articles`` may then be ``read_articles``'s lazy
    table): only vocabulary-sized counts are kept, never the corpus's tokens. The quotations whose words are
    not the outlet's own are ``quotes.extract``'s, found in each partition.
    """
    if isinstance(articles, pd.DataFrame):
        corpus.require_columns(articles, ("doc_id", "outlet", "text"), "articles",
                               "from corpus.load(...) or corpus.from_texts(...)")
        corpus.require_outlets(articles, outlet_a, outlet_b)
    shared = (frozenset() if stories_table is None
              else frozenset(stories_table.loc[stories_table["covered_by"] == "both", "doc_id"]))
    return distributed.summed(_part_counts, articles, outlet_a, outlet_b, shared, frozenset(extra_stopwords))


#: The columns of ``Counts``'s tables, in order.
_COUNTS_COLUMNS = (("scope", "n", "outlet", "stem", "token", "count"), ("scope", "outlet", "count", "tokens"),
                   ("outlet", "word", "count"), ("outlet", "first", "second", "count"), ("kind", "term", "outlet", "count"))


def _part_counts(part: pd.DataFrame, shared_ids: frozenset, extra_stopwords: frozenset) -> Counts:
    """The ``Counts`` of one partition of articles (of the two outlets)."""
    from . import quotes

    tokens = text.tokens.__wrapped__(part)  # a partition is never split again
    own = outside_quotes(tokens, quotes.extract.__wrapped__(part))
    shared = tokens[tokens["doc_id"].isin(shared_ids)]
    terms_table = pd.concat([term_counts(toks, n=n, extra_stopwords=extra_stopwords).assign(scope=scope, n=n)
                             for scope, toks in (("all", tokens), ("shared", shared)) for n in (1, 2)], ignore_index=True)
    words = pd.concat([pd.DataFrame({"count": _words(toks, "outlet"), "tokens": toks.groupby("outlet").size()})
                       .fillna(0).rename_axis("outlet").reset_index().assign(scope=scope)
                       for scope, toks in (("all", tokens), ("shared", shared), ("own", own))], ignore_index=True)
    found = Counts(terms_table, words, *collocation_counts(tokens, extra_stopwords=extra_stopwords), framing_counts(own))
    # added to empty tables of fixed dtypes: the same columns and dtypes from every partition, even an empty one
    empty = Counts(*(pd.DataFrame({c: pd.Series(dtype="int64" if c in ("n", "count", "tokens") else object)
                                   for c in columns}) for columns in _COUNTS_COLUMNS))
    return empty + Counts(*(getattr(found, f.name)[list(c)] for f, c in zip(fields(found), _COUNTS_COLUMNS)))
