"""How long quotes.match takes on articles full of quotation marks, at n, 2n and 4n marks (issue 12).

Three shapes, each one article per outlet: many short distinct quotations ("Plan q17a and q17b was late,"
she said.), the same quotation many times, and an unclosed " repeated in one paragraph. Linear work doubles when n
doubles; comparing every quotation with every quotation grew fourfold. Target: 4n costs at most 5 times n.
Run: .venv/bin/python benchmarks/pathological_match.py [n]
"""

import sys
import time

from mediacompare import corpus, quotes


def shapes(n: int) -> dict[str, tuple[str, str]]:
    """The three inputs with ``n`` quotation marks: (text of outlet A, text of outlet B)."""
    distinct = " ".join(f'"Plan q{i}a and q{i}b was late," she said.' for i in range(n // 2))
    same = " ".join('"We will rebuild the harbour wall," she said.' for _ in range(n // 2))
    unclosed = 'He said "the wall ' * n
    return {"distinct": (distinct, distinct.replace("she", "he")), "same": (same, same), "unclosed": (unclosed, unclosed)}


def seconds(text_a: str, text_b: str) -> float:
    """Wall time of quotes.match (extraction excluded) on one article per outlet."""
    arts = corpus.from_texts([{"outlet": "A", "text": text_a}, {"outlet": "B", "text": text_b}])
    found = quotes.extract(arts)
    start = time.perf_counter()
    quotes.match(found, arts, "A", "B", pairs="all")
    return time.perf_counter() - start


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2_500
    missed = False
    for name in ("distinct", "same", "unclosed"):
        times = [seconds(*shapes(size)[name]) for size in (n, 2 * n, 4 * n)]
        verdict = "ok" if times[2] <= 5 * max(times[0], 0.01) else "MISSED"
        print(f"quotes.match, {name:8s}  " + "  ".join(f"{size:>6,} marks {t:6.2f} s" for size, t in zip((n, 2 * n, 4 * n), times))
              + f"   4n/n {times[2] / max(times[0], 1e-9):4.1f} (target ≤ 5: {verdict})")
        missed |= verdict == "MISSED"
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
