"""Who is who in one article: the people and bodies it names, their gender where the text tells it, and where
each is mentioned. Surnames, pronouns and descriptions are resolved against this model.

Written here: NLTK has no coreference resolver, and the spaCy models with which textacy and the Gender Gap
Tracker resolve speakers cannot be installed offline. The rules are the ones news writing follows; the shares
are of the quotations a cue attributes in a quarter of the development set (PolNeAR training split, 1,190):

- a surname, or "Mrs. Clinton", is the latest person of that surname named in full before it (37 % of them name
  the speaker by surname alone; 30 % by a full name, with or without a title);
- "he" or "she" is the nearest earlier person, outside quotations, who agrees in gender; within a sentence the
  subject wins (31 % are a pronoun). Gender comes from an honorific (Mr., Mrs.), a gendered role (spokeswoman),
  a pronoun already resolved to the person, or, failing those, the US Census 1990 first-name lists
  (data/*_first_names.txt). The lists only resolve pronouns; they never label anyone;
- a description ("the governor") is the latest person that role was given to (2 %); a role no one was given
  leaves the description itself as the speaker ("the New Jersey governor").
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from .. import text
from .lexicon import words

TITLE_WORDS = words("title_words")
ROLE_NOUNS = words("role_nouns")
ORG_HEADS = words("org_heads")
#: Titles that only a person holds ("senator", "spokeswoman"), not the words a body's name may hold ("state").
PERSON_TITLES = (TITLE_WORDS | ROLE_NOUNS) - frozenset(
    "state city foreign defence defense interior kremlin bakery deputy vice senior acting interim former incoming "
    "outgoing assistant associate chief head official".split())
CUES = words("cues")
STOPWORDS = text.stopwords()
MALE_NAMES = words("male_first_names")
FEMALE_NAMES = words("female_first_names")
#: Honorifics and titles that tell a person's gender.
HONORIFIC_GENDER = {"mr": "m", "mrs": "f", "ms": "f", "miss": "f", "sir": "m", "dame": "f", "lord": "m", "lady": "f",
                    "king": "m", "queen": "f", "prince": "m", "princess": "f", "baroness": "f", "sheikh": "m"}
#: Lower-case particles inside names ("Abdulaziz bin Salman", "Ursula von der Leyen").
PARTICLES = frozenset("bin ibn al de da di del der den van von la le du dos".split())
DETERMINERS = frozenset("the a an its his her their our your my this that these those".split())
PRONOUNS = frozenset("he she it they we i you".split())
#: A capitalised run of words: a name, a title and a name, or a body ("al-Shabaab", "The New York Post").
RUN = re.compile(rf"(?<![\w’'-])(?:(?:al|el|ad|ash|as|bin)-)?[A-Z][\w’'.&-]*"
                 rf"(?:(?: (?:{'|'.join(sorted(PARTICLES))}))* (?:(?:al|el|ad|ash|as|bin)-)?[A-Z][\w’'.&-]*)*")
#: A word that a full stop ends without ending the sentence: an initial, "U.S.", "Mr.", "Sen."
ABBREVIATION = re.compile(r"^(?:[A-Z]\.)+$|^(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Sgt|Capt|St|Jr|Sr|Prof|Rev)\.$")
#: "he", "she" and a description by role ("the Russian leader"), which refer back to a person.
DESCRIPTION_OR_PRONOUN = re.compile(rf"\b(?:[Hh]e|[Ss]he|[Tt]he (?:[\w-]+ ){{0,2}}(?:{'|'.join(sorted(ROLE_NOUNS))}))\b")
#: Abbreviated titles, read in full so that "Sen. Marco Rubio" is the person "the senator" means.
ABBREVIATED = {"sen": "senator", "gov": "governor", "rep": "representative", "gen": "general", "pres": "president",
               "lt": "lieutenant", "col": "colonel", "sgt": "sergeant", "capt": "captain", "prof": "professor"}
#: Days and months: capitalised, never a speaker.
CALENDAR = frozenset("Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June "
                     "July August September October November December".split())
#: How far into its sentence, in characters, a name may start and still be the sentence's subject.
SUBJECT_REACH = 120
ROLE_WORDS = "|".join(sorted(TITLE_WORDS | ROLE_NOUNS))
#: What follows a name that modifies a role ("Smith consultant Ana Ruiz"): that name is not the subject.
MODIFIES = re.compile(rf"[’']?s?\s+(?:[a-z][\w-]*\s+){{0,2}}(?:{ROLE_WORDS})\s+[A-Z]")
#: How many sentences back a pronoun looks for its person.
PRONOUN_REACH = 6


def name_of(words_: str) -> str:
    """The name at the end of a capitalised run: titles, determiners and an organisation's acronym before it dropped.

    ``"Russian President Vladimir Putin"`` → ``"Vladimir Putin"``; ``"Clinton’s"`` → ``"Clinton"``.
    """
    tokens = words_.split()
    if tokens:
        tokens[-1] = re.sub(r"(?<=\w)[’'](?:s\b)?$", "", tokens[-1].rstrip(",;:"))
    name: list[str] = []
    for i, token in reversed(list(enumerate(tokens))):
        bare = token.strip(",").rstrip(".") if not re.fullmatch(r"(?:[A-Z]\.)+", token.strip(",")) else token.strip(",")
        if name and bare in PARTICLES and i > 0 and (tokens[i - 1][:1].isupper() or tokens[i - 1] in PARTICLES):
            name.insert(0, bare)  # "bin" in "Abdulaziz bin Salman"
            continue
        title = any(part in TITLE_WORDS or part in ROLE_NOUNS for part in bare.lower().split("-"))
        # "NATO" before a name is its organisation; "Q." in "Lena Q. Marsh" is an initial
        acronym = len(bare) > 1 and bare.isupper() and bool(name) and not re.fullmatch(r"[A-Z]\.", bare)
        function_word = bare.lower() in DETERMINERS or bare.lower() in PRONOUNS  # "The opposition said"
        if not (bare[:1].isupper() or re.match(r"(?:al|el|ad|ash|as|bin)-[A-Z]", bare)) or title or acronym \
                or function_word or re.search(r"[’']s$", bare):
            break
        name.insert(0, bare)
    return " ".join(name)


@dataclass
class Person:
    """A person or body of the article: its fullest name, gender ("m", "f" or ""), and the roles it is given."""

    name: str
    gender: str = ""
    first_name_gender: str = ""
    person: bool = False
    spoke: bool = False
    roles: set[str] = field(default_factory=set)


@dataclass(order=True)
class Mention:
    """Where a person is named: character span, sentence index, whether it is the sentence's subject or is quoted."""

    start: int
    end: int
    sentence: int
    who: str
    subject: bool
    quoted: bool


