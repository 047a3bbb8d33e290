"""Who said it: the speaker and cue of each quotation, and the quotations table (``extract``).

``extract(articles)`` → one row per quotation: doc_id, outlet, quote_id, where
(body / headline), start, end, text, speaker, cue, kind (full / fragment),
n_words, mention, parts. ``start``/``end`` index ``articles.text`` for body
quotes and ``articles.title`` for headline quotes; ``parts`` lists the spans
of each piece of a quote that an attribution splits or that runs over
several paragraphs, and ``text`` joins those pieces.
"""

from __future__ import annotations

import re

import pandas as pd

from .. import text
from .marks import _Quote, quote_spans

#: Verbs and phrases that attribute speech ("cues"), in the forms news text uses.
CUES = frozenset("""
    say says said saying tell tells told telling add adds added adding stress stresses stressed stressing
    warn warns warned warning claim claims claimed claiming insist insists insisted insisting note notes noted noting
    argue argues argued arguing explain explains explained declare declares declared announce announces announced
    ask asks asked reply replies replied respond responds responded write writes wrote tweet tweeted tweets
    call calls called describe describes described hail hails hailed urge urges urged suggest suggests suggested
    acknowledge acknowledged admit admits admitted deny denies denied confirm confirms confirmed continue continued
    conclude concluded emphasise emphasised emphasize emphasized comment commented remark remarked recall recalled
    predict predicted promise promises promised vow vows vowed pledge pledges pledged state states stated
    accuse accuses accused reiterate reiterates reiterated caution cautions cautioned observe observed
    concede concedes conceded complain complains complained lament lamented joke joked maintain maintains
    maintained charge charged counter countered retort retorted underline underlined underscore underscored
    highlight highlighted quip quipped shout shouted post posted assert asserts asserted demand demanded
    allege alleges alleged wonder wondered explain explaining recount recounted report reported
    thank thanks thanked praise praises praised welcome welcomes welcomed criticise criticised criticize criticized
    condemn condemns condemned dismiss dismisses dismissed blame blames blamed slam slams slammed
""".split())
#: Words that may stand between a quote and its speaker's name but are not the name.
TITLE_WORDS = frozenset("""
    president prime minister mr mrs ms dr gen general spokesman spokeswoman spokesperson mayor councillor councilor
    senator sen rep governor gov chancellor king queen pope foreign defence defense secretary ambassador chief leader
    commander colonel col lt captain judge justice professor prof kremlin deputy vice interior state city bakery
    engineer owner official head director chairman chairwoman chair envoy resident witness analyst economist executive ceo
    activist lawyer student teacher farmer expert researcher doctor nurse driver shopkeeper commuter voter
    candidate coach player veteran prince princess sheikh administrator commissioner inspector superintendent
    sheriff congressman congresswoman congressional representative mp lawmaker legislator adviser advisor aide
    negotiator diplomat attorney prosecutor counsel ombudsman founder co-founder manager referee archbishop
    cardinal rabbi imam pastor sir dame baroness emir admiral sergeant officer detective constable treasurer
    undersecretary assistant associate senior acting interim former incoming outgoing scientist
    lecturer historian strategist commentator presenter journalist editor correspondent
""".split())
#: Head nouns of organisations that can be speakers ("the French foreign ministry").
ORG_HEADS = ("ministry", "ministries", "office", "authority", "authorities", "council", "government", "kremlin",
             "organization", "organisation", "union", "association", "institute", "federation",
             "embassy", "agency", "department", "commission", "committee", "police", "army", "military", "chamber",
             "court", "parliament", "company", "bank", "party", "alliance", "statement", "administration", "service",
             "opposition", "airline", "carrier", "firm", "group", "regulator", "broadcaster", "newspaper", "club",
             "university", "hospital")
#: Role nouns that refer back to a named person ("the Russian leader").
ROLE_NOUNS = ("leader", "president", "minister", "chief", "mayor", "spokesman", "spokeswoman", "spokesperson",
              "official", "engineer", "councillor", "owner", "premier", "chancellor", "envoy", "diplomat")
SKIP_BEFORE_CUE = re.compile(
    r"(?:\s+(?:on\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|tonight)"
    r"|\s+(?:also|nonetheless|however|then|again|repeatedly|later|earlier|previously|reportedly|publicly|once|has|had|have|would|will|\w+ly))$",
    re.I,
)

