"""Shared passages on the seed pair: mediacompare against text-matcher at its default settings.

text-matcher is not a dependency: install it into the environment to run this
(`.venv/bin/pip install text-matcher`), then `.venv/bin/python benchmarks/versus_text_matcher.py`.
Both read the raw seed files; ours cleans them first, as corpus.load does.
"""

from mediacompare import corpus, overlap
from mediacompare.paths import DATA


def main():
    try:
        from text_matcher.matcher import Matcher, Text
    except ImportError:
        print("text-matcher is not installed: .venv/bin/pip install text-matcher")
        return
    seed = corpus.load(DATA / "articles.csv")
    ours = overlap.passages(seed, "Sputnik", "The Moscow Times")
    print(f"mediacompare: {len(ours)} shared passages")
    for text_a in ours["text_a"]:
        print(f"  {text_a[:90]}")
    raw = [(DATA / path).read_text(encoding="utf-8") for path in ("raw/sputnik/000_38e22c74f79fe168.txt",
                                                                    "raw/moscow-times/002_7700cad70c87f25c.txt")]
    matcher = Matcher(Text(raw[0], "sputnik"), Text(raw[1], "moscow-times"))
    matcher.match()
    print(f"text-matcher (defaults): {matcher.numMatches} shared passages")
    for start, _end in matcher.locationsA:
        print(f"  {raw[0][start:start + 90]}")


if __name__ == "__main__":
    main()