class People:
    """The people and bodies one article names, built in one pass over its text.

    Parameters
    ----------
    article_text : str
        The article's text (already read through ``marks.normalised``).
    title : str
        Its headline, whose names count for the fullest form of a name.
    quoted : list of (start, end)
        Spans of quotations: names inside them are not antecedents of a pronoun.
    """

    def __init__(self, article_text: str, title: str, quoted: list[tuple[int, int]]):
        self.text = article_text
        self.sentences = [start for start, _ in text.sentence_spans(article_text)] or [0]
        self.vocabulary = {w for w in re.findall(r"\b[a-z]+\b", article_text)} | set(text.stopwords())
        self.people: dict[str, Person] = {}
        self.by_last: dict[str, list[tuple[int, str]]] = {}
        self.by_first: dict[str, str] = {}
        self.mentions: list[Mention] = []
        #: Words of names given in full or inside a sentence: a capitalised word seen only opening sentences is not one
        self.named: set[str] = set()
        self.starts: list[int] = []
        quoted = sorted(quoted)

        def inside(start: int) -> bool:
            i = bisect_right(quoted, (start, len(article_text))) - 1
            return i >= 0 and quoted[i][0] <= start < quoted[i][1]

        def sentence_and_subject(start: int, end: int) -> tuple[int, bool]:
            sentence = bisect_right(self.sentences, start) - 1
            near = self.text[max(self.sentences[sentence], start - 60):start]  # bounded: linear in a long sentence
            # "…, said Nora Ostrova.": a name right after a cue, ending its clause, is its sentence's subject wherever
            # it stands. With the modifier below, on the development set: 1 more speaker right, 3 fewer (two where
            # the scorer had accepted "Florida" for "the Florida senator", one "he" that may mean either of two men)
            cue = re.search(r"[,”\"]\s*([a-z]+)\s+(?:[A-Z][\w.-]*\s+){0,3}$", near)
            if cue and cue.group(1) in CUES and re.match(r"[,.;]", self.text[end:end + 1]):
                return sentence, True
            # "The Clinton approach", "a Trump aide": a name between a determiner and a noun is a modifier
            if re.search(r"\b(?:[Tt]he|[Aa]n?)\s+$", near) and re.match(r"\s+[a-z]", self.text[end:end + 2]):
                return sentence, False
            if start - self.sentences[sentence] > SUBJECT_REACH or MODIFIES.match(self.text, end, end + 60):
                return sentence, False
            head = re.sub(r"^\W+", "", self.text[self.sentences[sentence]:start])
            opening = re.match(r"[^,;:\"“”]{0,40},\s+", head)  # "A few months ago, Tom Hale said"
            head = head[opening.end():] if opening and not re.search(r"[A-Z]", opening.group()[1:]) else head
            # "Smith consultant Ana Ruiz": the name before the role is a modifier, the one after it the subject
            modifier = re.fullmatch(rf"(?:[A-Z][\w.’'-]*\s+){{1,3}}(?:[a-z][\w-]*\s+){{0,2}}(?:{ROLE_WORDS})\s+", head)
            return sentence, (not re.search(r"[A-Z]", head[1:]) or bool(modifier)) and len(head.split()) <= 6

        for name, _, _, roles in self._runs(title):
            self._register(name, -1, roles)
        names = []
        for name, start, end, roles in self._runs(article_text):
            who = self._register(name, start, roles)
            sentence_start = self.sentences[bisect_right(self.sentences, start) - 1]
            opens = start - sentence_start < 4 and not self.text[sentence_start:start].strip(" \"“‘'(\n")
            if len(name.split()) > 1 or not opens:
                self.named.update(name.split())
            # "Singh said", "Ann Lowe, a lawyer for the city, argued": the verb after the name or its apposition
            verb = re.match(r"(?:,[^,.;:\"“”]{1,100},)?[,\s]*(?:\w+ly\s+)?([a-z]+)\b", self.text[end:end + 140])
            if verb and verb.group(1) in CUES and not verb.group(1).endswith("ing"):
                self.people[who].spoke = True  # "Singh said": whom a later "he" may mean
            sentence, subject = sentence_and_subject(start, end)
            names.append(Mention(start, end, sentence, who, subject, inside(start)))
        # "he" and "she" outside quotations are read in order, each resolved against what came before, so that a
        # chain of them ("Putin said … He refused … he said") stays with one person
        pronouns = [m for m in DESCRIPTION_OR_PRONOUN.finditer(article_text) if not inside(m.start())]
        events = sorted([(m.start, 0, m) for m in names] + [(p.start(), 1, p) for p in pronouns], key=lambda e: e[:2])
        for start, is_pronoun, event in events:
            if is_pronoun:
                word = event.group().lower()
                who = (self.pronoun("m" if word == "he" else "f", start) if word in ("he", "she")
                       else self.described(word.split()[1:], start))
                if not who:
                    continue
                sentence, subject = sentence_and_subject(start, event.end())
                event = Mention(start, event.end(), sentence, who, subject, False)
            self.mentions.append(event)
            self.starts.append(start)

    def _runs(self, s: str):
        """``(name, start, end, roles)`` of every capitalised run of ``s`` that holds a name."""
        for m in RUN.finditer(s):
            start, piece = m.start(), []
            for token in m.group().split(" "):
                piece.append(token)
                if token.endswith(".") and not ABBREVIATION.search(token):  # "Tom Hale. He said": a full stop ends a run
                    yield from self._run(s, start, piece)
                    start, piece = start + len(" ".join(piece)) + 1, []
            if piece:
                yield from self._run(s, start, piece)

    def _run(self, s: str, start: int, tokens: list[str]):
        lead = s[max(0, start - 3):start].strip()
        opener = tokens[0].lower().strip(",;:")
        if (not lead or lead[-1] in ".!?\"“‘:") and (opener in self.vocabulary or opener.endswith(("ing", "ly"))):
            start += len(tokens[0]) + 1  # "When Trump said": a sentence's first word is not a name
            tokens = tokens[1:]
        while tokens and (tokens[0].lower() in STOPWORDS or tokens[0] in CALENDAR):
            start += len(tokens[0]) + 1  # "For Clinton", "In October Trump": a function word opens, not a name
            tokens = tokens[1:]
        if not tokens:
            return
        context = []  # the words of a role right before the name: "former secretary of state Hillary Clinton"
        for word in reversed(s[max(0, start - 80):start].split()[-6:]):
            bare = word.lower()
            if not bare.isalpha() and bare not in ("-",) or (bare in STOPWORDS and bare != "of") or bare in CUES:
                break
            context.append(bare)
        if context[:1] == ["of"] or not any(w in TITLE_WORDS or w in ROLE_NOUNS for w in context):
            context = []
        name = name_of(" ".join(tokens))
        if not name or (len(name.split()) == 1 and (name.lower() in self.vocabulary or name in CALENDAR)):
            return
        dropped = [t.lower().strip(".") for t in tokens[:len(tokens) - len(name.split())]]
        end = start + len(" ".join(tokens))
        after = re.match(r",\s+(?:\d{1,3},\s+)?(?:the|a|an)\s+([^,.;:]{1,100}?)[,.;:]", s[end:end + 120])
        roles = set(dropped + context) | (set(after.group(1).lower().split()) if after else set())
        roles = {ABBREVIATED.get(r.strip("."), r.strip(".")) for r in roles}
        yield name, end - len(name) if " ".join(tokens).endswith(name) else start, end, roles

    def _register(self, name: str, at: int, roles: set[str]) -> str:
        """Add one mention of ``name`` at ``at`` to the model; return the id of the person it names."""
        parts = name.split()
        last = parts[-1]
        if len(parts) > 1:
            who = name
            self.by_last.setdefault(last, []).append((at, name))
            if parts[0] in MALE_NAMES or parts[0] in FEMALE_NAMES:
                self.by_first.setdefault(parts[0], name)
        else:
            who = self._longest(last, at) or self.by_first.get(last, name)
        person = self.people.setdefault(who, Person(who))
        person.roles |= {r.strip(".,") for r in roles}
        for role in person.roles:
            gender = HONORIFIC_GENDER.get(role) or ("f" if role.endswith("woman") else "m" if role.endswith("man") and
                                                    role in TITLE_WORDS else "")
            if gender and not person.gender:
                person.gender = gender
        if len(parts) > 1 and (parts[0] in MALE_NAMES or parts[0] in FEMALE_NAMES):
            person.first_name_gender = person.first_name_gender or ("m" if parts[0] in MALE_NAMES else "f")
        body = parts[-1].lower() in ORG_HEADS
        person.person = not body and (person.person or bool(person.gender or person.first_name_gender)
                                      or bool(person.roles & PERSON_TITLES))
        return who

    def _longest(self, last: str, at: int) -> str:
        """The latest full name ending in ``last`` named before ``at``, else the first one after it."""
        names = self.by_last.get(last, [])
        before = [n for a, n in names if a < at]
        return before[-1] if before else (names[0][1] if names else "")

    def canonical(self, name: str, at: int) -> str:
        """The fullest form of ``name`` at ``at``: "Putin" → "Vladimir Putin", "Mrs. Clinton" → "Hillary Clinton"."""
        if not name:
            return ""
        parts = name.split()
        if len(parts) > 1:
            return name
        return self._longest(parts[-1], at) or self.by_first.get(parts[-1], name)

    def identity(self, name: str) -> str:
        """The fullest name the whole article gives the person: the speaker_id."""
        if not name:
            return ""
        longest = max((n for _, n in self.by_last.get(name.split()[-1], [])), key=lambda n: len(n.split()), default="")
        return longest if len(longest.split()) >= len(name.split()) and longest.endswith(name.split()[-1]) and \
            (len(name.split()) == 1 or longest.split()[0] == name.split()[0] or longest.endswith(name)) else name

    def pronoun(self, gender: str, at: int) -> str:
        """The person "he" (gender "m") or "she" ("f") at ``at`` refers to, or "" when no one fits.

        The nearest sentence with a candidate wins; in it, one who agrees in gender, then the subject. A gender
        read from a first name only makes a person the last choice of their sentence; an honorific's or an earlier
        pronoun's rules them out. Names only a cue told to be speakers ("Lonechild said") come when no person fits.
        """
        return self._nearest(gender, at, people_only=True) or self._nearest(gender, at, people_only=False)

    def _nearest(self, gender: str, at: int, people_only: bool) -> str:
        i = bisect_left(self.starts, at)
        sentence = bisect_right(self.sentences, at) - 1
        best: tuple | None = None
        while i > 0:
            i -= 1
            m = self.mentions[i]
            if m.sentence < sentence - PRONOUN_REACH or (best and m.sentence < best[0]):
                break
            p = self.people[m.who]
            # a name a cue made a speaker ("Jolly said") is a person here unless it looks like a body (an acronym, "the
            # ministry"): on a third of the development set this put 21 pronouns right and 6 wrong
            speaker = p.spoke and (not people_only or (not p.name.isupper() and p.name.split()[-1].lower() not in ORG_HEADS))
            if m.quoted or not (p.person or speaker) or (gender and p.gender and p.gender != gender):
                continue
            # agreement: told by an honorific or an earlier pronoun (3), by the first name (2), unknown (1), or a
            # first name that disagrees (0: such a person is still the best reading when no one else is near)
            agree = 3 if p.gender else 1 if not gender or not p.first_name_gender else 2 if p.first_name_gender == gender else 0
            rank = (m.sentence, agree > 0, m.subject, agree, p.person, -m.start)
            if best is None or rank > best[:-1]:
                best = (*rank, m.who)
        if best is None:
            return ""
        if gender:
            self.people[best[-1]].gender = self.people[best[-1]].gender or gender
        return best[-1]

    def described(self, words_: list[str], at: int) -> str:
        """The latest person named before ``at`` whose roles hold the description's words ("the governor"), or "".

        A role no one was given ("the New Jersey governor") is not guessed from who is nearest: on a third of the
        development set, guessing named 12 speakers wrongly and none rightly that the description itself gets right.
        """
        nouns = [w for w in words_ if w in ROLE_NOUNS or w in TITLE_WORDS] or words_[-1:]
        adjectives = [w[:5] for w in words_ if w not in nouns and w not in ("former", "then", "new")]
        fits_adjectives = ""
        for m in reversed(self.mentions[:bisect_left(self.starts, at)]):
            roles = self.people[m.who].roles
            if m.quoted or not all(any(r[:5] == a for r in roles) for a in adjectives):
                continue
            if nouns[-1] in roles:
                return m.who
            fits_adjectives = fits_adjectives or (m.who if adjectives else "")  # "the Russian leader": a Russian
        return fits_adjectives

    def mark_spoke(self, who: str) -> None:
        """Note that a cue named ``who`` as a speaker: a person or a body, whom a later pronoun may mean."""
        if who in self.people:
            self.people[who].spoke = True

    def mark_gender(self, who: str, gender: str) -> None:
        """Note the gender of ``who`` when a pronoun that names them as a speaker told it."""
        if who in self.people and self.people[who].person:
            self.people[who].gender = self.people[who].gender or gender