NAME_TOKEN = r"[A-Z][\w’'.-]*"
#: Lower-case particles inside names ("Abdulaziz bin Salman", "Ursula von der Leyen").
PARTICLES = frozenset("bin ibn al de da di del der den van von la le du dos".split())
#: A word of a name that is not its last: a capitalised word, or a particle before one.
NAME_PART = rf"(?:{NAME_TOKEN}|(?:{'|'.join(sorted(PARTICLES))})(?= (?:(?:{'|'.join(sorted(PARTICLES))}) )*[A-Z]))"
#: Words that start a noun phrase or stand for one; capitalised at a sentence's start, they are still not names.
DETERMINERS = frozenset("the a an its his her their our your my this that these those".split())
PRONOUNS = frozenset("he she it they we i you".split())
#: A lower-case title or role word, as a regular expression.
TITLE = rf"(?:{'|'.join(sorted(TITLE_WORDS))})"
QUOTE_COLUMNS = ["doc_id", "outlet", "quote_id", "where", "start", "end", "text", "speaker", "cue", "kind",
                 "n_words", "mention", "parts"]


def _name(words: str) -> str:
    """The name at the end of a capitalised run: titles, nationalities and possessives before it dropped."""
    tokens = words.split()
    name: list[str] = []
    for i, token in reversed(list(enumerate(tokens))):
        bare = token.strip(",").rstrip(".")
        if name and bare in PARTICLES and i > 0 and (tokens[i - 1][:1].isupper() or tokens[i - 1] in PARTICLES):
            name.insert(0, bare)  # "bin" in "Abdulaziz bin Salman"
            continue
        title = any(part in TITLE_WORDS for part in bare.lower().split("-"))
        acronym = len(bare) > 1 and bare.isupper() and bool(name)  # "NATO" before a name is its organisation
        function_word = bare.lower() in DETERMINERS or bare.lower() in PRONOUNS  # "The opposition said"
        if not bare[:1].isupper() or title or acronym or function_word or re.search(r"[’']s$", bare):
            break
        name.insert(0, bare)
    return " ".join(name)


FUNCTION_WORDS = r"(?:the|a|an|that|which|who|and|or|of|in|on|at|to|by|for|with|as|from|after|before|said|says)\b"
ORG_PHRASE = (rf"(?:the\s+)?(?:(?!{FUNCTION_WORDS})[\w’'-]+\s+){{0,3}}(?:{'|'.join(ORG_HEADS)})"
              rf"(?:\s+of\s+(?:the\s+)?[\w-]+)?")
SUBJECT_PATTERNS = (
    (r"(he|she|it|they|we|i)", re.I),
    (rf"({ORG_PHRASE})", re.I),
    (rf"(the\s+(?:[\w-]+\s+){{0,2}}(?:{'|'.join(ROLE_NOUNS)}))", re.I),
    (rf"((?:(?:{NAME_PART}|{TITLE}) ){{0,6}}{NAME_TOKEN})", 0),
)


def _subject_at_start(sentence: str) -> str:
    """The words naming the subject at the start of a sentence: "The World Health Organization said … but urged".

    The longest reading wins: "Club president Herbert Hainer" is a person, not the club."""
    found = [m.group(1) for pattern, flags in SUBJECT_PATTERNS if (m := re.match(rf"^\s*{pattern}\b", sentence, flags))]
    return max(found, key=len, default="")


def _subject_at_end(before: str, sentence_start: str) -> str:
    """The words naming who speaks, just before a cue verb (\"Kremlin spokesman Dmitry Peskov\", \"he\", \"the ministry\")."""
    ctx = before.rstrip()
    while True:
        stripped = SKIP_BEFORE_CUE.sub("", ctx).rstrip()
        if stripped == ctx:
            break
        ctx = stripped
    if ctx.endswith((",", "—", "–")):  # an apposition or aside between subject and verb
        mark = ctx[-1]
        cut = max(ctx.rfind(m, 0, len(ctx) - 1) for m in ((",",) if mark == "," else ("—", "–")))
        aside = ctx[cut + 1:-1].strip() if cut >= 0 else ""
        if aside and _name(aside) and len(aside.split()) <= 4 and not aside.lower().startswith(("who", "which", "speaking")):
            return aside  # "The Prime Minister, Alan Hart, said": the aside is the name
        ctx = ctx[:cut].rstrip() if cut >= 0 else ""
    if re.search(r"\b(and|but)$", ctx):  # "He refused …, but said that …": the sentence's subject speaks
        return _subject_at_start(sentence_start)
    for pattern, flags in SUBJECT_PATTERNS:
        match = re.search(rf"\b{pattern}$" if flags else rf"{pattern}$", ctx, flags)
        if match:
            return match.group(1)
    return ""


