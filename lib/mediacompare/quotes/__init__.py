"""Quotations: extraction with attribution, cross-outlet matching, and who gets a voice.

One module per job: ``marks`` finds the quotation marks, ``attribution``
names the speaker and builds the quotations table, ``matching`` finds each
quotation in the other outlet, ``voices`` counts who is quoted.

    q  = quotes.extract(articles)                       # one row per quotation
    qm = quotes.match(q, articles, outlet_a, outlet_b)  # exact / contained / fuzzy / paraphrase / unique
    v  = quotes.voices(q, outlet_a, outlet_b)           # quoted words per speaker per outlet
"""

from .attribution import QUOTE_COLUMNS, extract
from .matching import MATCH_COLUMNS, match, word_diff
from .voices import UNATTRIBUTED, voices

__all__ = ["extract", "match", "voices", "word_diff", "QUOTE_COLUMNS", "MATCH_COLUMNS", "UNATTRIBUTED"]
