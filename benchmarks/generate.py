"""A synthetic two-outlet news corpus whose stories are known, for measuring story pairing and the analyses at scale.

``corpus(n_stories, seed=0)`` returns ``(records, truth)``: the records are
dicts (doc_id, outlet, title, published, text) that ``mediacompare.corpus``
accepts, and truth has one row per article (doc_id, outlet, story, topic,
covered_by, follow_up, wire_paragraphs, shared_quotes). As a script it writes
DIR/articles.jsonl and DIR/truth.csv::

    .venv/bin/python benchmarks/generate.py --stories 5556 --out /tmp/corpus

How the corpus is made (every draw from ``numpy.random.default_rng(seed)``):

- Stories belong to broad topics (about ``STORIES_PER_TOPIC`` each), and a
  topic has a town and ``TOPIC_WORDS`` made-up words that all its stories use;
  a story has ``OWN_WORDS_PER_STORY`` words of its own (from a pool so large
  that two stories seldom share one), three to five named people with roles,
  and a date in a ``WINDOW_DAYS``-day window. Both vocabularies are drawn with
  Zipf weights, so that two articles on one story have a TF-IDF cosine of
  about 0.5 to 0.65 and two on different stories of one topic about 0.2 (up to
  0.35): the topic misleads, but less than the story pairs.
- A story is covered by both outlets (``COVERAGE``: 70 %), only by Outlet A
  (15 %) or only by Outlet B (15 %), with one article per covering outlet, on
  the story's day or the next; ``FOLLOW_UP_SHARE`` of stories get a second
  article in one covering outlet one or two days later.
- Articles are 400–900 words (``len(text.split())``): paragraphs of sentences
  built from templates, and two to four quotations attributed to the story's
  people, in curly double quotes in Outlet A and straight ones in Outlet B.
  ``WIRE_SHARE`` of the stories both outlets cover put one or two agency
  paragraphs word for word in both first articles; ``SHARED_QUOTE_SHARE`` of
  them put one quotation (same words, same speaker) in both.
- ``UNDATED_SHARE`` of articles have no published date. Doc ids are numbered
  in a random order, so that no analysis profits from ids that follow stories.

Nothing in the text is what ``mediacompare.cleaning`` takes for boilerplate (no
line opens with "By", "Related:", "Photo:", "Source:" or a date, none is a bare
address, every paragraph ends a sentence), so cleaning keeps every text intact.
"""

from __future__ import annotations

import argparse
import json
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from mediacompare.text import stopwords

OUTLETS = ("Outlet A", "Outlet B")
#: How a story is covered, and the share of stories covered so.
COVERAGE = {"both": 0.70, "A only": 0.15, "B only": 0.15}
FOLLOW_UP_SHARE = 0.10
WIRE_SHARE = 0.30
SHARED_QUOTE_SHARE = 0.50
UNDATED_SHARE = 0.05
WINDOW_START = date(2024, 1, 1)
WINDOW_DAYS = 120
MIN_WORDS, MAX_WORDS = 400, 900
STORIES_PER_TOPIC = 40
#: Words of a topic's vocabulary, shared by its stories, and of a story's own; both drawn with Zipf weights.
TOPIC_WORDS = 150
OWN_WORDS_PER_STORY = 400
ZIPF_EXPONENT = 0.7
MIN_PEOPLE, MAX_PEOPLE = 3, 5
#: Articles per outlet per story: both (0.70) or this outlet alone (0.15), plus half the follow-ups (0.05).
ARTICLES_PER_OUTLET_PER_STORY = 0.90
#: Quote marks by outlet: (opening, closing).
MARKS = {"Outlet A": ("“", "”"), "Outlet B": ('"', '"')}

ONSETS = "b c d f g h k l m n p r s t v w z br cr dr gr pl st tr sh th".split()
VOWELS = "a e i o u ai ea ou".split()
CODAS = ["", "", "n", "r", "l", "s", "m", "nd", "rt"]
FIRST_NAMES = """Ana Bruno Carla Dmitri Elena Farid Greta Hugo Ines Jonas Kira Luca Maren Nadia Omar Petra
    Quentin Rosa Stefan Tamsin Ulla Viktor Wanda Yusuf Zora Adele Boris Clio Dario Esme Felix Gaia Hamid Irene
    Jakob Leni Milo Nora Oskar Pia Rafael Selma Tobias Vera Willem Yara Aurel Bettina Cyril Dagny""".split()
