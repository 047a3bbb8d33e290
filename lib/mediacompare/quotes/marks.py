"""Finding quotation marks: the spans of every quotation in a text, before anyone is named as its speaker.

Double marks (straight, curly, guillemets, „…“), British single marks, quotes
that run over paragraphs, nested quotes and unbalanced marks. Written here:
NLTK has no quotation scanner, and textacy's and citron's need spaCy models
that cannot be installed offline.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

OPENING_DOUBLE = {"“": "”", "«": "»", "„": "“", '"': '"'}
CLOSING_DOUBLE = "”»"
SINGLE_MARKS = "‘’'‹›"
APOSTROPHE_WORDS = re.compile(r"[’']n[’']|[’'](?=\d0s\b|\d\ds\b|em\b|tis\b|til\b|cause\b)", re.I)


@dataclass
class _Quote:
    """A quotation while it is being built: its parts' spans, where its marks are, and scanner notes."""

    parts: list[list[int]]
    open_at: int
    close_at: int | None = None
    extra: dict = field(default_factory=dict)


def _flanks(s: str, i: int) -> tuple[bool, bool]:
    """Whether the mark at ``i`` can open (space before, word after) and can close (word before, space after)."""
    before = s[i - 1] if i > 0 else " "
    after = s[i + 1] if i + 1 < len(s) else " "
    can_open = (before.isspace() or before in "([{—–-/:" or before in OPENING_DOUBLE or before in "‘") and not after.isspace()
    can_close = not before.isspace() and (after.isspace() or after in ".,;:!?)]}—–-…" or after in CLOSING_DOUBLE or after in "’")
    return can_open, can_close


