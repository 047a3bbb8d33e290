"""The corpus pipeline in one process against a local Dask cluster: seconds, peak memory per process, growth.

    .venv/bin/python benchmarks/dask_scale.py                 # 2×5,000 and 2×20,000 articles, 2 workers
    .venv/bin/python benchmarks/dask_scale.py 200 800         # articles per outlet, any sizes
    .venv/bin/python benchmarks/dask_scale.py --workers 4 --partition 250
    .venv/bin/python benchmarks/dask_scale.py --from-folder   # a third run: the cluster reads the folder itself

For each size, a corpus is generated (benchmarks/generate.py, seed 0) into a
temporary folder as JSON lines, and two fresh Python processes run the pipeline:
one in that process, one on a ``LocalCluster`` of ``--workers``
processes with one thread each (``mediacompare.distributed``: per-article steps
over partitions of ``--partition`` articles; pairing by a reduction and a
shuffle join; passages and quotation matching over partitions of pairs). With
``--from-folder``, a third process runs the cluster on the folder read lazily
(``corpus.load(folder)`` with a client: each step reads and cleans its
partitions on the workers, and only the listing and the results come to the
driving process). The steps, called as the notebooks call them (on the cluster no table of the
corpus's tokens comes to the driving process): corpus.listing, text.local_tokens,
quotes.extract, stories.pairs, overlap.passages, overlap.summary,
overlap.align_sentences, quotes.match, terms.counts (with its keyness table). The two runs are checked to give the same tables
(``assert_frame_equal``, one table at a time from the pickles they leave). It prints each step's seconds, the peak
memory of the driving process and of each worker (VmHWM, from ``client.run``
on the workers), the growth exponent between sizes
(log(t₂/t₁)/log(n₂/n₁), n the number of articles) and the targets:

- the cluster within 1.3× of one process at the first size (2×5,000 by default);
- growth exponents of at most 1.15;
- a worker's peak memory bounded by the partition, not the corpus: at most
  1.25× between the smallest and largest size with the same partition size.

The exit code is 1 when a target is missed. Timings are only worth reading on
an otherwise idle machine with at least ``--workers`` cores.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import generate

OUTLET_A, OUTLET_B = generate.OUTLETS
MAX_RATIO = 1.3            # cluster time ÷ one-process time at the first size
MAX_EXPONENT = 1.15
MAX_WORKER_GROWTH = 1.25   # a worker's peak memory, largest size ÷ smallest, same partition size
#: Each run's column heading: one process; a cluster given the loaded table; a cluster given the folder.
HEADINGS = {"single": "one process", "cluster": "cluster", "folder": "from folder"}
LISTED = ["doc_id", "outlet", "title", "published", "url", "byline"]  # the listing's columns a folder's records keep


def _peak_mb() -> float:
    """This process's peak resident memory in MB: its own (VmHWM, which a new program starts afresh, where
    ``ru_maxrss`` carries the peak of the process that started it), else ``ru_maxrss``."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def _steps(arts) -> list[tuple[str, object]]:
    """The pipeline's steps as (name, thunk), called as the notebooks call them: inside ``distributed.use(client)``
    the library hands each step to the cluster itself. On the cluster ``text.local_tokens`` gives None, and no
    table of the corpus's tokens comes to this process: each step tokenises its partitions on the workers, and
    the term tables are counted a partition at a time (``terms.counts``)."""
    from mediacompare import corpus, overlap, quotes, stories, terms, text

    made = {}

    def keep(name, run):
        return lambda: made.setdefault(name, run())

    def term_tables():
        coverage = stories.stories(made["listed"], OUTLET_A, OUTLET_B, pairs_table=made["pairs"])
        return terms.counts(arts, OUTLET_A, OUTLET_B, stories_table=coverage).keyness(OUTLET_A, OUTLET_B)

    return [
        ("corpus.listing", keep("listed", lambda: corpus.listing(arts))),
        ("text.local_tokens", keep("tokens", lambda: text.local_tokens(arts))),
        ("quotes.extract", keep("quotes", lambda: quotes.extract(arts))),
        ("stories.pairs", keep("pairs", lambda: stories.pairs(arts, OUTLET_A, OUTLET_B))),
        ("overlap.passages", keep("passages", lambda: overlap.passages(arts, OUTLET_A, OUTLET_B, pairs=made["pairs"],
                                                                       tokens=made["tokens"]))),
        ("overlap.summary", lambda: overlap.summary(arts, OUTLET_A, OUTLET_B, pairs=made["pairs"], tokens=made["tokens"],
                                                    passages_table=made["passages"])),
        ("align_sentences", lambda: overlap.align_sentences(arts, OUTLET_A, OUTLET_B, pairs=made["pairs"])),
        ("quotes.match", lambda: quotes.match(made["quotes"], arts, OUTLET_A, OUTLET_B, pairs=made["pairs"],
                                              tokens=made["tokens"])),
        ("terms.counts", term_tables),
    ]


