"""The library's own exceptions: each message names the file, row or parameter and the fix."""


class MediacompareError(Exception):
    """A mistake in the user's input; the command line prints it as one line and exits 1."""


class ManifestError(MediacompareError):
    """The manifest is missing, unreadable, or lacks a column or a valid row."""


class ArticleError(MediacompareError):
    """An article file is missing, empty, or not decodable."""


class OutletError(MediacompareError):
    """An outlet named as a parameter is not in the corpus, or both outlets compared are the same."""


class TableError(MediacompareError):
    """A table given to a function is not the kind it takes (articles where tokens are expected), or a row has no span."""


class ConfigError(MediacompareError):
    """The comparisons file is missing or names an unknown comparison."""


class NotebookError(MediacompareError):
    """A notebook failed while the report was being built."""
