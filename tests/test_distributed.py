"""The corpus pipeline on Dask gives the tables of one process: on a local cluster, over TCP, and with a worker killed."""

import contextlib
import json
import math
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from mediacompare import corpus, distributed, overlap, quotes, stories, terms, text
from mediacompare.errors import MediacompareError

from conftest import FIXTURES, generate

BIN = Path(sys.executable).parent
COURIER, GAZETTE = "Northern Courier", "Coast Gazette"



def _tables(articles, outlet_a, outlet_b, *, on_cluster: bool):
    """Every corpus table, made the one-process way or the cluster way (``distributed.*`` where it has its own;
    ``stories.pairs``, ``overlap.passages``, ``quotes.match`` and ``overlap.summary`` hand their work to the
    cluster themselves)."""
    toks = text.tokens(articles)
    q = quotes.extract(articles)
    prs = stories.pairs(articles, outlet_a, outlet_b)
    cross = distributed if on_cluster else None
    coverage = stories.stories(articles, outlet_a, outlet_b, pairs_table=prs)
    # notebook 04's tables: on the cluster from terms.counts (a reduction), here the one-process way, from the tokens
    counted = terms.counts(articles, outlet_a, outlet_b, stories_table=coverage) if on_cluster else None
    return {
        "tokens": toks,
        "shingles": stories.shingles(articles),
        "quotes": q,
        "candidates": (cross or stories).candidates(articles, outlet_a, outlet_b),
        "pairs": prs,
        "passages": overlap.passages(articles, outlet_a, outlet_b, pairs=prs, tokens=toks),
        "matches": quotes.match(q, articles, outlet_a, outlet_b, pairs=prs),
        # with the tokens at hand the summary is made here: on the cluster it is made without them
        "summary": overlap.summary(articles, outlet_a, outlet_b, pairs=prs, tokens=None if on_cluster else toks),
        "keyness": distributed.keyness(articles, outlet_a, outlet_b) if on_cluster
        else terms.keyness(toks, outlet_a, outlet_b),
        "keyness of two-word terms": distributed.keyness(articles, outlet_a, outlet_b, n=2, min_count=2)
        if on_cluster else terms.keyness(toks, outlet_a, outlet_b, n=2, min_count=2),
        "sentences": overlap.align_sentences(articles, outlet_a, outlet_b, pairs=prs),
        "lengths": text.lengths(articles),
        "concordance": text.concordance(articles, ["said", "council", "minister"]),
        "counted keyness": counted.keyness(outlet_a, outlet_b) if on_cluster else terms.keyness(toks, outlet_a, outlet_b),
        "counted two-word keyness": counted.keyness(outlet_a, outlet_b, n=2, min_count=2) if on_cluster
        else terms.keyness(toks, outlet_a, outlet_b, n=2, min_count=2),
        "keyness on shared stories": counted.keyness(outlet_a, outlet_b, shared=True) if on_cluster
        else terms.keyness_on_shared_stories(toks, coverage, outlet_a, outlet_b),
        "frequencies": counted.frequencies() if on_cluster else terms.frequencies(toks),
        "collocations": counted.collocations() if on_cluster else terms.collocations(toks),
        "framing": counted.framing(outlet_a, outlet_b) if on_cluster
        else terms.framing(terms.outside_quotes(toks, q), outlet_a, outlet_b),
    }


@pytest.fixture(scope="module")
def story_corpus():
    return corpus.load(FIXTURES / "stories" / "articles.csv")


@pytest.fixture(scope="module")
def story_tables(story_corpus):
    """The fixture corpus's tables made in one process."""
    return _tables(story_corpus, COURIER, GAZETTE, on_cluster=False)


@pytest.fixture(scope="module")
def generated():
    """A generated 2×200 corpus (benchmarks/generate.py, seed 0) and its tables made in one process."""
    records, _ = generate.corpus(generate.stories_for(200), seed=0)
    articles = corpus.from_texts(records)
    return articles, _tables(articles, *generate.OUTLETS, on_cluster=False)