def _cue_words(ctx: str) -> list[re.Match]:
    """Cue verbs and "according to" in ``ctx``, in order; a cue word after a determiner is a noun ("the claims")."""
    found = [
        m for m in re.finditer(r"\b([A-Za-z]+)\b", ctx)
        if m.group(1).lower() in CUES and ctx[max(m.start() - 1, 0)] != "-"
        and ctx[:m.start()].split()[-1:] != [] and ctx[:m.start()].split()[-1].lower() not in DETERMINERS
    ]
    found += list(re.finditer(r"\b(according to)\b", ctx, re.I))
    return sorted(found, key=lambda m: m.start())


#: A lower-case word that is not a cue verb: part of a role ("chief executive", "fire service spokesman").
ROLE_WORD = rf"(?!(?:{'|'.join(sorted(CUES))})\b)[a-z][\w-]*"
AFTER_SUBJECT = (rf"(he|she|it|they|the (?:[\w-]+ ){{0,3}}[\w-]+|(?:a|an|one) (?:{ROLE_WORD} ){{0,3}}{ROLE_WORD}"
                 rf"|(?:(?:{NAME_TOKEN}|{ROLE_WORD}) ){{0,3}}{TITLE} (?:(?:{NAME_PART}|{ROLE_WORD}) ){{0,5}}{NAME_TOKEN}"
                 rf"|(?:(?:{NAME_PART}|{TITLE}) ){{0,7}}{NAME_TOKEN})")


def _attribution_after(after: str) -> tuple[str, str] | None:
    """``(mention, cue)`` from the words right after a quote: \", Putin said\", \", said Petra Lund\"."""
    rest = re.sub(r"^[\s,—–]+", "", after)
    match = re.match(rf"^{AFTER_SUBJECT}(?:,\s*\d{{1,3}},)?\s+(?:\w+ly\s+)?(?!{NAME_PART})([a-z]+)\b", rest)
    if match and match.group(2) in CUES:
        return match.group(1), match.group(2)
    match = re.match(rf"^([a-z]+)\s+(?:[a-z]+ ){{0,2}}{AFTER_SUBJECT}", rest)
    if match and match.group(1) in CUES and not match.group(1).endswith("ing"):  # "said X", not "saying the pair …"
        named = re.match(rf"^[^.,;:!?]{{0,60}},\s+((?:{NAME_PART} ){{0,3}}{NAME_TOKEN})\s*(?:[.,;]|$)", rest[match.end(1):])
        if named and not _name(match.group(2)):  # "said the ministry's spokeswoman, Maria Zakharova"
            return named.group(1), match.group(1)
        return match.group(2), match.group(1)
    return None


def _attribution_before(before: str, sentence_start: str) -> tuple[str, str] | None:
    """``(mention, cue)`` from the words before a quote in its sentence: \"Peskov stressed that\", \"according to X,\"."""
    cues = _cue_words(before)
    if not cues:
        if before.rstrip().endswith(":"):
            subject = _subject_at_end(before.rstrip()[:-1].rsplit(" ", 2)[0], sentence_start) or _subject_at_start(sentence_start)
            return (subject, "") if subject else None
        return None
    cue = cues[-1]
    if cue.group(1).lower() == "according to":
        who = re.match(rf"\s*({AFTER_SUBJECT})", before[cue.end():]) or re.match(r"\s*([^,.;:]{1,60})", before[cue.end():])
        return (who.group(1), "according to") if who else None
    if cue.group(1).lower().endswith("ing"):
        # "…, adding that" / "Lavrov was quoted as saying": the subject of the sentence's main verb, which the
        # caller takes from an earlier quote of the sentence when there is one
        return _subject_at_start(sentence_start), cue.group(1).lower()
    return _subject_at_end(before[:cue.start()], sentence_start), cue.group(1).lower()


