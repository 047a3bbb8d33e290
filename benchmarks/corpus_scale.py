"""How the whole analysis grows with the corpus, and how well story pairing finds the true stories.

    .venv/bin/python benchmarks/corpus_scale.py              # about 2×500 and 2×5,000 articles
    .venv/bin/python benchmarks/corpus_scale.py 50 200       # articles per outlet, any number of sizes

For each size, a corpus is generated (benchmarks/generate.py, seed 0 unless
``--seed``) into a temporary folder as JSON lines, and a fresh Python process
runs the analysis step by step: corpus.load, text.tokens, stories.pairs,
overlap.passages, overlap.summary, quotes.extract, quotes.match and
terms.keyness, the cross-outlet steps on the story pairs. It prints each
step's seconds and the process's peak memory so far (``ru_maxrss``), the
total, and the pairing's precision and recall against the generated truth: a
predicted pair is right when both articles tell the same true story, and
recall is over every cross-outlet pair of articles of one story. Then it
prints the growth exponent between successive sizes, log(t₂/t₁)/log(n₂/n₁)
with n the number of articles, for each step and the total.

Targets, printed beside the figures: 2×5,000 articles end to end under 300 s
and under 4 GB of peak memory, growth exponents at most 1.15, precision and
recall at least 0.95. The exit code is 1 when a target is missed. Timings
are only worth reading on an otherwise idle machine.
"""

from __future__ import annotations

import argparse
import importlib.util
import inspect
import itertools
import json
import math
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

import generate

OUTLET_A, OUTLET_B = generate.OUTLETS
#: The functions that must take ``pairs=`` for the cross-outlet steps to run on story pairs.
TAKE_PAIRS = [("overlap", "passages"), ("overlap", "summary"), ("quotes", "match")]
MAX_SECONDS = 300          # end to end, for 2×5,000 articles
MAX_PEAK_MB = 4096         # peak memory of the process, for 2×5,000 articles
TARGET_ARTICLES = 10_000
MAX_EXPONENT = 1.15
MIN_QUALITY = 0.95         # precision and recall of story pairing


def missing_api() -> str | None:
    """Why the analysis cannot run on story pairs yet, or None when it can."""
    if importlib.util.find_spec("mediacompare.stories") is None:
        return "mediacompare.stories is missing — story pairing (issue 9) must exist before the corpus can be measured"
    for module, name in TAKE_PAIRS:
        function = getattr(importlib.import_module(f"mediacompare.{module}"), name)
        if "pairs" not in inspect.signature(function).parameters:
            return f"{module}.{name} takes no pairs= yet — the cross-outlet steps must run on stories.pairs (issue 9)"
    return None


def pairing_quality(pairs: pd.DataFrame, truth: pd.DataFrame) -> dict:
    """Precision and recall of predicted (doc_id_a, doc_id_b) pairs against the true stories.

    Returns
    -------
    dict
        predicted, true_pairs, right (predicted pairs of one true story),
        precision (NaN without predictions), recall.
    """
    story = truth.set_index("doc_id")["story"]
    predicted = pairs[["doc_id_a", "doc_id_b"]].drop_duplicates()
    right = int((predicted["doc_id_a"].map(story) == predicted["doc_id_b"].map(story)).sum())
    side_a = truth.loc[truth["outlet"] == OUTLET_A, ["doc_id", "story"]]
    side_b = truth.loc[truth["outlet"] == OUTLET_B, ["doc_id", "story"]]
    # A story has at most two articles per outlet, so this merge is linear in the articles.
    true_pairs = side_a.merge(side_b, on="story", suffixes=("_a", "_b"))
    return {"predicted": len(predicted), "true_pairs": len(true_pairs), "right": right,
            "precision": right / len(predicted) if len(predicted) else math.nan,
            "recall": right / len(true_pairs) if len(true_pairs) else math.nan}


def measure(folder: Path) -> dict:
    """Run every step on ``folder/articles.jsonl`` in this process, printing each step as it ends."""
    from mediacompare import corpus, overlap, quotes, stories, terms, text

    rows = []

    def step(name, run):
        start = time.perf_counter()
        value = run()
        seconds = time.perf_counter() - start
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB
        rows.append({"step": name, "seconds": seconds, "peak_mb": peak_mb})
        print(f"  {name:<18} {seconds:9.2f} s   peak {peak_mb:7.0f} MB", flush=True)
        return value

    arts = step("corpus.load", lambda: corpus.load(folder / "articles.jsonl"))
    toks = step("text.tokens", lambda: text.tokens(arts))
    prs = step("stories.pairs", lambda: stories.pairs(arts, OUTLET_A, OUTLET_B))
    # each step takes what earlier steps made (tokens, passages), as the notebooks do
    shared = step("overlap.passages", lambda: overlap.passages(arts, OUTLET_A, OUTLET_B, pairs=prs, tokens=toks))
    step("overlap.summary", lambda: overlap.summary(arts, OUTLET_A, OUTLET_B, pairs=prs, tokens=toks, passages_table=shared))
    q = step("quotes.extract", lambda: quotes.extract(arts))
    step("quotes.match", lambda: quotes.match(q, arts, OUTLET_A, OUTLET_B, pairs=prs, tokens=toks))
    step("terms.keyness", lambda: terms.keyness(toks, OUTLET_A, OUTLET_B))
    truth = pd.read_csv(folder / "truth.csv", dtype=str, keep_default_na=False)
    return {"articles": len(arts), "steps": rows, "quality": pairing_quality(prs, truth)}


