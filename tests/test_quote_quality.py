"""Quote extraction and attribution measured on the hand-annotated set (tests/fixtures/quotes_annotated.json).

Run `pytest tests/test_quote_quality.py -s` to see the three figures.
"""

import json
import re

import pandas as pd

from mediacompare import corpus, quotes

from conftest import FIXTURES, SEED_MANIFEST


def _key(s: str) -> str:
    return " ".join(re.findall(r"[^\W_]+", s.lower()))


def _annotated():
    data = json.loads((FIXTURES / "quotes_annotated.json").read_text(encoding="utf-8"))
    seed = corpus.load(SEED_MANIFEST)
    written = corpus.from_texts([{"outlet": "fixture", **{k: d[k] for k in ("doc_id", "title", "text")}}
                                 for d in data["documents"] if "text" in d])
    articles = pd.concat([seed, written], ignore_index=True)
    gold = {(d["doc_id"], _key(t)): speaker for d in data["documents"] for t, speaker in d["quotes"]}
    return articles, gold


def quality() -> tuple[float, float, float]:
    """(recall, precision, speaker accuracy) of quotes.extract on the annotated set."""
    articles, gold = _annotated()
    table = quotes.extract(articles)
    table = table[table["kind"] != "scare"]  # marks that quote nobody are no one's words: not claimed as quotations
    found = {(r.doc_id, _key(r.text)): r.speaker for r in table.itertuples()}
    hits = found.keys() & gold.keys()
    recall = len(hits) / len(gold)
    precision = len(hits) / len(found)
    speakers = sum(found[k] == gold[k] for k in hits) / len(hits)
    return recall, precision, speakers


def test_extraction_and_attribution_quality_on_the_annotated_set():
    recall, precision, speakers = quality()
    print(f"\nquotes on the annotated set: recall {recall:.3f}, precision {precision:.3f}, speaker attribution {speakers:.3f}")
    assert recall >= 0.95
    assert precision >= 0.95
    assert speakers >= 0.90


def test_the_annotated_set_covers_the_patterns():
    articles, gold = _annotated()
    assert len(gold) >= 50
    assert {"budget", "strike", "parking", "outbreak", "band", "blast", "talks"} <= set(articles["doc_id"])
    assert {"n_levy", "n_hotel", "n_campaign", "n_stadium", "n_bill", "n_debate", "n_court", "n_hunger"} <= set(articles["doc_id"])