class _Speakers:
    """What an article has said so far about who is who: names, their titles, the last speaker, organisations."""

    def __init__(self, article_text: str, title: str):
        self.full: dict[str, str] = {}
        self.context: dict[str, str] = {}
        for m in re.finditer(rf"((?:[\w’'.-]+ ){{0,3}})((?:{NAME_PART} )*{NAME_TOKEN})", f"{title}\n{article_text}"):
            name = _name(m.group(0))
            if not name:
                continue
            last = name.split()[-1]
            if len(name.split()) > len(self.full.get(last, "").split()):
                self.full[last] = name
                self.context[name] = m.group(0).lower()
        self.text = article_text
        self.people: list[tuple[int, str]] = []  # (where, who) of each named speaker so far
        # where a person with a title ("Secretary of State Antony Blinken") is the subject of a verb
        # ("Blinken dismissed the remarks"): a "he" after it may be them rather than the last speaker
        titled = {last: name for last, name in self.full.items()
                  if len(name.split()) > 1 and TITLE_WORDS & set(re.findall(r"[a-z]+", self.context[name]))}
        self.subjects: list[tuple[int, str]] = []
        if titled:
            surnames = "|".join(re.escape(last) for last in sorted(titled, key=len, reverse=True))
            for m in re.finditer(rf"\b({surnames})\s+(?:\w+ly\s+)?([a-z]+)\b", article_text):
                if m.group(2) in CUES or m.group(2).endswith("ed"):
                    self.subjects.append((m.start(), titled[m.group(1)]))

    def _described(self, words: list[str]) -> str:
        """The latest named speaker a description fits: its adjectives must match their title ("the Russian leader")."""
        roles = [w for w in words if w in ROLE_NOUNS or w in TITLE_WORDS]
        adjectives = [w[:5] for w in words if w not in roles]
        fits = [p for _, p in self.people if all(any(c[:5] == a for c in self.context.get(p, "").split()) for a in adjectives)]
        by_role = [p for p in fits if any(r in self.context.get(p, "").split() for r in roles)]
        # no speaker is better than a wrong one: "the minister" needs a named minister, "the Russian leader" a Russian
        return (by_role or (fits if adjectives else []) or [""])[-1]

    def canonical(self, name: str) -> str:
        """The fullest form of a name the article uses: \"Putin\" → \"Vladimir Putin\"."""
        return self.full.get(name.split()[-1], name) if name else ""

    def resolve(self, mention: str, at: int) -> str:
        """The speaker a mention refers to, or "" when unsure."""
        lowered = mention.lower().strip()
        if not lowered or lowered in ("they", "we", "i"):
            return ""
        if lowered in ("he", "she"):  # the latest named speaker or titled subject (gender is not checked)
            before = [p for p in self.people + self.subjects if p[0] <= at]
            return max(before)[1] if before else ""
        if lowered == "it" or re.search(rf"\b(?:{'|'.join(ORG_HEADS)})(?:\s+of\s+(?:the\s+)?[\w-]+)?$", lowered):
            if lowered != "it":
                return re.sub(r"^the\s+", "", mention.strip(), flags=re.I).removesuffix(" statement")
            orgs = list(re.finditer(rf"\b{ORG_PHRASE}\b", self.text[:at], re.I))
            return re.sub(r"^the\s+", "", orgs[-1].group(0), flags=re.I).removesuffix(" statement") if orgs else ""
        words = lowered.removeprefix("the ").split()
        proper = " ".join(mention.split()[1:])
        if lowered.startswith("the ") and _name(proper) == proper:
            return proper  # "the WHO", "the Pentagon": a body's proper name
        if lowered.startswith("the ") or all(w in TITLE_WORDS for w in words):
            return self._described(words)
        name = self.canonical(_name(mention))
        if len(name.split()) > 1:
            self.people.append((at, name))
        return name


def _sentence_bounds(s: str) -> list[tuple[int, int]]:
    return text.sentence_spans(s) or [(0, len(s))]


def _masked(s: str, quotes: list[_Quote]) -> str:
    """``s`` with the words of every quote replaced, so that cue verbs inside quotes are never read as attribution."""
    chars = list(s)
    for quote in quotes:
        for start, end in quote.parts:
            chars[start:end] = "x" * (end - start)
    return "".join(chars)