@pytest.fixture(scope="module")
def local_client():
    """A LocalCluster of 2 worker processes, one thread each."""
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        yield client


@pytest.fixture
def small_partitions(monkeypatch):
    """Partitions of a few articles and pairs, so that even small corpora are split across the workers."""
    monkeypatch.setattr(distributed, "ARTICLES_PER_PARTITION", 3)
    monkeypatch.setattr(distributed, "PAIRS_PER_PARTITION", 2)


def _same(found: dict, expected: dict) -> None:
    assert found.keys() == expected.keys()
    for name, table in expected.items():
        assert_frame_equal(found[name], table, obj=name)


def test_without_a_scheduler_nothing_imports_dask(tmp_path):
    """The one-process path is the old one: no Dask module is loaded, and client() is None."""
    env = {k: v for k, v in os.environ.items() if k != distributed.ENVIRONMENT}
    code = ("import sys; from mediacompare import corpus, distributed, quotes, stories, text; "
            "a = corpus.from_texts([{'outlet': 'A', 'text': 'He said \"we will win the vote today\" on Monday.'}]); "
            "text.tokens(a); quotes.extract(a); stories.shingles(a); "
            "print(distributed.client(), sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')))")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    assert out.strip() == "None []"


def test_use_sets_the_active_client_for_its_block_only(monkeypatch):
    monkeypatch.delenv(distributed.ENVIRONMENT, raising=False)
    outer, inner = object(), object()
    with distributed.use(outer):
        with distributed.use(inner):
            assert distributed.client() is inner
        assert distributed.client() is outer
    assert distributed.client() is None


@pytest.mark.parametrize("address, fragment", [
    ("tcp://127.0.0.1:1", "no Dask scheduler answers at tcp://127.0.0.1:1"),
    ("local:two", "'local:' takes a number of worker processes"),
    ("local:0", "'local:' takes a number of worker processes"),
])
def test_a_scheduler_that_does_not_answer_is_one_clear_error_within_ten_seconds(monkeypatch, address, fragment):
    monkeypatch.setenv(distributed.ENVIRONMENT, address)
    started = time.monotonic()
    with pytest.raises(distributed.ClusterError) as raised:
        distributed.client()
    assert time.monotonic() - started < 10
    assert fragment in str(raised.value) and "\n" not in str(raised.value)
    assert isinstance(raised.value, MediacompareError)


def test_a_table_no_larger_than_a_partition_stays_in_this_process(monkeypatch):
    """A per-article step on a few articles never asks the client for anything (a bare object would fail if it did)."""
    monkeypatch.setattr(distributed, "ARTICLES_PER_PARTITION", 2)
    two = corpus.from_texts([{"outlet": "A", "text": "One two three four five six."},
                             {"outlet": "B", "text": "Seven eight nine ten eleven twelve."}])
    with distributed.use(object()):
        assert len(text.tokens(two)) == 14 and len(stories.shingles(two)) == 4 and quotes.extract(two).empty


def test_a_worker_never_starts_tasks_of_its_own(local_client):
    """Inside a worker, client() is None even when the worker's environment names a scheduler."""
    local_client.run(os.environ.__setitem__, distributed.ENVIRONMENT, "tcp://127.0.0.1:1")
    try:
        assert local_client.submit(distributed.client, pure=False).result() is None
        assert local_client.submit(distributed._in_worker, pure=False).result() is True
    finally:
        local_client.run(os.environ.pop, distributed.ENVIRONMENT, None)
    assert distributed._in_worker() is False


