"""mediacompare: compare how news outlets cover the same event.

    from mediacompare import corpus, text
    arts = corpus.load("data/articles.csv")
    toks = text.tokens(arts)

The modules are imported when first used, so that the command line starts
without loading pandas, NLTK and scikit-learn for ``--help`` or ``list``.
"""

import importlib

__all__ = ["corpus", "overlap", "quotes", "stories", "terms", "text", "MediacompareError"]
__version__ = "0.1.0"


def __getattr__(name: str):
    """Import a public module (or the base error) on first use: ``mediacompare.corpus``, ``mediacompare.MediacompareError``."""
    if name == "MediacompareError":
        from .errors import MediacompareError

        return MediacompareError
    if name in __all__:
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'mediacompare' has no attribute {name!r}")
