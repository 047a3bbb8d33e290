"""Benchmarks: `make bench` runs every section; `python benchmarks/run.py SECTION …` runs some.

Sections, each in a fresh process so that no section's memory or caches help another:

- ``seed``: each analysis on the seed pair and on articles 20 times longer (median of several runs, ms).
- ``shapes``: quotes.extract and quotes.match on pathological inputs at n, 2n and 4n (issue 12: 4n ≤ 5 × n).
- ``report``: the seed report against the floor of four trivial notebooks, side by side (issue 11: ≤ 1.2×).
- ``corpus``: the whole analysis on generated corpora of 2×500 and 2×5,000 articles: seconds, peak memory,
  growth exponent, story-pairing precision and recall (issue 9: under 300 s and 4 GB, exponent ≤ 1.15, ≥ 0.95).
- ``cluster``: the corpus pipeline in one process and on a local Dask cluster of 2 workers, given the loaded
  table and given the folder to read itself, at 2×5,000 and 2×20,000 articles (issue 13); the longest section
  by far.

Times on a shared machine drift; the ratios printed beside them are what to read.
"""

import statistics
import subprocess
import sys
import time
from pathlib import Path

from mediacompare import corpus, overlap, quotes, terms, text
from mediacompare.paths import DATA

HERE = Path(__file__).resolve().parent
SECTIONS = {
    "shapes": [["pathological_extract.py"], ["pathological_match.py"]],
    "report": [["report_floor.py"]],
    "corpus": [["corpus_scale.py", "500", "5000"], ["corpus_scale.py", "5000", "--big-article", "5"]],
    "cluster": [["dask_scale.py", "--from-folder"]],
}


def median_ms(step, repeat=5):
    """Median wall time of ``step()`` over ``repeat`` runs, in milliseconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        step()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def scaled(articles, times):
    """The articles with each text repeated ``times`` times: a long article of realistic text."""
    records = [dict(row, text="\n\n".join([row["text"]] * times)) for row in articles.to_dict("records")]
    return corpus.from_texts(records)


def seed():
    """Each analysis on the seed pair, and on the seed articles made 20 times longer."""
    arts = corpus.load(DATA / "articles.csv")
    long = scaled(arts, 20)
    words = sum(len(t.split()) for t in long["text"])
    pair = ("Sputnik", "The Moscow Times")
    print(f"corpus.load (seed manifest)          {median_ms(lambda: corpus.load(DATA / 'articles.csv')):8.1f} ms")
    print(f"text.tokens (seed, {sum(len(t.split()) for t in arts['text'])} words)        {median_ms(lambda: text.tokens(arts)):8.1f} ms")
    print(f"text.tokens (x20, {words} words)     {median_ms(lambda: text.tokens(long)):8.1f} ms")
    print(f"overlap.passages (seed)              {median_ms(lambda: overlap.passages(arts, *pair)):8.1f} ms")
    print(f"overlap.passages (x20)               {median_ms(lambda: overlap.passages(long, *pair), repeat=3):8.1f} ms")
    print(f"overlap.summary (seed)               {median_ms(lambda: overlap.summary(arts, *pair)):8.1f} ms")
    found = quotes.extract(arts)
    print(f"quotes.extract (seed)                {median_ms(lambda: quotes.extract(arts)):8.1f} ms")
    print(f"quotes.extract (x20)                 {median_ms(lambda: quotes.extract(long), repeat=3):8.1f} ms")
    print(f"quotes.match (seed)                  {median_ms(lambda: quotes.match(found, arts, *pair)):8.1f} ms")
    toks, long_toks = text.tokens(arts), text.tokens(long)
    print(f"terms.keyness (seed)                 {median_ms(lambda: terms.keyness(toks, *pair)):8.1f} ms")
    print(f"terms.keyness (x20)                  {median_ms(lambda: terms.keyness(long_toks, *pair)):8.1f} ms")


def main(argv):
    """Run the sections named in ``argv`` (all when none); the exit code is 1 when a section missed a target."""
    wanted = argv or ["seed", *SECTIONS]
    unknown = [s for s in wanted if s != "seed" and s not in SECTIONS]
    if unknown:
        print(f"bench: unknown section {', '.join(unknown)} — choose from seed, {', '.join(SECTIONS)}", file=sys.stderr)
        return 1
    failed = []
    for section in wanted:
        print(f"\n== {section} ==", flush=True)
        if section == "seed":
            seed()
            continue
        for script, *args in SECTIONS[section]:
            if not (HERE / script).exists():
                print(f"{script}: not here yet", flush=True)
                continue
            if subprocess.run([sys.executable, str(HERE / script), *args], check=False).returncode:
                failed.append(script)
    if failed:
        print(f"\nmissed a target or failed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
