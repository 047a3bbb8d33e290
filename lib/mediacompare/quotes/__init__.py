"""Quotations: extraction with attribution, cross-outlet matching, and who gets a voice.

One module per job: ``marks`` finds the quotation marks, ``speakers`` models
who is who in an article, ``attribution`` names each quotation's speaker and
builds the quotations table, ``matching`` finds each quotation in the other
outlet, ``voices`` counts who is quoted. The word lists are data files under
``data/``, read by ``lexicon``.

    q  = quotes.extract(articles)                       # one row per quotation
    qm = quotes.match(q, articles, outlet_a, outlet_b)  # exact / contained / fuzzy / paraphrase / unique
    v  = quotes.voices(q, outlet_a, outlet_b)           # quoted words per speaker per outlet
"""

from .attribution import QUOTE_COLUMNS, extract
from .matching import MATCH_COLUMNS, match, repeated, word_diff
from .voices import UNATTRIBUTED, VOICE_COLUMNS, voices

__all__ = ["extract", "match", "repeated", "voices", "word_diff", "QUOTE_COLUMNS", "MATCH_COLUMNS", "UNATTRIBUTED", "VOICE_COLUMNS"]