SINGULAR = """committee ministry council agency union court board office commission company group panel authority
    department inquiry regulator tribunal cabinet parliament assembly federation association coalition alliance trust
    foundation institute network bureau directorate watchdog review taskforce party firm operator developer contractor
    charity university hospital""".split()
PLURAL = """residents workers families officials patients drivers students traders farmers voters households firms
    teachers nurses doctors pensioners tenants landlords shopkeepers commuters fishermen engineers inspectors lawyers
    judges councillors campaigners volunteers parents pupils retailers builders miners dockers cyclists growers
    tourists investors suppliers exporters""".split()
#: (base form, past participle)
VERBS = [(verb, verb + "d" if verb.endswith("e") else verb + "ed") for verb in """raise delay approve review block
    expand fund reject back change suspend extend restore replace reduce double revive halt launch relocate merge
    audit inspect upgrade privatise reopen postpone endorse challenge renew question finance license
    close oppose""".split()] + [("cut", "cut"), ("rebuild", "rebuilt"), ("freeze", "frozen"), ("scrap", "scrapped"), ("cancel", "cancelled")]
REPORTING = "said argued warned insisted confirmed claimed acknowledged noted stressed added suggested conceded".split()
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
MONTHS = "January February March April May June July August September October November December".split()
ADJECTIVES = """unlawful overdue premature necessary costly unworkable fair temporary urgent modest ambitious risky
    reckless sensible popular unpopular controversial limited vague generous rushed flawed balanced bold cautious
    expensive illegal late welcome binding""".split()

# Slots: w0–w3 the story's own words and W the same capitalised, t0–t1 its topic's words, place the
# topic's town; org a singular and group a plural common noun, verb a verb and done its past participle,
# says a reporting verb, n a number, adj an adjective, day a weekday, date a day of a month. Only a story's own words are rare across the corpus
# ("rich"). At most three words come before a sentence's first rich slot, four between two, and one after
# the last, so every word 5-gram, also across sentences, holds one: two stories then share a 5-gram only
# by reusing text, as in news, and not because templates or topics repeat.
RICH_SLOTS = ("{w0}", "{w1}", "{w2}", "{w3}", "{W}")
NARRATIVE = [
    "{W} officials {says} the {w0} {org} would {verb} {place} {w1}.",
    "The {t0} {w0} {org} has {done} {n} {w1} {group}.",
    "In {place}, {w0} officials {says} the {t0} {w1} was {adj} for {w2} {group}.",
    "According to the {w0} {org}, {n} {w1} {group} {done} the {t0} {w2}.",
    "Outside the {w0} {org}, {n} {w1} {group} gathered to {verb} {w2} {t0}.",
    "The {t0} {w0} {org}, which {done} the {w1}, expects to {verb} {w2} {group}.",
    "Critics of the {w0} {t0} {says} {w1} {org} had {done} {n} {w2} {group}.",
    "A {w0} {org} spokesperson {says} {w1} {group} would meet {t0} {w2}.",
    "Figures show {n} {w0} {group} {done} {place} {w1}.",
    "Several {w0} {group} {says} the {w1} plan was {adj} and {w2} {group} would {verb} {t0} {w3}.",
    "A {w0} report by {w1} {group} first proposed {t0} {w2}.",
    "Neither the {w0} {org} nor the {t0} {w1} would say whether {w2} {group} would {verb} {t1} {w3}.",
    "This year {W} has {done} {n} {w1} {group}.",
    "Asked about {w0} {t0}, the {org} {says} {w1} {group} would {verb} {t1} {w2}.",
    "Across {place}, {w0} {group} have {done} {t0} {w1}.",
    "On {day}, the {w0} {org} {says} {w1} {group} would {verb} {t0} {w2}.",
    "Since {date}, {w0} {group} have {done} {t0} {w1}.",
]
QUOTE = [
    "The {w0} will not {verb} {t0} {w1} until {group} have {done} {w2}",
    "Nobody wanted the {w0} {w1} {done}",
    "I told the {w0} {org} that {w1} {group} cannot {verb} {t0} {w2}",
    "This {t0} {w0} is {adj} for {place} {w1}",
    "Our {w0} {t0} will {verb} the {w1}",
    "The {w0} was never about {t0} {w1}, it was about {w2} {group}",
    "If {W} wants to {verb} {t0} {w1}, it must ask {w2} {group}",
]
#: How a quotation is set in a paragraph: o, c the quote marks; q, q2 quote texts without final punctuation.
QUOTE_PARAGRAPHS = [
    "{o}{q},{c} said {name}, {role}.",
    "{name}, {role}, said: {o}{q}.{c}",
    "{o}{q},{c} {surname} said. {o}{q2}.{c}",
    "{o}{q},{c} {name}, {role}, said.",
]
#: A role follows a name (a surname is rich: each person has their own) and ends on a rich slot.
ROLES = ["the minister for {w0}", "a spokesperson for {W}", "a councillor backing the {w0}", "who chairs the {t0} {w0}"]
TRUTH_COLUMNS = ["doc_id", "outlet", "story", "topic", "covered_by", "follow_up", "wire_paragraphs", "shared_quotes"]