def _paragraphs(s: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", s)]


def _double_quotes(s: str) -> list[_Quote]:
    """Quotes in double marks (straight, curly, guillemets, „…“), across paragraphs where the convention says so.

    A quote left open at the end of a paragraph continues only if the next
    paragraph opens with a quote mark; otherwise it ends with its paragraph.
    """
    found: list[_Quote] = []
    current: _Quote | None = None
    for p_start, p_end in _paragraphs(s):
        position = p_start
        if current is not None:
            if s[p_start] in OPENING_DOUBLE:
                current.parts.append([p_start + 1, p_end])
                position = p_start + 1
            else:
                found.append(current)
                current = None
        for i in range(position, p_end):
            ch = s[i]
            if ch not in OPENING_DOUBLE and ch not in CLOSING_DOUBLE:
                continue
            can_open, can_close = _flanks(s, i)
            if current is None:
                if ch in CLOSING_DOUBLE or (ch == '"' and can_close and not can_open):
                    continue  # a closing mark with nothing open: stray
                current = _Quote(parts=[[i + 1, p_end]], open_at=i)
                current.extra["opener"] = ch
                continue
            opener = current.extra["opener"]
            if ch == opener and opener in "“«":
                current.extra["depth"] = current.extra.get("depth", 0) + 1  # a nested quote: part of the text
                continue
            if ch == OPENING_DOUBLE.get(opener) and current.extra.get("depth"):
                current.extra["depth"] -= 1
                continue
            if ch in "“«„" and ch != OPENING_DOUBLE.get(opener) and opener != '"':
                continue  # another style of opening mark inside a quote: part of the text
            if ch == '"' and can_open and not can_close and opener == '"' and i > current.parts[-1][0]:
                # an opening mark while one is open: the open quote was never closed; end it at its last sentence
                cut = max(s.rfind(". ", current.parts[-1][0], i), s.rfind("? ", current.parts[-1][0], i))
                current.parts[-1][1] = cut + 1 if cut >= 0 else i
                found.append(current)
                current = _Quote(parts=[[i + 1, p_end]], open_at=i)
                current.extra["opener"] = ch
                continue
            current.parts[-1][1] = i
            current.close_at = i
            found.append(current)
            current = None
    if current is not None:
        found.append(current)
    return found


def _single_quotes(s: str, taken: list[tuple[int, int]]) -> list[_Quote]:
    """Quotes in single marks (British style), outside double-quoted text; apostrophes are not quotes.

    An apostrophe inside a word (Russia’s, can't), before a decade ('90s) or in
    rock 'n' roll never opens or closes. A closing mark after punctuation or
    before punctuation is preferred to one inside a sentence, so that a
    plural possessive (the ministers' meeting) inside a quote does not end it.
    """
    apostrophes = {m.start() for m in APOSTROPHE_WORDS.finditer(s)} | {m.end() - 1 for m in APOSTROPHE_WORDS.finditer(s)}
    in_double = bytearray(len(s))
    for start, end in taken:
        end = min(end, len(s))
        in_double[start:end] = b"\x01" * (end - start)
    found = []
    for p_start, p_end in _paragraphs(s):
        opens, closes = [], []
        last_word = p_start + len(s[p_start:p_end].rstrip()) - 1
        for i in range(p_start, p_end):
            if s[i] not in SINGLE_MARKS or i in apostrophes or in_double[i]:
                continue
            before = s[i - 1] if i > p_start else " "
            after = s[i + 1] if i + 1 < p_end else " "
            if before.isalnum() and after.isalnum():
                continue  # an apostrophe inside a word
            can_open, can_close = _flanks(s, i)
            if can_open and s[i] in "‘'‹":
                opens.append(i)
            elif can_close and s[i] in "’'›":
                strong = before in ",.!?;:…" or after in ",.;:!?)…—" or i >= last_word
                closes.append((i, strong))
        cursor = p_start
        at = [c for c, _ in closes]
        strong_at = [c for c, strong in closes if strong]
        for o in opens:
            if o < cursor:
                continue
            later, strong_later = bisect_right(at, o), bisect_right(strong_at, o)
            close = strong_at[strong_later] if strong_later < len(strong_at) else at[later] if later < len(at) else None
            if close is None and s[o] != "‘":
                continue  # a straight mark with no partner: an apostrophe, not a quote
            quote = _Quote(parts=[[o + 1, close if close is not None else p_end]], open_at=o, close_at=close)
            found.append(quote)
            cursor = close if close is not None else p_end
    return found


def normalised(s: str) -> str:
    """``s`` with doubled marks made single, offsets kept: ``''A,'' he said`` and ```` ``A`` ```` read as ``"A," he said``.

    Newswire text (the New York Times, Penn Treebank style) writes a double
    quote as two apostrophes. An opening pair becomes `` "``, a closing one
    ``" ``, so that the mark sits next to the words it quotes.
    """
    def one(m: re.Match) -> str:
        before = s[m.start() - 1] if m.start() else " "
        opening = m.group() == "``" or before.isspace() or before in "([{—–-/:“‘"
        return ' "' if opening else '" '
    return re.sub(r"''|``", one, s)


def _trimmed(s: str, quote: _Quote) -> _Quote:
    """Strip white space from each part; drop parts with no words."""
    parts = []
    for start, end in quote.parts:
        chunk = s[start:end]
        lead = len(chunk) - len(chunk.lstrip())
        stripped = chunk.strip()
        if any(ch.isalnum() for ch in stripped):
            parts.append([start + lead, start + lead + len(stripped)])
    quote.parts = parts
    return quote


def quote_spans(s: str) -> list[_Quote]:
    """Every quotation in ``s``, in order, each with its parts' spans (no attribution yet).

    ``s`` is read through :func:`normalised`; the spans index ``s`` itself.
    """
    s = normalised(s)
    doubles = [_trimmed(s, q) for q in _double_quotes(s)]
    doubles = [q for q in doubles if q.parts]
    taken = [(q.open_at, (q.close_at if q.close_at is not None else q.parts[-1][1]) + 1) for q in doubles]
    singles = [q for q in (_trimmed(s, q) for q in _single_quotes(s, taken)) if q.parts]
    # British nesting: a double quote inside a single-quoted one is part of its text, not a quote of its own
    outer = [(q.open_at, q.close_at if q.close_at is not None else q.parts[-1][1]) for q in singles]
    doubles = [q for q in doubles if not any(a < q.open_at < b for a, b in outer)]
    return sorted(doubles + singles, key=lambda q: q.open_at)