def _around(s: str, masked: str, quote: _Quote, bounds: list[tuple[int, int]]) -> tuple[str, str, str]:
    """The words of the quote's sentence before its opening mark and after its closing mark (other quotes masked)."""
    first = next((b for b in bounds if b[0] <= quote.open_at < b[1] or b[0] > quote.open_at), (0, len(s)))
    last_at = quote.close_at if quote.close_at is not None else quote.parts[-1][1]
    index = next((i for i, b in enumerate(bounds) if b[0] <= last_at < b[1]), None)
    end = bounds[index][1] if index is not None else last_at
    before = masked[first[0]:quote.open_at]
    if index is not None and not before.strip() and not masked[last_at + 1:end].strip() and index + 1 < len(bounds):
        # '"Why now?" Velik asked.': Punkt ends the sentence at the quote; a short attribution follows
        following = bounds[index + 1]
        if "\n" not in s[end:following[0]] and len(s[following[0]:following[1]].split()) <= 8:
            end = following[1]
    return before, masked[last_at + 1:end], s[first[0]:quote.open_at]


def _join_split(s: str, quotes: list[_Quote]) -> list[_Quote]:
    """Join \"A,\" he said, \"B.\" into one quote whose parts are A and B."""
    joined: list[_Quote] = []
    for quote in quotes:
        if joined and joined[-1].close_at is not None:
            previous = joined[-1]
            between = s[previous.close_at + 1:quote.open_at]
            ends_open = s[previous.parts[-1][1] - 1] in ",—–" if previous.parts else False
            if ends_open and "\n" not in between and re.fullmatch(r"[\s,]*[^.!?\"“”]{1,80},\s*", between) and _attribution_after(between):
                previous.parts += quote.parts
                previous.close_at = quote.close_at
                previous.extra["split"] = between
                continue
        joined.append(quote)
    return joined


def _quote_rows(s: str, speakers: _Speakers, where: str) -> list[dict]:
    quotes = _join_split(s, quote_spans(s))
    bounds = _sentence_bounds(s)
    masked = _masked(s, quotes)
    rows = []
    previous_in_paragraph: tuple[int, str, str] | None = None
    for quote in quotes:
        before, after, sentence_start = _around(s, masked, quote, bounds)
        found = None
        if "split" in quote.extra:
            found = _attribution_after(quote.extra["split"])
        found = found or _attribution_after(after) or _attribution_before(before, sentence_start)
        paragraph = s.rfind("\n", 0, quote.open_at)
        mention, cue = found or ("", "")
        participle = cue.endswith("ing") and "split" not in quote.extra
        if found and (participle or not mention) and previous_in_paragraph and previous_in_paragraph[0] == paragraph:
            speaker = previous_in_paragraph[1]  # "…, adding that": the sentence's speaker
        elif not found and previous_in_paragraph and previous_in_paragraph[0] == paragraph:
            speaker, cue = previous_in_paragraph[1], previous_in_paragraph[2]  # a quote that carries on
        else:
            speaker = speakers.resolve(mention, quote.open_at if where == "body" else len(speakers.text))
        previous_in_paragraph = (paragraph, speaker, cue)
        words = " ".join(s[a:b] for a, b in quote.parts)
        set_off = not before.strip() or before.rstrip().endswith((":", ","))
        first_letter = next((ch for ch in words if ch.isalpha()), "")
        full = len(quote.parts) > 1 or (set_off and (first_letter.isupper() or before.rstrip().endswith(":")))
        rows.append({
            "where": where, "start": quote.parts[0][0], "end": quote.parts[-1][1], "text": words,
            "speaker": speaker, "cue": cue, "kind": "full" if full else "fragment",
            "n_words": len(re.findall(r"[^\W_]+(?:[’'-][^\W_]+)*", words)), "mention": mention,
            "parts": [tuple(p) for p in quote.parts],
        })
    return rows


def extract(articles: pd.DataFrame) -> pd.DataFrame:
    """One row per quotation in the articles' bodies and headlines, sorted by doc_id, where, start."""
    rows = []
    for art in articles.itertuples():
        speakers = _Speakers(art.text, art.title or "")
        for where, s in (("body", art.text), ("headline", art.title or "")):
            for row in _quote_rows(s, speakers, where):
                rows.append({"doc_id": art.doc_id, "outlet": art.outlet, **row})
    table = pd.DataFrame(rows, columns=[c for c in QUOTE_COLUMNS if c != "quote_id"])
    table = table.sort_values(["doc_id", "where", "start"], kind="stable").reset_index(drop=True)
    table.insert(2, "quote_id", table.groupby("doc_id").cumcount())
    return table[QUOTE_COLUMNS]
