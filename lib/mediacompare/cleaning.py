"""Boilerplate removal for scraped article text, with a record of everything removed.

``clean(raw, title=..., published=..., byline=...)`` takes the raw text of one
article and returns a :class:`Cleaned`: the body text (paragraphs separated by
a blank line) and the list of what was taken out, line by line, with the
reason. Nothing is dropped without a row in that list.

The rules are written by hand: trafilatura cleans HTML pages, but no
maintained library cleans the markdown-like text that scrapers leave behind
(link stubs ``[text](#)``, captions with credits, "Related article" lines,
paragraphs broken in mid-sentence).

Every step is linear in the length of the text: a paragraph rejoined from
many broken lines carries its quote count and last word along instead of
rescanning itself, and no pattern can rescan a long line from every bracket.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import pandas as pd

#: A markdown link; its text is kept, the target dropped. Neither part holds a bracket, so a line
#: full of unclosed brackets is scanned once, not once per bracket.
LINK = re.compile(r"\[([^\[\]\n]*)\]\(([^)\[\]\n]*)\)")
#: Lines that point the reader elsewhere.
RELATED = re.compile(r"^\s*(related(\s+articles?)?|read\s+more|see\s+also|also\s+read|more\s+on\s+this)\s*:", re.I)
#: The footer scrapers add with the page address.
SOURCE_FOOTER = re.compile(r"^\s*(original\s+url|source\s+url|source)\s*:", re.I)
BARE_URL = re.compile(r"^\s*<?https?://\S+>?\s*$")
#: A caption: a sentence followed by a credit written as a link stub, or a "Photo:" line.
CAPTION_CREDIT = re.compile(r"^(?P<body>.*[.!?][\"'”’)]*)\s*\[(?P<credit>[^\[\]]+)\]\([^)\[\]]*\)\s*$")
CAPTION_PREFIX = re.compile(r"^\s*(photo|image|picture|pictured|caption|file photo)\s*(:|by\b)", re.I)
BYLINE = re.compile(r"^\s*by\s+(?P<who>[^.!?]{1,80})$", re.I)
DATE_LIKE = re.compile(
    r"^\s*(\d{4}-\d{2}-\d{2}|(\w+day,?\s+)?(\w{3,9}\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+\w{3,9}\.?,?\s+\d{4}))"
    r"(\s*[,|]?\s*\d{1,2}:\d{2}(\s*[ap]\.?m\.?)?(\s*\w{2,5})?)?\s*$",
    re.I,
)
#: What ends a sentence, and the closing marks that may follow it.
SENTENCE_END = (".", "!", "?", "…", ":", ";")
CLOSERS = "\"'”’»)]"
WORDS = re.compile(r"[\w’']+")
#: Words a sentence does not end on: a paragraph ending on one was broken.
DANGLING = frozenset(
    "a an the of at in on to for from with by and or but as that than which who whose "
    "whom is are was were be been has have had will would can could should may might "
    "its their his her our your my this these those into onto about over under between".split()
)


@dataclass(frozen=True)
class Cleaned:
    """The cleaned body text and what cleaning took out.

    ``removed`` holds ``(line, content, reason)`` tuples, ``line`` being the
    1-based line number in the raw text.
    """

    text: str
    removed: list[tuple[int, str, str]] = field(default_factory=list)
    byline: str = ""


def folded(s: str) -> str:
    """Lower-case letters and digits only, for comparing a line with metadata."""
    s = unicodedata.normalize("NFKC", s).lower()
    return re.sub(r"[\W_]+", "", s)


def _same_date(line: str, published: str) -> bool:
    if not DATE_LIKE.match(line):
        return False
    if not published:
        return True
    try:
        return pd.Timestamp(line.strip()).date() == pd.Timestamp(published).date()
    except (ValueError, TypeError):
        return False


@dataclass
class _Paragraph:
    """A body paragraph being rejoined from lines: its lines, its last word, and its double quotes so far."""

    lines: list[str]
    last_word: str = ""
    straight: int = 0  # " marks
    curly: int = 0  # “ opened minus ” closed
    guillemets: int = 0  # « opened minus » closed

    def add(self, line: str) -> None:
        self.lines.append(line)
        words = WORDS.findall(line.lower())
        self.last_word = words[-1] if words else self.last_word
        self.straight += line.count('"')
        self.curly += line.count("“") - line.count("”")
        self.guillemets += line.count("«") - line.count("»")

    def open_quote(self) -> bool:
        """True when a double quote opened in the paragraph is not closed in it."""
        return self.straight % 2 == 1 or self.curly > 0 or self.guillemets > 0

    def continues(self, following: str) -> bool:
        """True when ``following`` is the rest of a sentence that the paragraph broke off."""
        if self.lines[-1].rstrip(CLOSERS).endswith(SENTENCE_END):
            return False
        return following[:1].islower() or self.last_word in DANGLING or self.open_quote()


def clean(raw: str, *, title: str = "", published: str = "", byline: str = "") -> Cleaned:
    """Clean the raw text of one article.

    Parameters
    ----------
    raw : str
        The article as read from its file (any newline convention).
    title, published, byline : str
        The manifest's metadata; lines that only repeat them are removed.

    Returns
    -------
    Cleaned
        Body paragraphs joined by blank lines, the removal log, and the byline
        found in the text (or the one given).
    """
    lines = raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    removed: list[tuple[int, str, str]] = []
    found_byline = byline
    paragraphs: list[tuple[int, str]] = []
    in_footer = False
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        if in_footer or SOURCE_FOOTER.match(line):
            in_footer = in_footer or not BARE_URL.match(line)
            removed.append((number, line, "source footer (page address)"))
            continue
        if BARE_URL.match(line):
            removed.append((number, line, "bare web address"))
            continue
        if RELATED.match(line):
            removed.append((number, line, "link to a related article"))
            continue
        caption = CAPTION_CREDIT.match(line) if line.rstrip().endswith(")") else None
        if caption or CAPTION_PREFIX.match(line):
            credit = f" (credit: {caption['credit']})" if caption else ""
            removed.append((number, line, f"photo caption{credit}"))
            continue
        plain = LINK.sub(r"\1", line).strip()
        if not plain:
            removed.append((number, line, "link with no text"))
            continue
        by = BYLINE.match(plain)
        if by and len(plain.split()) <= 12:
            found_byline = found_byline or by["who"].strip()
            removed.append((number, plain, "byline"))
            continue
        if title and folded(plain) == folded(title):
            removed.append((number, plain, "headline (repeats the title)"))
            continue
        if _same_date(plain, published):
            removed.append((number, plain, "dateline (repeats the publication date)"))
            continue
        if plain != line.strip():
            removed.append((number, line, "link markup removed, link text kept"))
        paragraphs.append((number, plain))

    joined: list[_Paragraph] = []
    for number, paragraph in paragraphs:
        if joined and joined[-1].continues(paragraph):
            removed.append((number, paragraph, "paragraph broken mid-sentence, rejoined to the one before"))
        else:
            joined.append(_Paragraph([]))
        joined[-1].add(paragraph)
    return Cleaned("\n\n".join(" ".join(p.lines) for p in joined), sorted(removed), found_byline)
