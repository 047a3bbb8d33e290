"""How long quotes.extract takes on one line without spaces, at n, 2n and 4n characters (issue 12).

Two shapes: letters only, and letters with the marks and punctuation the quote scanner and the name patterns react
to (.,"'“”) mixed in. Linear work doubles when n doubles; the backtracking this guards against grew fourfold or
more. Run: .venv/bin/python benchmarks/pathological_extract.py [n]
"""

import sys
import time

from mediacompare import corpus, quotes


def shapes(n: int) -> dict[str, str]:
    """The two inputs of ``n`` characters."""
    return {"letters": ("Abc" * n)[:n], "marks": ('Ab.c,D"e\'f“G”h' * n)[:n]}


def seconds(body: str) -> float:
    """Wall time of quotes.extract on one article whose text is ``body``."""
    arts = corpus.from_texts([{"outlet": "X", "text": body}])
    start = time.perf_counter()
    quotes.extract(arts)
    return time.perf_counter() - start


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 25_000
    for name in ("letters", "marks"):
        times = [seconds(shapes(size)[name]) for size in (n, 2 * n, 4 * n)]
        print(f"quotes.extract, one line, {name:7s}  " + "  ".join(f"{size:>7,} chars {t:6.2f} s"
                                                              for size, t in zip((n, 2 * n, 4 * n), times)))


if __name__ == "__main__":
    main()