def measure(folder: Path, run: str, workers: int, partition: int) -> dict:
    """One run ("single", "cluster" or "folder") on ``folder/articles.jsonl`` in this process; each step's table is
    pickled into ``folder/<run>/`` for the comparison, and let go. "single" and "cluster" load the file here
    (as a report from a manifest does); "folder" gives the cluster the folder to read lazily, on the workers."""
    import pickle

    from mediacompare import corpus, distributed

    arts = None if run == "folder" else corpus.load(folder / "articles.jsonl")
    out = folder / run
    out.mkdir(exist_ok=True)

    def timed(steps) -> list[dict]:
        rows = []
        for name, step in steps:
            start = time.perf_counter()
            table = step()
            rows.append({"step": name, "seconds": time.perf_counter() - start})
            (out / f"{name}.pkl").write_bytes(pickle.dumps(table, protocol=pickle.HIGHEST_PROTOCOL))
        return rows

    if run == "single":
        rows = timed(_steps(arts))
        return {"articles": len(arts), "rows": rows, "peak_mb": _peak_mb()}
    from distributed import Client, LocalCluster

    distributed.ARTICLES_PER_PARTITION = distributed.PAIRS_PER_PARTITION = partition
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client, distributed.use(client):
        baseline = client.run(_peak_mb)
        arts = corpus.load(folder) if run == "folder" else arts
        rows = timed(_steps(arts))
        worker_peaks = client.run(_peak_mb)
        articles = len(arts) if run != "folder" else len(corpus.listing(arts))  # after the peaks: not timed
    return {"articles": articles, "rows": rows, "peak_mb": _peak_mb(), "worker_start_mb": max(baseline.values()),
            "worker_peak_mb": sorted(worker_peaks.values())}


def _same_tables(folder: Path, steps: list[str], run: str) -> None:
    """A run's tables against the single process's, compared one step at a time (so that only two tables are
    ever in memory)."""
    import pickle

    from pandas.testing import assert_frame_equal

    for name in steps:
        one, many = (pickle.loads((folder / r / f"{name}.pkl").read_bytes()) for r in ("single", run))
        if many is None and name == "text.local_tokens":  # on the cluster the tokens stay on the workers
            continue
        if name == "corpus.listing":  # records read from a folder have no file of their own: no provenance
            one, many = one[LISTED], many[LISTED]
        assert_frame_equal(many, one, obj=name)