def stories_for(articles_per_outlet: int) -> int:
    """How many stories give about ``articles_per_outlet`` articles in each outlet."""
    return max(1, round(articles_per_outlet / ARTICLES_PER_OUTLET_PER_STORY))


def _made_up_words(rng: np.random.Generator, n: int, exclude: frozenset[str]) -> list[str]:
    """``n`` distinct made-up words of two or three syllables, none in ``exclude``, in the order drawn."""
    found: dict[str, None] = {}
    while len(found) < n:
        k = 2 * (n - len(found)) + 100
        parts = [np.array(pool, dtype=object)[rng.integers(len(pool), size=k)]
                 for pool in (ONSETS, VOWELS, ONSETS, VOWELS, ONSETS, VOWELS, CODAS)]
        three = rng.random(k) < 0.4
        for onset1, vowel1, onset2, vowel2, onset3, vowel3, coda, long in zip(*parts, three):
            word = onset1 + vowel1 + onset2 + vowel2 + (onset3 + vowel3 if long else "") + coda
            if word not in exclude:
                found[word] = None
    return list(found)[:n]


def _zipf(n: int) -> np.ndarray:
    """Cumulative Zipf weights of ``n`` ranks, for drawing words with ``searchsorted``."""
    weights = 1.0 / np.arange(1, n + 1) ** ZIPF_EXPONENT
    return np.cumsum(weights) / weights.sum()


OWN_CUMULATIVE, TOPIC_CUMULATIVE = _zipf(OWN_WORDS_PER_STORY), _zipf(TOPIC_WORDS)


def _fill(templates: list[str], rng: np.random.Generator, n: int, story: dict) -> list[str]:
    """``n`` sentences from random ``templates``, their slots filled from ``story`` and the common-word pools."""
    own, topic, place = story["own"], story["topic"], story["place"]
    own_picks = np.searchsorted(OWN_CUMULATIVE, rng.random((n, 5)), side="right").tolist()
    topic_picks = np.searchsorted(TOPIC_CUMULATIVE, rng.random((n, 2)), side="right").tolist()
    rows = rng.integers(0, 1 << 30, size=(n, 10)).tolist()
    return [
        templates[r[0] % len(templates)].format(
            w0=own[o[0]], w1=own[o[1]], w2=own[o[2]], w3=own[o[3]], W=own[o[4]].capitalize(),
            t0=topic[t[0]], t1=topic[t[1]], place=place,
            org=SINGULAR[r[1] % len(SINGULAR)], group=PLURAL[r[2] % len(PLURAL)], verb=VERBS[r[3] % len(VERBS)][0],
            done=VERBS[r[4] % len(VERBS)][1], says=REPORTING[r[5] % len(REPORTING)], n=_number(r[6]),
            adj=ADJECTIVES[r[7] % len(ADJECTIVES)], day=WEEKDAYS[r[8] % 7],
            date=f"{r[9] % 28 + 1} {MONTHS[r[9] // 28 % 12]}",
        )
        for r, o, t in zip(rows, own_picks, topic_picks)
    ]


def _number(r: int) -> int:
    """A count as news gives them: half below 100, half from 100 to 9,999."""
    return r % 98 + 2 if r & 1 else r % 9900 + 100


def _narrative(rng: np.random.Generator, story: dict, n: int) -> list[str]:
    return _fill(NARRATIVE, rng, n, story)


def _quotes(rng: np.random.Generator, story: dict, n: int) -> list[str]:
    return _fill(QUOTE, rng, n, story)


