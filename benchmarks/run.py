"""Benchmarks: how long each analysis takes on the seed pair and on longer synthetic articles.

Run with `make bench`. Prints one line per step: the median of several runs, in milliseconds.
"""

import statistics
import time

from mediacompare import corpus, overlap, quotes, terms, text
from mediacompare.paths import DATA


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


def main():
    seed = corpus.load(DATA / "articles.csv")
    long = scaled(seed, 20)
    words = sum(len(t.split()) for t in long["text"])
    print(f"corpus.load (seed manifest)          {median_ms(lambda: corpus.load(DATA / 'articles.csv')):8.1f} ms")
    print(f"text.tokens (seed, {sum(len(t.split()) for t in seed['text'])} words)        {median_ms(lambda: text.tokens(seed)):8.1f} ms")
    print(f"text.tokens (x20, {words} words)     {median_ms(lambda: text.tokens(long)):8.1f} ms")
    pair = ("Sputnik", "The Moscow Times")
    print(f"overlap.passages (seed)              {median_ms(lambda: overlap.passages(seed, *pair)):8.1f} ms")
    print(f"overlap.passages (x20)               {median_ms(lambda: overlap.passages(long, *pair), repeat=3):8.1f} ms")
    print(f"overlap.summary (seed)               {median_ms(lambda: overlap.summary(seed, *pair)):8.1f} ms")
    found = quotes.extract(seed)
    print(f"quotes.extract (seed)                {median_ms(lambda: quotes.extract(seed)):8.1f} ms")
    print(f"quotes.extract (x20)                 {median_ms(lambda: quotes.extract(long), repeat=3):8.1f} ms")
    print(f"quotes.match (seed)                  {median_ms(lambda: quotes.match(found, seed, *pair)):8.1f} ms")
    toks, long_toks = text.tokens(seed), text.tokens(long)
    print(f"terms.keyness (seed)                 {median_ms(lambda: terms.keyness(toks, *pair)):8.1f} ms")
    print(f"terms.keyness (x20)                  {median_ms(lambda: terms.keyness(long_toks, *pair)):8.1f} ms")


if __name__ == "__main__":
    main()