def _verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def _run_size(per_outlet: int, seed: int, tmp: Path, big_mb: float = 0) -> dict:
    """Generate one size, measure it in a fresh process, print its figures; return what the process measured.

    With ``big_mb``, the first article is made ``big_mb`` megabytes long (its own text, repeated): one huge article
    in an ordinary corpus.
    """
    n_stories = generate.stories_for(per_outlet)
    folder = tmp / f"size-{per_outlet}"
    start = time.perf_counter()
    records, truth = generate.corpus(n_stories, seed=seed)
    if big_mb:
        first = records[0]["text"]
        records[0] = dict(records[0], text="\n\n".join([first] * max(1, int(big_mb * 1e6 / (len(first) + 2)))))
    generate.write(records, truth, folder)
    big = f", one of {len(records[0]['text']) / 1e6:.1f} MB" if big_mb else ""
    print(f"\nabout 2×{per_outlet:,} articles: {len(records):,} on {n_stories:,} stories{big} "
          f"(generated in {time.perf_counter() - start:.1f} s, seed {seed})", flush=True)
    result_file = folder / "result.json"
    done = subprocess.run([sys.executable, __file__, "--measure", str(folder), "--result", str(result_file)], check=False)
    if done.returncode != 0:
        raise SystemExit(f"corpus_scale: the run on 2×{per_outlet:,} articles failed (exit code {done.returncode}); its output is above")
    result = json.loads(result_file.read_text())
    total = sum(row["seconds"] for row in result["steps"])
    peak = max(row["peak_mb"] for row in result["steps"])
    quality = result["quality"]
    print(f"  {'total':<18} {total:9.2f} s   peak {peak:7.0f} MB")
    print(f"  pairing: {quality['predicted']:,} pairs predicted, {quality['right']:,} right, "
          f"{quality['true_pairs']:,} true; precision {quality['precision']:.3f}, recall {quality['recall']:.3f} "
          f"(targets ≥ {MIN_QUALITY})")
    return dict(result, total=total, peak_mb=peak)


def report(results: list[dict]) -> list[str]:
    """Print the growth exponents and the targets; return the targets missed."""
    missed = []
    for small, large in itertools.pairwise(results):
        ratio = math.log(large["articles"] / small["articles"])
        print(f"\ngrowth exponent, {small['articles']:,} → {large['articles']:,} articles (target ≤ {MAX_EXPONENT})")
        times = {row["step"]: (row["seconds"], large_row["seconds"])
                 for row, large_row in zip(small["steps"], large["steps"])}
        times["total"] = (small["total"], large["total"])
        for name, (t1, t2) in times.items():
            exponent = math.log(max(t2, 1e-6) / max(t1, 1e-6)) / ratio
            print(f"  {name:<18} {exponent:6.2f}  {_verdict(exponent <= MAX_EXPONENT)}")
            if exponent > MAX_EXPONENT:
                missed.append(f"growth of {name} ({exponent:.2f})")
    print("\ntargets")
    for result in results:
        label = f"{result['articles']:,} articles"
        checks = [("precision", result["quality"]["precision"], result["quality"]["precision"] >= MIN_QUALITY, f"≥ {MIN_QUALITY}"),
                  ("recall", result["quality"]["recall"], result["quality"]["recall"] >= MIN_QUALITY, f"≥ {MIN_QUALITY}")]
        if result["articles"] >= 0.9 * TARGET_ARTICLES:
            checks = [("end to end", result["total"], result["total"] < MAX_SECONDS, f"< {MAX_SECONDS} s"),
                      ("peak memory MB", result["peak_mb"], result["peak_mb"] < MAX_PEAK_MB, f"< {MAX_PEAK_MB} MB")] + checks
        for name, value, ok, target in checks:
            print(f"  {label:<16} {name:<15} {value:9.3f}   {target:<10} {_verdict(ok)}")
            if not ok:
                missed.append(f"{name} at {label}")
    if all(r["articles"] < 0.9 * TARGET_ARTICLES for r in results):
        print(f"  (time and memory targets are for about {TARGET_ARTICLES:,} articles; no size here is that large)")
    return missed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time the whole analysis on generated corpora of growing size.")
    parser.add_argument("sizes", nargs="*", type=int, default=[500, 5000], help="articles per outlet (default: 500 5000)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the generated corpora (default 0)")
    parser.add_argument("--big-article", type=float, default=0, metavar="MB",
                        help="make the first article of the largest corpus this many megabytes long")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure:
        args.result.write_text(json.dumps(measure(args.measure)))
        return 0
    if any(size < 1 for size in args.sizes) or len(set(args.sizes)) != len(args.sizes):
        parser.error("sizes must be distinct whole numbers of articles per outlet, at least 1")
    problem = missing_api()
    if problem:
        print(f"corpus_scale: {problem}", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="mediacompare-scale-") as tmp:
        sizes = sorted(args.sizes)
        results = [_run_size(size, args.seed, Path(tmp), args.big_article if size == sizes[-1] else 0) for size in sizes]
    missed = report(results)
    if missed:
        print(f"\nmissed: {'; '.join(missed)}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