def _quote_paragraph(rng: np.random.Generator, story: dict, outlet: str, quote: tuple[int, str]) -> str:
    """A paragraph holding one quotation (``quote``: the speaker's index and the words) in the outlet's marks."""
    speaker, words = quote
    first, surname, role = story["people"][speaker]
    opening, closing = MARKS[outlet]
    return QUOTE_PARAGRAPHS[int(rng.integers(len(QUOTE_PARAGRAPHS)))].format(
        o=opening, c=closing, q=words, q2=_quotes(rng, story, 1)[0], name=f"{first} {surname}",
        surname=surname, role=role)


def _article(rng: np.random.Generator, story: dict, outlet: str, wire: list[str],
             shared_quote: tuple[int, str] | None) -> tuple[str, str]:
    """The title and text of one article on ``story`` in ``outlet``'s quote marks.

    ``wire`` are paragraphs it carries word for word; ``shared_quote`` (the
    speaker's index and the words) a quotation the other outlet carries too.
    """
    n_quotes = int(rng.integers(2, 5)) - (shared_quote is not None)
    speakers = rng.integers(len(story["people"]), size=n_quotes).tolist()
    quoted = list(zip(speakers, _quotes(rng, story, n_quotes))) + ([shared_quote] if shared_quote else [])
    fixed = wire + [_quote_paragraph(rng, story, outlet, quote) for quote in quoted]
    # The fixed paragraphs hold at most about 300 words and a narrative sentence at most 20, so adding
    # sentences until the target is reached keeps the article within MIN_WORDS to MAX_WORDS.
    target = int(rng.integers(MIN_WORDS, MAX_WORDS - 20))
    count = sum(p.count(" ") + 1 for p in fixed)
    sentences: list[str] = []
    while count < target:
        for sentence in _narrative(rng, story, 16):
            if count >= target:
                break
            sentences.append(sentence)
            count += sentence.count(" ") + 1
    paragraphs, i = [], 0
    for size in rng.integers(1, 5, size=len(sentences)).tolist():
        if i >= len(sentences):
            break
        paragraphs.append(" ".join(sentences[i:i + size]))
        i += size
    for paragraph in fixed:
        paragraphs.insert(int(rng.integers(1, len(paragraphs) + 1)), paragraph)
    title = _fill(["{place} {org} to {verb} {t0} {w0}"], rng, 1, story)[0]
    return title, "\n\n".join(paragraphs)


def _stories(rng: np.random.Generator, n_stories: int) -> list[dict]:
    """Each story's topic, words, place, people, day, coverage, wire paragraphs and shared quotation."""
    n_topics = max(1, round(n_stories / STORIES_PER_TOPIC))
    known = stopwords() | {w for words in (SINGULAR, PLURAL, REPORTING, ADJECTIVES, *VERBS) for w in words}
    # a story's own words come from a pool large enough that two stories rarely share one
    pool = max(100_000, 20 * n_stories)
    sizes = [n_topics * TOPIC_WORDS, n_topics, pool, n_stories * MAX_PEOPLE]
    vocab = iter(_made_up_words(rng, sum(sizes), known))
    topic_words, places, own_words, surnames = ([next(vocab) for _ in range(size)] for size in sizes)
    places = [w.capitalize() for w in places]
    surnames = [w.capitalize() for w in surnames]

    topic = rng.integers(n_topics, size=n_stories)
    day = rng.integers(WINDOW_DAYS, size=n_stories)
    coverage = rng.choice(list(COVERAGE), p=list(COVERAGE.values()), size=n_stories)
    both = coverage == "both"
    follow_up = rng.random(n_stories) < FOLLOW_UP_SHARE
    wire = np.where(both & (rng.random(n_stories) < WIRE_SHARE), rng.integers(1, 3, size=n_stories), 0)
    shared_quote = both & (rng.random(n_stories) < SHARED_QUOTE_SHARE)
    own = rng.integers(pool, size=(n_stories, OWN_WORDS_PER_STORY))
    n_people = rng.integers(MIN_PEOPLE, MAX_PEOPLE + 1, size=n_stories)
    first_names = rng.integers(len(FIRST_NAMES), size=(n_stories, MAX_PEOPLE))
    stories = []
    for i in range(n_stories):
        t = int(topic[i])
        story = {"story": f"s{i:06d}", "topic_id": f"t{t:05d}", "place": places[t],
                 "topic": topic_words[t * TOPIC_WORDS:(t + 1) * TOPIC_WORDS],
                 "own": [own_words[j] for j in own[i].tolist()],
                 "day": int(day[i]), "covered_by": str(coverage[i]), "follow_up": bool(follow_up[i])}
        roles = _fill(ROLES, rng, int(n_people[i]), story)
        # every person has a surname of their own: two stories never quote the same "Name, role"
        story["people"] = [(FIRST_NAMES[f], surnames[MAX_PEOPLE * i + k], role)
                           for k, (f, role) in enumerate(zip(first_names[i].tolist(), roles))]
        story["wire"] = [" ".join(_narrative(rng, story, int(rng.integers(3, 5)))) for _ in range(int(wire[i]))]
        story["quote"] = (int(rng.integers(len(story["people"]))), _quotes(rng, story, 1)[0]) if shared_quote[i] else None
        stories.append(story)
    return stories


