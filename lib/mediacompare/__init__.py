"""mediacompare: compare how news outlets cover the same event.

    from mediacompare import corpus, text
    arts = corpus.load("data/articles.csv")
    toks = text.tokens(arts)
"""

from . import corpus, overlap, quotes, terms, text
from .errors import MediacompareError

__all__ = ["corpus", "overlap", "quotes", "terms", "text", "MediacompareError"]
__version__ = "0.1.0"