def test_an_analysis_waits_on_its_own_client_not_on_the_current_one(local_client, fixture_corpus, monkeypatch):
    """Another client is current (``with Client(...)``) and its event loop is busy: an analysis run with
    ``use(local_client)`` still finishes, because its tasks are waited for on local_client's loop. Waited for on the
    current client's loop, they could be missed for good (CI hung so, with two clients on one scheduler)."""
    from distributed import Client

    monkeypatch.setattr(distributed, "ARTICLES_PER_PARTITION", 3)
    expected, found, release = text.tokens(fixture_corpus), {}, threading.Event()
    with Client(local_client.scheduler.address) as current:
        current.loop.add_callback(release.wait, 60)  # the current client's loop does nothing else until released
        try:
            with distributed.use(local_client):
                run = threading.Thread(target=lambda: found.update(tokens=text.tokens(fixture_corpus)), daemon=True)
                run.start()
                run.join(timeout=30)
                assert not run.is_alive(), "the analysis waited on the current client's event loop"
        finally:
            release.set()
    assert_frame_equal(found["tokens"], expected)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_workers_start_a_local_cluster_for_the_block_and_stop_it(monkeypatch):
    """What --workers 2 does: a scheduler and 2 workers on 127.0.0.1, named in the environment, gone afterwards."""
    import urllib.request

    monkeypatch.delenv(distributed.ENVIRONMENT, raising=False)
    said = []
    with distributed.cluster(None, 2, log=said.append) as address:
        assert address.startswith("tcp://127.0.0.1:") and os.environ[distributed.ENVIRONMENT] == address
        pids = list(distributed.client().run(os.getpid).values())
        assert len(pids) == 2
        # the one line the command prints names the cluster and its dashboard, which answers (bokeh is in the lock)
        assert len(said) == 1 and said[0].startswith(f"Dask cluster at {address}: 2 worker(s), dashboard at http://127.0.0.1:")
        with urllib.request.urlopen(said[0].split("dashboard at ")[1], timeout=30) as page:
            assert page.status == 200 and b"Dask" in page.read()
    assert distributed.ENVIRONMENT not in os.environ
    deadline = time.monotonic() + 30
    while any(map(_alive, pids)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(map(_alive, pids))


def test_the_cluster_refuses_to_run_without_a_client(monkeypatch, story_corpus):
    monkeypatch.delenv(distributed.ENVIRONMENT, raising=False)
    with pytest.raises(distributed.ClusterError, match="no Dask client"):
        distributed.candidates(story_corpus, COURIER, GAZETTE)


def test_stories_are_kept_whole_in_the_partitions_of_pairs():
    # a-b-c is one story (three pairs), d-e another, f-g a third: with room for 3 pairs a partition, a-b-c fills
    # one and d-e, f-g share the next; a story is never split, even one larger than a partition
    chosen = [("a", "b"), ("a", "c"), ("d", "e"), ("f", "g"), ("h", "c")]
    assert distributed.story_groups(chosen, 3) == [[("a", "b"), ("a", "c"), ("h", "c")], [("d", "e"), ("f", "g")]]
    assert distributed.story_groups(chosen, 1) == [[("a", "b"), ("a", "c"), ("h", "c")], [("d", "e")], [("f", "g")]]


def test_fixture_corpus_on_a_local_cluster_equals_one_process(story_corpus, story_tables, local_client,
                                                              small_partitions, monkeypatch):
    expected = story_tables
    handed = []
    handed_on = ("pairs", "passages", "match", "summary", "align_sentences", "_reduced")
    for name in handed_on:  # what stories.pairs, overlap.passages, ..., terms.counts hand on
        original = getattr(distributed, name)
        monkeypatch.setattr(distributed, name, lambda *a, _f=original, _n=name, **k: handed.append(_n) or _f(*a, **k))
    with distributed.use(local_client):
        found = _tables(story_corpus, COURIER, GAZETTE, on_cluster=True)
    assert set(handed) == set(handed_on)
    assert len(expected["pairs"]) == 4 and len(expected["tokens"]) > 2000  # the tables compared hold something
    assert len(expected["keyness of two-word terms"]) > 20
    assert len(expected["collocations"]) > 5 and len(expected["framing"]) > 3 and len(expected["concordance"]) > 10
    assert len(expected["keyness on shared stories"]) > 100 and len(expected["sentences"]) > 20
    _same(found, expected)


def test_few_pairs_stay_in_this_process(story_corpus, story_tables, local_client, monkeypatch):
    """Pairs that fit one partition are aligned here: a scheduler round trip would cost more than it saves."""
    monkeypatch.setattr(distributed, "passages", lambda *a, **k: pytest.fail("handed to the cluster"))
    with distributed.use(local_client):
        found = overlap.passages(story_corpus, COURIER, GAZETTE, pairs=story_tables["pairs"])
    assert_frame_equal(found, story_tables["passages"])


def test_a_pandas_table_written_into_the_graph_gives_no_large_graph_warning(story_corpus, story_tables, local_client,
                                                                             small_partitions):
    """The partitions of a pandas table go into the graph on purpose (a dead worker's partition can be made again);
    Dask's "Sending large graph" warning would repeat that in every cell. The threshold is set to one byte here, so
    that any graph would warn without the project's own setting."""
    import warnings

    import dask

    with dask.config.set({"distributed.admin.large-graph-warning-threshold": "1B"}), \
            warnings.catch_warnings(record=True) as caught, distributed.use(local_client):
        warnings.simplefilter("always")
        found = distributed.candidates(story_corpus, COURIER, GAZETTE)
        keyness = distributed.keyness(story_corpus, COURIER, GAZETTE)
        lengths = text.lengths(story_corpus)  # a per-article step: partitions sent with their tasks
    assert_frame_equal(found, story_tables["candidates"])
    assert_frame_equal(lengths, story_tables["lengths"])
    assert_frame_equal(keyness, story_tables["keyness"])
    assert not [w for w in caught if "large graph" in str(w.message)]


@pytest.mark.slow
def test_generated_corpus_on_a_local_cluster_equals_one_process(generated, local_client, monkeypatch):
    articles, expected = generated
    monkeypatch.setattr(distributed, "ARTICLES_PER_PARTITION", 25)  # 16 partitions: a plan that is wrong shows
    monkeypatch.setattr(distributed, "PAIRS_PER_PARTITION", 50)
    with distributed.use(local_client):
        found = _tables(articles, *generate.OUTLETS, on_cluster=True)
    assert len(articles) > 300 and len(expected["pairs"]) > 100 and len(expected["passages"]) > 50
    _same(found, expected)


class _Summed:
    """A sum that remembers its items, and the sizes of the sums each addition took."""

    additions: list = []

    def __init__(self, items):
        self.items = items

    @classmethod
    def sum_of(cls, sums):
        cls.additions.append([len(s.items) for s in sums])
        return cls([i for s in sums for i in s.items])


@pytest.mark.parametrize("n", [1, 2, 5, 16, 37, 64])
def test_partial_counts_are_added_as_a_counter_counts(n):
    # adding each partition's counts to one running total would add the growing total n times: quadratic
    _Summed.additions = []
    total = distributed._total(_Summed([i]) for i in range(n))
    assert total.items == list(range(n))  # in order
    additions = _Summed.additions
    # FAN_IN sums of one size at a time; what is left over is gathered at the end, at most FAN_IN - 1 of each size
    carried = [sizes for sizes in additions if len(sizes) == distributed.FAN_IN and len(set(sizes)) == 1]
    assert additions[:len(carried)] == carried and len(additions) - len(carried) <= 1
    gathered = additions[len(carried):]
    assert all(max(Counter(sizes).values()) <= distributed.FAN_IN - 1 and sum(sizes) == n for sizes in gathered)
    # each item is added about log_FAN_IN(n) times, not n times
    assert sum(map(sum, additions)) <= n * (1 + math.log(n, distributed.FAN_IN))


def test_a_sum_of_a_type_without_sum_of_is_added_pairwise():
    assert distributed._total(iter(range(1, 11))) == 55
    assert distributed._total(iter(["a"])) == "a"


def test_a_cache_past_its_bound_is_emptied_and_one_within_it_kept():
    text.sentence_spans("A first sentence. A second one.")
    text.word_type("zebra")
    distributed.trim_caches(texts=10 ** 9, words=0)
    assert text.sentence_spans.cache_info().currsize >= 1
    assert text.word_type.cache_info().currsize == 0


@pytest.mark.slow
def test_a_worker_remembers_the_texts_of_a_partition_not_of_the_corpus(generated, local_client, monkeypatch):
    articles, expected = generated
    monkeypatch.setattr(distributed, "ARTICLES_PER_PARTITION", 25)
    monkeypatch.setattr(distributed, "WORDS_CACHED", 1000)
    with distributed.use(local_client):
        assert_frame_equal(text.tokens(articles), expected["tokens"])
        assert_frame_equal(quotes.extract(articles), expected["quotes"])

    def cached():
        return text.sentence_spans.cache_info().currsize, text.word_type.cache_info().currsize

    # each worker tokenised and read about 200 of the 400 articles; it keeps at most two partitions' texts
    assert all(texts <= 50 and words <= 1000 for texts, words in local_client.run(cached).values())


def test_no_worker_keeps_the_partitions_of_articles_while_it_pairs_and_sums(generated, local_client, monkeypatch):
    from distributed import WorkerPlugin

    class HeldPartitions(WorkerPlugin):
        """The most partitions of articles (tables with a text column; copies count once) a worker has held at once."""

        def setup(self, worker):
            self.worker, self.peak = worker, 0

        def transition(self, key, start, finish, **kwargs):
            held = {(v["doc_id"].iloc[0], len(v)) for v in self.worker.data.values()
                    if isinstance(v, pd.DataFrame) and "text" in v.columns and len(v)}
            self.peak = max(self.peak, len(held))

    articles, expected = generated
    monkeypatch.setattr(distributed, "ARTICLES_PER_PARTITION", 25)  # 16 partitions of the 400 articles
    local_client.register_plugin(HeldPartitions(), name="held-partitions")
    try:
        with distributed.use(local_client):
            assert_frame_equal(stories.pairs(articles, *generate.OUTLETS), expected["pairs"])
            assert_frame_equal(overlap.summary(articles, *generate.OUTLETS, pairs=expected["pairs"]), expected["summary"])
        peaks = local_client.run(lambda dask_worker: dask_worker.plugins["held-partitions"].peak)
    finally:
        local_client.unregister_worker_plugin("held-partitions")
    # a partition is let go when its task is done: before, each worker kept its half of the 16 for the whole step
    assert 1 <= max(peaks.values()) <= 2


def _records(articles) -> list[dict]:
    """The articles as the records of a folder of JSON lines: doc_id, outlet, title, published, text."""
    return [{"doc_id": r.doc_id, "outlet": r.outlet, "title": r.title, "published": r.published, "text": r.text}
            for r in articles.itertuples()]


def test_a_folder_of_json_lines_is_read_lazily_and_cleaned_per_partition(tmp_path, story_corpus, story_tables,
                                                                         local_client, small_partitions):
    records = _records(story_corpus)
    for name, part in (("one.jsonl", records[:4]), ("two.jsonl", records[4:])):
        (tmp_path / name).write_text("".join(json.dumps(r) + "\n" for r in part))
    lazy = distributed.read_articles(tmp_path, blocksize="1KiB")
    assert lazy.npartitions > 2  # split inside the files, not one partition a file
    read = local_client.compute(lazy).result().sort_values("doc_id", kind="stable").reset_index(drop=True)
    assert_frame_equal(read, corpus.from_texts(records))
    with distributed.use(local_client):
        assert_frame_equal(distributed.candidates(lazy, COURIER, GAZETTE),
                           stories.candidates(story_corpus, COURIER, GAZETTE))
        assert_frame_equal(distributed.pairs(lazy, COURIER, GAZETTE), story_tables["pairs"])
        # the texts stay on the workers: each group of pairs gets its articles by a merge and a shuffle there
        assert_frame_equal(distributed.passages(lazy, COURIER, GAZETTE), story_tables["passages"])
        assert_frame_equal(distributed.match(story_tables["quotes"], lazy, COURIER, GAZETTE,
                                             pairs=story_tables["pairs"]), story_tables["matches"])
        assert_frame_equal(distributed.summary(lazy, COURIER, GAZETTE), story_tables["summary"])
        assert_frame_equal(distributed.keyness(lazy, COURIER, GAZETTE),
                           terms.keyness(text.tokens(story_corpus), COURIER, GAZETTE))
        assert_frame_equal(distributed.align_sentences(lazy, COURIER, GAZETTE), story_tables["sentences"])
        assert_frame_equal(terms.counts(lazy, COURIER, GAZETTE).collocations(), story_tables["collocations"])


def test_a_folder_of_parquet_files_gives_the_same_articles(tmp_path, story_corpus, local_client):
    records = pd.DataFrame([{"doc_id": r.doc_id, "outlet": r.outlet, "title": r.title or None, "text": r.text}
                            for r in story_corpus.itertuples()])
    records.iloc[:6].to_parquet(tmp_path / "one.parquet")
    records.iloc[6:].to_parquet(tmp_path / "two.parquet")
    read = local_client.compute(distributed.read_articles(tmp_path)).result()
    expected = corpus.from_texts(records.astype(object).where(records.notna(), None).to_dict("records"))
    assert_frame_equal(read.sort_values("doc_id", kind="stable").reset_index(drop=True), expected)


def test_a_folder_without_doc_ids_or_files_is_one_clear_error(tmp_path, local_client):
    with pytest.raises(MediacompareError, match="no \\*.jsonl or \\*.parquet files"):
        distributed.read_articles(tmp_path)
    (tmp_path / "a.jsonl").write_text(json.dumps({"outlet": "A", "text": "Words here."}) + "\n")
    with pytest.raises(MediacompareError, match="a record has no doc_id"):
        local_client.compute(distributed.read_articles(tmp_path)).result()


def _article_folder(folder: Path, story_corpus) -> Path:
    """The fixture corpus as a folder of two JSON-lines files, with two records added: one whose cleaning removes a
    line, and one that repeats another's text."""
    records = _records(story_corpus)
    records.append({**records[0], "doc_id": "zz-copy", "title": "The same text again"})
    records.append({**records[-2], "doc_id": "zz-related", "text": records[-2]["text"] + "\nRelated: more from the desk"})
    folder.mkdir(parents=True, exist_ok=True)
    for name, part in (("one.jsonl", records[:5]), ("two.jsonl", records[5:])):
        (folder / name).write_text("".join(json.dumps(r) + "\n" for r in part))
    return folder


def _notebook_tables(articles):
    """What the four notebooks compute from a corpus (``corpus.two_outlets``'s pair and listing)."""
    listed = corpus.listing(articles)
    corpus.require_outlets(listed, COURIER, GAZETTE)
    pair = articles[articles["outlet"].isin([COURIER, GAZETTE])]
    found = quotes.extract(pair)
    prs = stories.pairs(pair, COURIER, GAZETTE)
    shared = overlap.passages(pair, COURIER, GAZETTE, pairs=prs, tokens=text.local_tokens(pair))
    return {"listed": listed, "lengths": text.lengths(pair), "removed": corpus.removed(pair), "pairs": prs,
            "stories": stories.stories(listed, COURIER, GAZETTE, pairs_table=prs), "duplicates": stories.duplicates(pair),
            "quotes": found, "matches": quotes.match(found, pair, COURIER, GAZETTE, pairs=prs), "passages": shared,
            "summary": overlap.summary(pair, COURIER, GAZETTE, pairs=prs, passages_table=shared),
            "sentences": overlap.align_sentences(pair, COURIER, GAZETTE, pairs=prs),
            "concordance": text.concordance(pair, ["said", "council"]),
            "shown": corpus.articles_of(pair, ["zz-copy", "zz-related", "not-an-id"]),
            "collocations": terms.counts(pair, COURIER, GAZETTE).collocations()}


def test_a_folder_loaded_on_a_cluster_stays_lazy_and_gives_the_tables_of_one_process(tmp_path, story_corpus,
                                                                                     local_client, small_partitions):
    folder = _article_folder(tmp_path / "articles", story_corpus)
    here = corpus.load(folder)  # without a client: read here, whole, sorted by doc_id
    assert isinstance(here, pd.DataFrame) and list(here["doc_id"]) == sorted(here["doc_id"]) and len(here) == 12
    expected = _notebook_tables(here)
    # what the two records added are there to show: a line removed, a text repeated, and two texts fetched whole
    assert list(expected["removed"][["doc_id", "content"]].itertuples(index=False, name=None)) == [
        ("zz-related", "Related: more from the desk")]
    assert ("zz-copy", here["doc_id"].iloc[0]) in zip(expected["duplicates"]["doc_id"], expected["duplicates"]["duplicate_of"])
    assert expected["shown"]["doc_id"].tolist() == ["zz-copy", "zz-related"]
    assert "text" not in expected["listed"] and len(expected["listed"]) == 12
    with distributed.use(local_client):
        lazy = corpus.load(folder)
        assert distributed.is_lazy(lazy)  # every step below reads the texts on the workers, a partition at a time
        _same(_notebook_tables(lazy), expected)


@pytest.mark.parametrize("on_cluster", [False, True])
def test_a_doc_id_two_records_of_a_folder_share_is_one_clear_error(tmp_path, story_corpus, local_client, on_cluster):
    folder = _article_folder(tmp_path / "articles", story_corpus)
    with (folder / "three.jsonl").open("w") as f:
        f.write(json.dumps({"doc_id": "zz-copy", "outlet": COURIER, "text": "A third file."}) + "\n")
    with distributed.use(local_client) if on_cluster else contextlib.nullcontext():
        with pytest.raises(MediacompareError, match="doc_id 'zz-copy' is used by 2 records — give each record its own"):
            corpus.listing(corpus.load(folder))


def test_the_report_of_a_folder_on_two_workers_equals_its_report_in_one_process(tmp_path, story_corpus):
    """``mediacompare report --manifest FOLDER --workers 2``: the four notebooks run with the folder's texts on the
    cluster, and every table they write equals the one-process run's."""
    folder = _article_folder(tmp_path / "articles", story_corpus)
    env = {k: v for k, v in os.environ.items() if k != distributed.ENVIRONMENT}
    command = [str(BIN / "mediacompare"), "report", "--manifest", str(folder), "--outlet-a", COURIER, "--outlet-b",
               GAZETTE, "--name", "folder"]
    runs = {}
    for name, extra in (("here", []), ("cluster", ["--workers", "2"])):
        done = subprocess.run([*command, *extra, "--out", str(tmp_path / name)], capture_output=True, text=True,
                              env=env, timeout=600)
        assert done.returncode == 0, done.stderr
        runs[name] = sorted((tmp_path / name / "folder").glob("*_tables/*.csv"))
    assert ("Dask cluster at tcp://127.0.0.1:" in done.stderr) and len(runs["here"]) > 20
    assert [p.relative_to(tmp_path / "here") for p in runs["here"]] == \
        [p.relative_to(tmp_path / "cluster") for p in runs["cluster"]]
    for here, there in zip(runs["here"], runs["cluster"]):
        assert here.read_text() == there.read_text(), here.name


def _start(args: list[str]) -> subprocess.Popen:
    return subprocess.Popen([str(BIN / "dask"), *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)


@pytest.fixture(scope="module")
def tcp_cluster(tmp_path_factory):
    """A scheduler and two workers as separate processes on 127.0.0.1 (the TCP path a real cluster uses).

    Yields the scheduler's address and the workers' processes; all are stopped by their process ids at the end.
    """
    info = tmp_path_factory.mktemp("dask") / "scheduler.json"
    processes = [_start(["scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                         "--scheduler-file", str(info)])]
    try:
        deadline = time.monotonic() + 60
        while not info.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        address = json.loads(info.read_text())["address"]
        assert address.startswith("tcp://127.0.0.1:")
        workers = [_start(["worker", address, "--nthreads", "1", "--no-nanny", "--no-dashboard",
                           "--host", "127.0.0.1", "--name", f"w{i}"]) for i in range(2)]
        processes += workers
        yield address, workers
    finally:
        distributed.stop(processes, timeout=20)


def _connected(address: str, workers: int):
    from distributed import Client

    client = Client(address, timeout="30s")
    client.wait_for_workers(workers, timeout=60)
    return client


def test_scheduler_and_workers_over_tcp_through_the_environment(tcp_cluster, story_corpus, story_tables, monkeypatch,
                                                                small_partitions):
    address, _ = tcp_cluster
    expected = story_tables
    monkeypatch.setattr(distributed, "ARTICLES_PER_PARTITION", 5)
    with _connected(address, 2):
        monkeypatch.setenv(distributed.ENVIRONMENT, address)
        monkeypatch.setattr(distributed, "_clients", {})
        active = distributed.client()
        try:
            assert active.scheduler.address == address and len(active.scheduler_info()["workers"]) == 2
            found = {"tokens": text.tokens(story_corpus), "quotes": quotes.extract(story_corpus),
                     "candidates": distributed.candidates(story_corpus, COURIER, GAZETTE),
                     "passages": distributed.passages(story_corpus, COURIER, GAZETTE, pairs=expected["pairs"]),
                     "matches": distributed.match(expected["quotes"], story_corpus, COURIER, GAZETTE,
                                                  pairs=expected["pairs"]),
                     "summary": distributed.summary(story_corpus, COURIER, GAZETTE, pairs=expected["pairs"]),
                     "keyness": distributed.keyness(story_corpus, COURIER, GAZETTE)}
            _same(found, {name: expected[name] for name in found})
        finally:
            active.close()


@pytest.mark.slow
def test_a_worker_killed_during_a_run_changes_nothing(tcp_cluster, generated, monkeypatch):
    """One worker is killed while the tokens of the 2×200 corpus are being made: Dask runs its tasks again."""
    address, workers = tcp_cluster
    articles, expected = generated
    monkeypatch.setattr(distributed, "ARTICLES_PER_PARTITION", 10)
    found = {}
    with _connected(address, 2) as client, distributed.use(client):
        victim = workers[0].pid
        address_of = {pid: addr for addr, pid in client.run(os.getpid).items()}
        run = threading.Thread(target=lambda: found.update(tokens=text.tokens(articles)))
        run.start()
        deadline = time.monotonic() + 60
        # kill the worker as soon as it is working on one of the partitions
        while time.monotonic() < deadline and not client.processing().get(address_of[victim]):
            time.sleep(0.02)
        os.kill(victim, signal.SIGKILL)
        run.join(timeout=120)
        assert workers[0].wait(timeout=10) == -signal.SIGKILL
        assert len(client.scheduler_info()["workers"]) == 1  # the run finished on the one worker left
    assert_frame_equal(found["tokens"], expected["tokens"])


@pytest.mark.parametrize("options, environment, message", [
    (["--scheduler", "tcp://127.0.0.1:1"], {}, "no Dask scheduler answers at tcp://127.0.0.1:1 within 3 s"),
    ([], {distributed.ENVIRONMENT: "tcp://127.0.0.1:1"}, "no Dask scheduler answers at tcp://127.0.0.1:1 within 3 s"),
    (["--scheduler", "tcp://127.0.0.1:1", "--workers", "2"], {}, "--scheduler and --workers exclude each other"),
    (["--workers", "0"], {}, "--workers 0: give a number of worker processes, at least 1"),
])
def test_the_command_line_says_what_is_wrong_with_the_cluster_in_one_line_within_ten_seconds(
        tmp_path, options, environment, message):
    env = {k: v for k, v in os.environ.items() if k != distributed.ENVIRONMENT} | environment
    started = time.monotonic()
    done = subprocess.run([str(BIN / "mediacompare"), "report", *options, "--out", str(tmp_path)],
                          capture_output=True, text=True, env=env, timeout=60)
    assert time.monotonic() - started < 10
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.startswith(f"mediacompare: error: {message}") and done.stderr.count("\n") == 1
    assert not (tmp_path / "index.html").exists()  # stopped before any notebook ran