def _run_size(per_outlet: int, workers: int, partition: int, tmp: Path, runs_wanted: tuple[str, ...]) -> dict:
    folder = tmp / f"size-{per_outlet}"
    records, truth = generate.corpus(generate.stories_for(per_outlet), seed=0)
    generate.write(records, truth, folder)
    print(f"\nabout 2×{per_outlet:,} articles ({len(records):,}), {workers} workers, partitions of {partition}", flush=True)
    runs = {}
    for run in runs_wanted:  # each in a fresh process: its own peak memory, nothing left from the others
        result_file = folder / f"{run}.json"
        done = subprocess.run([sys.executable, __file__, "--measure", str(folder), "--run", run, "--result",
                               str(result_file), "--workers", str(workers), "--partition", str(partition)], check=False)
        if done.returncode != 0:
            raise SystemExit(f"dask_scale: the {run} run on 2×{per_outlet:,} articles failed (exit code {done.returncode})")
        runs[run] = json.loads(result_file.read_text())
    for run in runs_wanted[1:]:
        _same_tables(folder, [r["step"] for r in runs["single"]["rows"]], run)
    result = {"articles": runs["single"]["articles"], "runs": list(runs_wanted)}
    for run, measured in runs.items():
        result[run] = measured["rows"]
        result[f"{run}_total"] = sum(r["seconds"] for r in measured["rows"])
        result[f"{run}_peak_mb"] = measured["peak_mb"]
        if run != "single":
            result[f"{run}_worker_start_mb"], result[f"{run}_worker_peak_mb"] = measured["worker_start_mb"], measured["worker_peak_mb"]
    print(f"  {'step':<20}" + "".join(f"{HEADINGS[run]:>14}" for run in runs_wanted))
    for i, step in enumerate(r["step"] for r in result["single"]):
        print(f"  {step:<20}" + "".join(f"{result[run][i]['seconds']:12.2f} s" for run in runs_wanted))
    print(f"  {'total':<20}" + "".join(f"{result[f'{run}_total']:12.2f} s" for run in runs_wanted) + "   (tables equal)")
    print(f"  peak memory: one process {result['single_peak_mb']:.0f} MB")
    for run in runs_wanted[1:]:
        print(f"  {HEADINGS[run]}: the driving process {result[f'{run}_peak_mb']:.0f} MB, each worker "
              f"{', '.join(f'{m:.0f}' for m in result[f'{run}_worker_peak_mb'])} MB "
              f"(started at {result[f'{run}_worker_start_mb']:.0f} MB)")
    return result


def report(results: list[dict]) -> list[str]:
    """Print the growth exponents and the targets; return the targets missed."""
    missed = []

    def check(label, value, ok, target):
        print(f"  {label:<52} {value:8.2f}   {target:<8} {'ok' if ok else 'MISSED'}")
        if not ok:
            missed.append(label)

    print("\ntargets")
    first = results[0]
    ratio = first["cluster_total"] / first["single_total"]
    check(f"cluster ÷ one process, {first['articles']:,} articles", ratio, ratio <= MAX_RATIO, f"≤ {MAX_RATIO}")
    for small, large in itertools.pairwise(results):
        span = math.log(large["articles"] / small["articles"])
        for run in first["runs"]:
            exponent = math.log(large[f"{run}_total"] / small[f"{run}_total"]) / span
            check(f"growth exponent ({run}), {small['articles']:,} → {large['articles']:,}", exponent,
                  exponent <= MAX_EXPONENT, f"≤ {MAX_EXPONENT}")
    for run in first["runs"][1:] if len(results) > 1 else ():
        growth = max(results[-1][f"{run}_worker_peak_mb"]) / max(results[0][f"{run}_worker_peak_mb"])
        check(f"worker peak memory ({run}), {results[-1]['articles']:,} ÷ {results[0]['articles']:,} articles",
              growth, growth <= MAX_WORKER_GROWTH, f"≤ {MAX_WORKER_GROWTH}")
    return missed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="One process against a local Dask cluster on generated corpora.")
    parser.add_argument("sizes", nargs="*", type=int, default=[5000, 20000],
                        help="articles per outlet (default: 5000 20000)")
    parser.add_argument("--workers", type=int, default=2, help="worker processes of the local cluster (default 2)")
    parser.add_argument("--partition", type=int, default=500, help="articles (and pairs) per partition (default 500)")
    parser.add_argument("--from-folder", action="store_true",
                        help="also run the cluster on the folder, read lazily on the workers (as `mediacompare report "
                        "--manifest FOLDER` does): the texts never come to the driving process")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--run", choices=list(HEADINGS), help=argparse.SUPPRESS)
    parser.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.workers < 1 or args.partition < 1:
        parser.error("--workers and --partition must be at least 1")
    if args.measure:
        args.result.write_text(json.dumps(measure(args.measure, args.run, args.workers, args.partition)))
        return 0
    if any(size < 1 for size in args.sizes) or len(set(args.sizes)) != len(args.sizes):
        parser.error("sizes must be distinct whole numbers of articles per outlet, at least 1")
    with tempfile.TemporaryDirectory(prefix="mediacompare-dask-") as tmp:
        runs = ("single", "cluster", "folder") if args.from_folder else ("single", "cluster")
        results = [_run_size(size, args.workers, args.partition, Path(tmp), runs) for size in sorted(args.sizes)]
    missed = report(results)
    if missed:
        print(f"\nmissed: {'; '.join(missed)}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