def corpus(n_stories: int, seed: int = 0) -> tuple[list[dict], pd.DataFrame]:
    """Generate a two-outlet corpus of ``n_stories`` stories.

    Parameters
    ----------
    n_stories : int
        Stories to draw; each outlet gets about ``0.9 * n_stories`` articles
        (``stories_for`` goes the other way).
    seed : int
        Seed of ``numpy.random.default_rng``: the same seed gives the same corpus.

    Returns
    -------
    records : list of dict
        One per article: doc_id, outlet, title, published (YYYY-MM-DD or ""),
        text (paragraphs separated by a blank line), sorted by doc_id.
    truth : pandas.DataFrame
        One row per article, sorted by doc_id: doc_id, outlet, story, topic,
        covered_by ("both", "A only", "B only"), follow_up (a second article
        of the story in its outlet), wire_paragraphs and shared_quotes (how
        many agency paragraphs and quotations the article shares word for
        word with the other outlet's first article on the story).
    """
    rng = np.random.default_rng(seed)
    records, truth = [], []
    for story in _stories(rng, n_stories):
        outlets = {"both": OUTLETS, "A only": OUTLETS[:1], "B only": OUTLETS[1:]}[story["covered_by"]]
        shares = story["covered_by"] == "both"
        for outlet in outlets:
            day = story["day"] + int(rng.random() < 0.3)
            title, body = _article(rng, story, outlet, story["wire"], story["quote"])
            records.append({"outlet": outlet, "title": title, "day": day, "text": body})
            truth.append((outlet, story["story"], story["topic_id"], story["covered_by"], False,
                          len(story["wire"]) if shares else 0, int(shares and story["quote"] is not None)))
        if story["follow_up"]:
            outlet = outlets[int(rng.integers(len(outlets)))]
            title, body = _article(rng, story, outlet, [], None)
            records.append({"outlet": outlet, "title": title, "day": story["day"] + int(rng.integers(1, 3)), "text": body})
            truth.append((outlet, story["story"], story["topic_id"], story["covered_by"], True, 0, 0))
    undated = rng.random(len(records)) < UNDATED_SHARE
    for outlet in OUTLETS:
        mine = [i for i, r in enumerate(records) if r["outlet"] == outlet]
        for i, number in zip(mine, rng.permutation(len(mine)).tolist()):
            records[i]["doc_id"] = f"{outlet[-1].lower()}{number:06d}"
    for record, no_date in zip(records, undated.tolist()):
        day = record.pop("day")
        record["published"] = "" if no_date else (WINDOW_START + timedelta(days=day)).isoformat()
    table = pd.DataFrame([(r["doc_id"], *row) for r, row in zip(records, truth)], columns=TRUTH_COLUMNS)
    order = table["doc_id"].argsort(kind="stable").tolist()
    fields = ("doc_id", "outlet", "title", "published", "text")
    return [{k: records[i][k] for k in fields} for i in order], table.iloc[order].reset_index(drop=True)


def write(records: list[dict], truth: pd.DataFrame, out: Path) -> None:
    """Write ``out/articles.jsonl`` (one JSON object per article) and ``out/truth.csv``."""
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "articles.jsonl", "w", encoding="utf-8") as f:
        f.write("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
    truth.to_csv(out / "truth.csv", index=False)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Write a synthetic two-outlet corpus with known stories.")
    parser.add_argument("--stories", type=int, required=True, help="how many stories (about 0.9 articles per outlet each)")
    parser.add_argument("--out", type=Path, required=True, help="folder for articles.jsonl and truth.csv")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    args = parser.parse_args(argv)
    if args.stories < 1:
        parser.error("--stories must be at least 1")
    records, truth = corpus(args.stories, seed=args.seed)
    write(records, truth, args.out)
    print(f"{len(records)} articles on {args.stories} stories: {args.out / 'articles.jsonl'}, {args.out / 'truth.csv'}")


if __name__ == "__main__":
    main()
