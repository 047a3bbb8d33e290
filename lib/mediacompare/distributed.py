"""The corpus pipeline on Dask: the same tables as in one process, computed over partitions on a cluster.

Nothing here runs, and Dask is not even imported, unless a client is active:
``MEDIACOMPARE_SCHEDULER`` names a scheduler (``tcp://HOST:8786``) or asks for a
local cluster (``local:N``: N worker processes on this machine, started on first
use and closed at exit), or a ``with use(client):`` block is open.

- Per-article steps (``text.tokens``, ``text.lengths``, ``text.concordance``,
  ``quotes.extract``, ``stories.shingles``) carry the ``per_article`` hook: with a client they run over partitions of
  ``ARTICLES_PER_PARTITION`` articles and the pieces are put back in order.
- ``candidates`` is ``stories.candidates`` as a shuffle join of shingle
  postings on the hash (dask.dataframe), document frequencies counted per hash
  after the shuffle and shared hashes summed per pair (a reduction).
- ``passages`` and ``match`` run ``overlap.passages`` and ``quotes.match`` over
  partitions of the story pairs (a partition holds whole stories for ``match``,
  so that every quotation sees all its article's partners). Those two and
  ``overlap.summary`` hand their pairs here themselves when a client is active
  and the pairs fill more than one partition (``for_pairs``).
- ``pairs`` (``stories.pairs`` hands its articles here when a client is active
  and they fill more than one partition): each partition's content stems are
  counted on a worker and come back as sparse counts (a few hundred numbers an
  article); here they make the document frequencies, the idf and the TF-IDF
  rows for the cosines. The 5-gram candidates are ``candidates``'s shuffle join.
- ``align_sentences`` runs ``overlap.align_sentences`` over groups of pairs that
  keep each story whole (``story_groups``); ``overlap.align_sentences`` hands
  its pairs here itself, as ``passages`` does.
- ``summed`` adds up a per-partition count (``terms.counts``) over partitions
  of articles, on the cluster, the partial sums added as they arrive.
- ``keyness`` is a reduction (term counts per partition, summed by Dask's tree
  reduction); ``summary`` counts content stems, their document frequencies and
  each article's copied words per partition and sums them here, counts the
  shingles both outlets use after a shuffle on the hash, and runs the
  article-pair measures over partitions of pairs with the idf sent to them.
- ``read_articles`` reads a folder of JSON-lines or Parquet files lazily,
  cleaning each partition with ``corpus.from_texts`` (``corpus.load`` of a
  folder gives it while a client is active). Every step above takes it, and
  so do the per-article steps, ``corpus.listing``, ``corpus.removed``,
  ``corpus.articles_of`` and ``stories.duplicates`` (``over_partitions``), so a
  report from a folder never brings the texts to its kernels.
- Each worker empties its per-text and per-word caches after a task once they
  outgrow two partitions' texts or ``WORDS_CACHED`` word types (``trim_caches``):
  its memory follows its partitions, not all it has read.

Every function returns what its one-process counterpart returns, equal under
``pandas.testing.assert_frame_equal``. What passes through this process: the
tables as long as the corpus's list of articles or pairs (ids, dates, the pairs
table), vocabulary-sized counts, the TF-IDF rows, and the results. Each
function takes a pandas articles table, whose partitions are sent from here
with the tasks that use them, or ``read_articles``'s lazy frame, whose texts
never come here. No worker keeps a partition of articles between tasks: a step
that needs the texts twice reads them twice, so a worker's memory follows its
partitions, not the corpus.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import importlib
import inspect
import itertools
import logging
import operator
import os
import re
import sys
import weakref
from pathlib import Path

import pandas as pd

from .errors import MediacompareError

#: The environment variable that names the scheduler (``tcp://HOST:PORT``) or a local cluster (``local:N``).
ENVIRONMENT = "MEDIACOMPARE_SCHEDULER"
#: Articles per partition of a per-article step: a worker's memory is bounded by this, not by the corpus.
ARTICLES_PER_PARTITION = 500
#: Bytes of a news article as a line of JSON, about (600 words): ``read_articles`` reads a folder in blocks of
#: this many bytes times ``ARTICLES_PER_PARTITION``.
ARTICLE_BYTES = 4096
#: Article pairs per partition of the alignment and quotation-matching steps.
PAIRS_PER_PARTITION = 500
#: Tasks of a mapped step sent to the cluster at a time, per worker thread: a worker holds the data of this many.
IN_FLIGHT = 1
#: How many partial sums ``_total`` adds at once. Adding the term counts of 32 partitions of 2×5,000 generated
#: articles took 16 s two at a time, 10 s four at a time and 6 s eight at a time; the largest addition concatenates
#: no more rows whatever the fan-in (at most the whole sum's).
FAN_IN = 8
#: How many times Dask runs a task again whose worker died.
RETRIES = 3
#: Seconds to wait for a scheduler to answer before saying it does not.
CONNECT_TIMEOUT = 3
#: Entries a worker's per-word caches may hold before they are emptied (a partition of articles uses a few
#: tens of thousands of word types; the corpus, millions).
WORDS_CACHED = 2 ** 16
#: The caches that remember something per text or per word type (``functools.lru_cache``), by module. In one
#: process they save recomputing across steps; on a worker, left alone, they would grow with every article and
#: word type the worker has seen, so ``trim_caches`` empties them when they outgrow a bound.
TEXT_CACHES = {"mediacompare.text": ["sentence_spans"]}
WORD_CACHES = {"mediacompare.text": ["word_type", "has_letter"], "mediacompare.overlap": ["match_key", "key_hash"],
               "mediacompare.stories": ["word_hash", "_content_stem"]}

_entered: list = []        # clients of open ``use`` blocks, innermost last
_clients: dict = {}        # address in the environment → its client, made once per process
_bounded = weakref.WeakKeyDictionary()  # client → the cache bounds its workers were given


class ClusterError(MediacompareError):
    """The Dask scheduler named by --scheduler or MEDIACOMPARE_SCHEDULER does not answer, or the address is malformed."""


def _in_worker() -> bool:
    """Whether this code runs inside a Dask worker (whose tasks must not start tasks of their own)."""
    if "distributed" not in sys.modules:
        return False
    from distributed import get_worker

    try:
        get_worker()
    except ValueError:
        return False
    return True


def _local_workers(address: str) -> int:
    """N of a ``local:N`` address."""
    count = address.removeprefix("local:")
    if not count.isdigit() or int(count) < 1:
        raise ClusterError(f"{ENVIRONMENT}={address}: 'local:' takes a number of worker processes, e.g. local:2")
    return int(count)


def connect(address: str):
    """A ``distributed.Client`` of the scheduler at ``address``, or of a new local cluster for ``local:N``.

    Raises ``ClusterError`` (one line naming the address and the fix) when no
    scheduler answers within ``CONNECT_TIMEOUT`` seconds.
    """
    from distributed import Client, LocalCluster

    if address.startswith("local:"):
        cluster = LocalCluster(n_workers=_local_workers(address), threads_per_worker=1, processes=True,
                               dashboard_address=None)
        made = Client(cluster)
        atexit.register(_close, made, cluster)
        return made
    try:
        return Client(address, timeout=f"{CONNECT_TIMEOUT}s")
    except (OSError, TimeoutError, ValueError, TypeError) as err:
        reason = str(err).splitlines()[0][:120] if str(err) else type(err).__name__
        raise ClusterError(f"no Dask scheduler answers at {address} within {CONNECT_TIMEOUT} s ({reason}) — start one "
                           "(`dask scheduler`), check the address and port, or leave out --scheduler / "
                           f"{ENVIRONMENT} to run in one process") from None


@contextlib.contextmanager
def local_cluster(workers: int):
    """A scheduler and ``workers`` worker processes on 127.0.0.1, as separate processes; yields the scheduler's address.

    What ``--workers N`` starts: separate processes rather than a cluster
    inside this one, so that the notebook kernels, which are other processes,
    can reach it by ``MEDIACOMPARE_SCHEDULER``. All are stopped by their
    process ids when the block ends.
    """
    import json
    import subprocess
    import tempfile
    import time

    dask_command = str(Path(sys.executable).parent / "dask")
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "start_new_session": True}
    with tempfile.TemporaryDirectory(prefix="mediacompare-dask-") as folder:
        info = Path(folder) / "scheduler.json"
        started = [subprocess.Popen([dask_command, "scheduler", "--host", "127.0.0.1", "--port", "0",
                                     "--dashboard-address", "127.0.0.1:0", "--scheduler-file", str(info)], **quiet)]
        try:
            deadline = time.monotonic() + 60
            address = ""
            while not address and started[0].poll() is None and time.monotonic() < deadline:
                time.sleep(0.1)
                with contextlib.suppress(OSError, ValueError):  # not written yet, or half written
                    address = json.loads(info.read_text())["address"]
            if not address:
                raise ClusterError(f"the local Dask scheduler did not start within 60 s — check that `{dask_command}` "
                                   "runs (make setup installs it)")
            started.append(subprocess.Popen([dask_command, "worker", address, "--nworkers", str(workers), "--nthreads", "1",
                                             "--no-dashboard", "--host", "127.0.0.1"], **quiet))
            yield address
        finally:
            stop(started, timeout=30)


def stop(processes, timeout: float) -> None:
    """Stop processes started with ``subprocess.Popen`` by their process ids: SIGTERM, last started first, then
    SIGKILL for any still running after ``timeout`` seconds."""
    import signal
    import subprocess

    for process in reversed(processes):
        if process.poll() is None:
            os.kill(process.pid, signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.kill(process.pid, signal.SIGKILL)
            process.wait()


@contextlib.contextmanager
def cluster(scheduler: str | None = None, workers: int | None = None, log=None):
    """The cluster of ``--scheduler ADDRESS`` or ``--workers N``, made known to child processes for the block.

    ``scheduler`` (default: ``MEDIACOMPARE_SCHEDULER``) must answer within
    ``CONNECT_TIMEOUT`` seconds, or a ``ClusterError`` says so before anything
    runs; ``workers`` (or ``local:N``) starts a local cluster of N processes
    for the block. Inside, ``MEDIACOMPARE_SCHEDULER`` holds the address, so the
    notebook kernels, which inherit the environment, run on that cluster. With
    neither, nothing changes and Dask is not imported. ``log`` (a function of
    a line) is told the cluster's address, its workers and its dashboard.
    """
    if scheduler and workers is not None:
        raise ClusterError("--scheduler and --workers exclude each other — give an existing cluster or a number of "
                           "local worker processes, not both")
    address = scheduler or os.environ.get(ENVIRONMENT, "").strip()
    if workers is None and address.startswith("local:"):
        workers = _local_workers(address)
    if workers is not None and workers < 1:
        raise ClusterError(f"--workers {workers}: give a number of worker processes, at least 1")
    if workers is None and not address:
        yield None
        return
    before = os.environ.get(ENVIRONMENT)
    with contextlib.ExitStack() as stack:
        if workers is not None:
            address = stack.enter_context(local_cluster(workers))
        probe = connect(address)
        if workers is not None:
            probe.wait_for_workers(workers, timeout=120)
        if log is not None:
            log(_described(probe, address))
        probe.close()
        os.environ[ENVIRONMENT] = address
        try:
            yield address
        finally:
            if address in _clients:  # a client this process made for the block goes with it
                _clients.pop(address).close()
            if before is None:
                os.environ.pop(ENVIRONMENT, None)
            else:
                os.environ[ENVIRONMENT] = before


def _described(probe, address: str) -> str:
    """One line on the cluster at ``address``: its workers and where its dashboard is (a scheduler without bokeh
    has none)."""
    info = probe.scheduler_info()
    port = info.get("services", {}).get("dashboard")
    host = address.split("://")[-1].rsplit(":", 1)[0]
    dashboard = f"dashboard at http://{host}:{port}/status" if port else "no dashboard (install bokeh on the scheduler)"
    return f"Dask cluster at {address}: {len(info.get('workers', {}))} worker(s), {dashboard}"


def _close(made, cluster) -> None:
    with contextlib.suppress(Exception):
        made.close()
        cluster.close()


def client():
    """The active ``distributed.Client``, or None: the analyses then run in this process, as without Dask.

    Active: the innermost ``use(client)`` block, else the scheduler named by
    ``MEDIACOMPARE_SCHEDULER`` (connected on first use). Inside a Dask worker, None.
    """
    if _entered:
        return _entered[-1]
    address = os.environ.get(ENVIRONMENT, "").strip()
    if not address or _in_worker():
        return None
    if address not in _clients:
        _clients[address] = connect(address)
    return _clients[address]


def trim_caches(texts: int, words: int) -> None:
    """Empty each cache of ``TEXT_CACHES`` holding more than ``texts`` entries, and of ``WORD_CACHES`` more than
    ``words``: what a worker remembers stays bounded by a partition's texts and words, not the corpus's."""
    for caches, bound in ((TEXT_CACHES, texts), (WORD_CACHES, words)):
        for module, names in caches.items():
            for name in names:
                cached = getattr(importlib.import_module(module), name)
                if cached.cache_info().currsize > bound:
                    cached.cache_clear()


def _with_bounded_caches(dask_client):
    """``dask_client``, its workers told to trim their caches after each task (``trim_caches``) to the texts of two
    partitions of articles and ``WORDS_CACHED`` word types (told again when those bounds change)."""
    bounds = (2 * ARTICLES_PER_PARTITION, WORDS_CACHED)
    if _bounded.get(dask_client) != bounds:
        from distributed import WorkerPlugin

        class BoundedCaches(WorkerPlugin):
            def __init__(self, texts: int, words: int):
                self.texts, self.words = texts, words

            def transition(self, key, start, finish, **kwargs):
                if finish == "memory":
                    trim_caches(self.texts, self.words)

        dask_client.register_plugin(BoundedCaches(*bounds), name="mediacompare-bounded-caches")
        _bounded[dask_client] = bounds
    return dask_client


@contextlib.contextmanager
def use(dask_client):
    """Run the analyses called inside this block on ``dask_client`` (a ``distributed.Client``)."""
    _entered.append(dask_client)
    try:
        yield dask_client
    finally:
        _entered.pop()


def _chunks(table: pd.DataFrame, size: int) -> list[pd.DataFrame]:
    return [table.iloc[i:i + size] for i in range(0, len(table), size)]


def _run(module: str, name: str, part, args: tuple, kwargs: dict):
    """On a worker: the undecorated ``module.name`` (a per-article function is never split again there)."""
    function = getattr(importlib.import_module(module), name)
    return getattr(function, "__wrapped__", function)(part, *args, **kwargs)


def _mapped(dask_client, function, parts: list, sizes: list[int] | None, *args, **kwargs) -> list:
    """``function(part, *args, **kwargs)`` for each part on the cluster; the results, in the order of ``parts``
    (``_finished``)."""
    results = [None] * len(parts)
    for i, result in _finished(dask_client, function, parts, sizes, *args, **kwargs):
        results[i] = result
    return results


def _reduced(dask_client, function, parts: list, sizes: list[int] | None, *args, **kwargs):
    """The sum (``+``) of ``function(part, *args, **kwargs)`` over the parts, run on the cluster (``_finished``):
    the results are added here as they arrive (``_total``), so this process holds a few sums, never all results."""
    return _total(result for _, result in _finished(dask_client, function, parts, sizes, *args, **kwargs))


def _total(items):
    """The sum of ``items`` (at least one), added the way a counter in base ``FAN_IN`` counts: sums are added only
    ``FAN_IN`` at a time and when they hold the same number of items, so each item takes part in about
    log_FAN_IN(n) additions and at most (FAN_IN − 1)·log_FAN_IN(n) sums are held. (Adding each item to one running
    total would add the whole growing sum n times: quadratic, when a sum grows with what it has summed, as counts
    of a vocabulary do.) The sums left at the end are added together in the order of their items."""
    held: list[tuple[int, object]] = []  # (how many items, their sum), the larger first
    for item in items:
        size = 1
        while len(held) >= FAN_IN - 1 and all(count == size for count, _ in held[1 - FAN_IN:]):
            group = [sum_ for _, sum_ in held[1 - FAN_IN:]] + [item]
            del held[1 - FAN_IN:]
            size, item = size * FAN_IN, _sum_of(group)
        held.append((size, item))
    return _sum_of([sum_ for _, sum_ in held])


def _sum_of(sums: list):
    """``sums`` added: in one go by their type's ``sum_of`` class method when it has one (``terms.Counts``: one
    group-by over eight tables costs much less than seven over two), else pairwise with ``+``."""
    adder = getattr(type(sums[0]), "sum_of", None)
    return adder(sums) if adder is not None and len(sums) > 1 else functools.reduce(operator.add, sums)


def _finished(dask_client, function, parts: list, sizes: list[int] | None, *args, **kwargs):
    """``function(part, *args, **kwargs)`` for each part on the cluster: (the part's position, its result) as each
    task finishes.

    A part is data sent from here, or a partition of a Dask table (a
    ``Delayed``), made on the worker. Parts go to the cluster a few at a time
    (``IN_FLIGHT`` per worker thread), the next as one finishes, and each
    result is fetched as soon as its task finishes and let go on the worker:
    so a worker holds the parts and results of a few tasks, whatever the size
    of the corpus. Failed tasks (a worker that died) run again, ``RETRIES``
    times. The progress bar counts the articles (or pairs) of the parts the
    cluster has finished (``sizes``), as the one-process bar counts articles,
    or the partitions when their sizes are not known (None).
    """
    from dask import delayed
    from dask.delayed import Delayed
    from distributed import as_completed
    from tqdm import tqdm

    from . import progress

    def submit(i: int):
        call = (function.__module__, function.__name__, parts[i], args, kwargs)
        with _dask_settings():
            if isinstance(parts[i], Delayed):  # the partition is read (and cleaned) in the task's own graph
                return dask_client.compute(delayed(_run, pure=False)(*call), retries=RETRIES)
            return dask_client.submit(_run, *call, retries=RETRIES, pure=False)

    _with_bounded_caches(dask_client)
    unit, sizes = ("article", sizes) if sizes is not None else ("partition", [1] * len(parts))
    window = max(1, IN_FLIGHT * sum(dask_client.nthreads().values()))
    position, waiting = {}, iter(range(len(parts)))
    # the futures are waited for on their own client's event loop: as_completed's default is the current client's
    # loop, and a future of another client waited for there may never be woken (a hang, seen with two clients)
    running = as_completed(loop=dask_client.loop, with_results=True)
    for i in itertools.islice(waiting, window):
        future = submit(i)
        position[future.key] = i
        running.add(future)
    shown = unit == "partition" or sum(sizes) >= progress.MIN_ARTICLES
    with tqdm(total=sum(sizes), desc=f"{function.__name__} (cluster)", unit=unit, leave=False,
              disable=None if shown else True) as bar:
        for done, result in running:
            i = position.pop(done.key)
            bar.update(sizes[i])
            yield i, result
            for j in itertools.islice(waiting, 1):  # the next part takes the finished one's place
                future = submit(j)
                position[future.key] = j
                running.add(future)


def concatenated(tables: list[pd.DataFrame]) -> pd.DataFrame:
    """The pieces (at least one) one below the other, with a new index; empty pieces are left out so that they
    change no column's dtype."""
    kept = [t for t in tables if len(t)] or tables[:1]
    return pd.concat(kept, ignore_index=True)


def per_article(sort: list[str] | None = None):
    """Decorate a function of an articles table whose result is the concatenation of per-article results.

    With an active client and more than ``ARTICLES_PER_PARTITION`` articles,
    the function runs on the cluster over contiguous partitions of the table and
    the pieces are concatenated in order; ``sort`` names the columns the
    function sorts its result by (stably), so that the whole is sorted the same
    way. A lazy table (``read_articles``) always runs on the cluster, over its
    own partitions, and the whole is sorted by ``sort`` or else by doc_id, as a
    loaded table is. Without a client the function runs as written, and Dask
    is not imported.
    """
    def decorate(function):
        @functools.wraps(function)
        def wrapper(articles, *args, **kwargs):
            if is_lazy(articles):
                return over_partitions(function, articles, sort, *args, **kwargs)
            small = not isinstance(articles, pd.DataFrame) or len(articles) <= ARTICLES_PER_PARTITION
            if small or (active := client()) is None:  # a small table never waits for a scheduler
                return function(articles, *args, **kwargs)
            parts = _chunks(articles, ARTICLES_PER_PARTITION)
            table = concatenated(_mapped(active, function, parts, [len(p) for p in parts], *args, **kwargs))
            return table.sort_values(sort, kind="stable").reset_index(drop=True) if sort else table
        return wrapper
    return decorate


def over_partitions(function, articles, sort: list[str] | None, *args, **kwargs) -> pd.DataFrame:
    """``function(part, *args, **kwargs)`` for each partition of a lazy articles table (``read_articles``), run
    on the cluster; the pieces one below the other, sorted (stably) by ``sort``, or else by doc_id as a loaded
    table is. A step that needs the texts reads them there: they never come here."""
    pieces = _mapped(_required(None), function, *_parts(articles, None, None), *args, **kwargs)
    return concatenated(pieces).sort_values(sort or ["doc_id"], kind="stable").reset_index(drop=True)


def summed(function, articles, outlet_a: str, outlet_b: str, *args):
    """The sum (``+``) of ``function(part, *args)`` over partitions of the two outlets' articles.

    For a function whose results over parts of a corpus add up to its result
    over the whole (counts): the partitions, of ``ARTICLES_PER_PARTITION``
    articles, are counted on the cluster when a client is active and there is
    more than one (or when ``articles`` is ``read_articles``'s lazy table),
    else one after another in this process. Either way only one partition's
    intermediate tables (its tokens, say) are held at a time.
    """
    if is_lazy(articles):
        active = _required(None)
        return _reduced(active, function, *_parts(articles, outlet_a, outlet_b), *args)
    parts = _chunks(articles[articles["outlet"].isin([outlet_a, outlet_b])], ARTICLES_PER_PARTITION)
    if len(parts) > 1 and (active := client()) is not None:
        return _reduced(active, function, parts, [len(part) for part in parts], *args)
    return _total(function(part, *args) for part in parts or [articles.iloc[:0]])


def for_pairs(count: int, articles=None):
    """The active client when ``count`` article pairs fill more than one partition of pairs, or when ``articles``
    is a lazy table (``read_articles``, whose texts are only on the cluster); else None.

    ``overlap.passages`` and ``quotes.match`` ask this, and hand their pairs to
    ``passages`` and ``match`` here when it gives a client: so a notebook run
    with a scheduler aligns and matches on the cluster without a change.
    """
    if is_lazy(articles):
        return _required(None)
    return client() if count > PAIRS_PER_PARTITION else None


def is_lazy(articles) -> bool:
    """Whether ``articles`` is a Dask table (``read_articles``), whose texts are read on the workers only."""
    return type(articles).__module__.split(".")[0] == "dask"


def _required(dask_client):
    """The client to run on: the one given, else the active one; a ClusterError when there is none."""
    active = dask_client or client()
    if active is None:
        raise ClusterError(f"no Dask client: pass one, open `with distributed.use(client):`, or set {ENVIRONMENT} "
                           "(tcp://HOST:PORT, or local:N for N worker processes on this machine)")
    return _with_bounded_caches(active)


@contextlib.contextmanager
def _dask_settings():
    """Dask's settings for the graphs built here.

    - dask.dataframe keeps object columns as they are (by default it makes
      them pyarrow strings), as pandas does.
    - No "Sending large graph" warning: a pandas table's partitions are
      written into the graph on purpose (``_frame``), so that the scheduler can
      make a partition again when its worker dies (data scattered to a worker
      would be lost with it). The warning would only repeat in every report
      cell that a corpus of more than 10 MB of text is sent from here.
    """
    import dask

    with dask.config.set({"dataframe.convert-string": False,
                          "distributed.admin.large-graph-warning-threshold": "1TB"}):
        yield


def _frame(articles, outlet_a: str, outlet_b: str):
    """The two outlets' articles (doc_id, outlet, text) as a Dask frame: a Dask table (``read_articles``) as it is
    partitioned, a pandas table in partitions of ``ARTICLES_PER_PARTITION`` written into the graph. Nothing is
    held: a worker gets a partition when a task needs it and lets it go after, and the scheduler can make it
    again on another worker when its worker dies."""
    import dask.dataframe as dd
    from dask import delayed

    if not is_lazy(articles):
        chosen = articles[articles["outlet"].isin([outlet_a, outlet_b])][["doc_id", "outlet", "text"]]
        return dd.from_delayed([delayed(part, pure=False) for part in _chunks(chosen, ARTICLES_PER_PARTITION) or [chosen]],
                               meta=chosen.iloc[:0], verify_meta=False)
    return articles[articles["outlet"].isin([outlet_a, outlet_b])][["doc_id", "outlet", "text"]]


def _postings(part: pd.DataFrame, n: int) -> pd.DataFrame:
    """The shingle postings (doc_id, hash, outlet) of one partition of articles."""
    from . import stories

    found = stories.shingles.__wrapped__(part, n)
    return found.assign(outlet=found["doc_id"].map(dict(zip(part["doc_id"], part["outlet"]))).astype(object))


def _shared_of_hashes(part: pd.DataFrame, outlet_a: str, outlet_b: str, max_df: int) -> pd.DataFrame:
    """On a worker: for a partition holding every posting of its hashes, the rare hashes each pair shares.

    A hash's document frequency is the size of its group; one used by more
    than ``max_df`` articles (or by one) is left out, then A's postings are
    joined with B's on the hash, as ``stories.candidates`` does.
    """
    frequency = part.groupby("hash")["doc_id"].transform("size")
    part = part[(frequency >= 2) & (frequency <= max_df)]
    joined = part.loc[part["outlet"] == outlet_a, ["doc_id", "hash"]].merge(
        part.loc[part["outlet"] == outlet_b, ["doc_id", "hash"]], on="hash", suffixes=("_a", "_b"))
    return joined.groupby(["doc_id_a", "doc_id_b"]).size().rename("shared").reset_index()


def candidates(articles, outlet_a: str, outlet_b: str, *, n: int = 5, max_df: int = 20, min_shared: int = 1,
               dask_client=None) -> pd.DataFrame:
    """``stories.candidates`` on the cluster: the same table (doc_id_a, doc_id_b, shared), sorted the same way.

    ``articles`` is an articles table, pandas or Dask (``read_articles``). The
    shingle postings are made per partition of articles and shuffled on the
    hash, so that each partition holds all the postings of its hashes; there
    each hash's document frequency is counted, boilerplate dropped and A's
    postings joined with B's (the shuffle join); the pairs' counts of shared
    hashes are then summed over the partitions (a reduction).
    """
    active = _required(dask_client)
    # the scheduler logs each shuffle's start and end as a warning; they are its routine, not a problem
    logging.getLogger("distributed.shuffle").setLevel(logging.ERROR)
    with _dask_settings():
        frame = _frame(articles, outlet_a, outlet_b)
        meta = pd.DataFrame({"doc_id": pd.Series([], dtype=object), "hash": pd.Series([], dtype="uint64"),
                             "outlet": pd.Series([], dtype=object)})
        postings = frame.map_partitions(_postings, n, meta=meta).shuffle("hash")
        pair_meta = pd.DataFrame({"doc_id_a": pd.Series([], dtype=object), "doc_id_b": pd.Series([], dtype=object),
                                  "shared": pd.Series([], dtype="int64")})
        partial = postings.map_partitions(_shared_of_hashes, outlet_a, outlet_b, max_df, meta=pair_meta)
        counted = partial.groupby(["doc_id_a", "doc_id_b"])["shared"].sum()
        shared = active.compute(counted).result().reset_index()
    shared = shared[shared["shared"] >= min_shared].astype({"doc_id_a": "str", "doc_id_b": "str", "shared": "int64"})
    return shared.sort_values(["doc_id_a", "doc_id_b"], kind="stable").reset_index(drop=True)


#: The columns of ``terms.term_counts``, which the partitions' counts are summed by.
_COUNT_COLUMNS = ["outlet", "stem", "token", "count"]


def _term_counts(part: pd.DataFrame, n: int, extra_stopwords) -> pd.DataFrame:
    """On a worker: ``terms.term_counts`` of one partition of articles, with its running words as rows of stem ''."""
    from . import terms, text

    tokens = text.tokens.__wrapped__(part)
    words = terms.running_words(tokens).rename("count").reset_index().assign(stem="", token="")
    return pd.concat([terms.term_counts(tokens, n=n, extra_stopwords=extra_stopwords), words[_COUNT_COLUMNS]],
                     ignore_index=True)


def keyness(articles, outlet_a: str, outlet_b: str, *, n: int = 1, extra_stopwords=None, dask_client=None,
            **options) -> pd.DataFrame:
    """``terms.keyness(text.tokens(articles), ...)`` on the cluster: the same table, sorted the same way.

    Each partition of articles is tokenised and its terms counted on a worker
    (``terms.term_counts``, with its running words); the counts are summed by
    Dask's tree reduction, so only a vocabulary-sized table reaches this
    process, never the tokens. ``articles`` is pandas or Dask (``read_articles``);
    ``options`` are ``keyness``'s (prior, alpha_0, min_count, z_threshold).
    """
    from . import corpus, terms

    active = _required(dask_client)
    if not is_lazy(articles):
        corpus.require_outlets(articles, outlet_a, outlet_b)
    extra = terms.EXTRA_STOPWORDS if extra_stopwords is None else extra_stopwords
    with _dask_settings():
        meta = pd.DataFrame({c: pd.Series([], dtype="int64" if c == "count" else object) for c in _COUNT_COLUMNS})
        counted = _frame(articles, outlet_a, outlet_b).map_partitions(_term_counts, n, frozenset(extra), meta=meta)
        summed = active.compute(counted.groupby(["outlet", "stem", "token"])["count"].sum()).result().reset_index()
    summed = summed.sort_values(["outlet", "stem", "token"], kind="stable").reset_index(drop=True)
    is_words = summed["stem"] == ""
    words = summed[is_words].set_index("outlet")["count"]
    return terms.keyness_of_counts(summed[~is_words], words, outlet_a, outlet_b, **options)


def _passages_part(part, outlet_a: str, outlet_b: str, options: dict) -> pd.DataFrame:
    """On a worker: the passages of one group of pairs, from the articles those pairs name (and their tokens,
    when the caller had them)."""
    from . import overlap, stories

    articles, chosen, tokens = part
    return overlap.passages(articles, outlet_a, outlet_b, pairs=stories.pair_table(chosen), tokens=tokens, **options)


def _each_group(part: pd.DataFrame, module: str, name: str, groups, extras, args: tuple) -> pd.DataFrame:
    """On a worker, for a partition holding whole groups of pairs (their articles, with a column "group"): the
    function ``module.name`` of each group's ``(articles, pairs, extra)``, with the group in a column "_group"."""
    function = getattr(importlib.import_module(module), name)
    results = [function((articles.drop(columns="group"), groups[g], extras.get(g)), *args).assign(_group=g)
               for g, articles in part.groupby("group", sort=True)]
    return concatenated(results) if results else pd.DataFrame({"_group": pd.Series([], dtype="int64")})


def _over_groups(active, articles, outlet_a: str, outlet_b: str, groups: list[list[tuple[str, str]]], function,
                 args: tuple, *, extras: dict | None = None, loose=()) -> list[pd.DataFrame]:
    """``function((articles, pairs, extra), *args)`` for each group of pairs on the cluster, with the articles
    the group's pairs name; the articles in ``loose`` come as groups without pairs, ``ARTICLES_PER_PARTITION``
    at a time. Returns the tables in the order of the groups (the loose ones last); ``extras`` maps a group's
    position to what else its task needs.

    From a pandas table each group's articles are cut here and sent with its
    task. From a Dask table (``read_articles``) they are joined to their
    groups on the workers (a merge on doc_id, then a shuffle into one partition
    per group), so the texts never come to this process; each group's pairs and
    extra go with its own partition's task, so that a worker holds those of the
    groups it works on, not the corpus's.
    """
    import dask.dataframe as dd
    from dask import delayed

    loose = sorted(loose)
    loose_groups = [loose[i:i + ARTICLES_PER_PARTITION] for i in range(0, len(loose), ARTICLES_PER_PARTITION)]
    members = [sorted({d for pair in group for d in pair}) for group in groups] + loose_groups
    groups = list(groups) + [[] for _ in loose_groups]
    extras = extras or {}
    if not is_lazy(articles):
        parts = [(articles[articles["doc_id"].isin(ids)], group, extras.get(g))
                 for g, (ids, group) in enumerate(zip(members, groups))]
        return _mapped(active, function, parts, [len(ids) for ids in members], *args)
    from distributed import Future

    if not members:
        return []
    table = pd.DataFrame([(d, g) for g, ids in enumerate(members) for d in ids], columns=["doc_id", "group"])
    table = table.astype({"doc_id": object})  # as the articles' doc_id, which the merge is on
    # a Dask table's tasks do not resolve futures: what they need goes into the graph, once, as one delayed value
    args = delayed(tuple(a.result() if isinstance(a, Future) else a for a in args))
    with _dask_settings():
        wanted = dd.from_pandas(table, chunksize=ARTICLES_PER_PARTITION, sort=False)
        # without the cleaning log, which no step on pairs reads: the shuffle goes through pyarrow, which cannot
        # convert its lists of (line, content, reason)
        chosen = articles[articles["outlet"].isin([outlet_a, outlet_b])].drop(columns="removed")
        # partition g holds group g: divisions 0, 1, …, G (the last partition holds its upper bound too)
        joined = chosen.merge(wanted, on="doc_id").set_index("group", divisions=list(range(len(members) + 1)))
        pieces = [delayed(_each_group)(part.reset_index(), function.__module__, function.__name__, {g: groups[g]},
                                       {g: extras.get(g)}, args)
                  for g, part in enumerate(joined.to_delayed())]
        found = active.gather(active.compute(pieces))
    tables = {g: rows.drop(columns="_group") for piece in found for g, rows in piece.groupby("_group", sort=False)}
    return [tables[g] for g in sorted(tables)]


class _TokensOf:
    """Rows of a tokens table (sorted by doc_id, as ``text.tokens`` makes it) by article, without a scan per
    partition: each article's rows are one slice."""

    def __init__(self, tokens: pd.DataFrame | None):
        from . import text

        self.tokens = tokens
        self.bounds = {} if tokens is None else text.article_slices(tokens["doc_id"].to_numpy(dtype=object))

    def of(self, doc_ids) -> pd.DataFrame | None:
        """The rows of these articles, in the table's order; None when there is no tokens table."""
        import numpy as np

        if self.tokens is None:
            return None
        spans = sorted(self.bounds[d] for d in doc_ids if d in self.bounds)
        rows = np.concatenate([np.arange(i, j) for i, j in spans]) if spans else np.empty(0, dtype=np.int64)
        return self.tokens.iloc[rows]


def passages(articles, outlet_a: str, outlet_b: str, *, pairs=None, min_tokens: int = 4, max_gap: int = 1,
             tokens: pd.DataFrame | None = None, dask_client=None) -> pd.DataFrame:
    """``overlap.passages`` on the cluster, over groups of ``PAIRS_PER_PARTITION`` article pairs.

    ``articles`` is pandas or Dask (``read_articles``); ``pairs`` as in
    ``overlap.passages`` (a table, or None for the story pairs). Each group's
    task carries only the articles its pairs name, with their rows of
    ``tokens`` when given (the workers then align and do not tokenise again).
    Returns the same table, sorted the same way.
    """
    from . import overlap

    active = _required(dask_client)
    chosen = chosen_pairs(articles, outlet_a, outlet_b, pairs, active)
    groups = [chosen[i:i + PAIRS_PER_PARTITION] for i in range(0, len(chosen), PAIRS_PER_PARTITION)]
    rows = _TokensOf(tokens)
    extras = {g: rows.of({d for pair in group for d in pair}) for g, group in enumerate(groups)} if tokens is not None else None
    pieces = _over_groups(active, articles, outlet_a, outlet_b, groups, _passages_part,
                          (outlet_a, outlet_b, {"min_tokens": min_tokens, "max_gap": max_gap}), extras=extras)
    table = concatenated(pieces) if pieces else pd.DataFrame([], columns=overlap.PASSAGE_COLUMNS)
    return table.sort_values(["doc_id_a", "start_a", "doc_id_b", "start_b"], kind="stable").reset_index(drop=True)


def chosen_pairs(articles, outlet_a: str, outlet_b: str, pairs_table, dask_client=None) -> list[tuple[str, str]]:
    """``stories.chosen_pairs`` for a pandas or a Dask articles table: the story pairs (made on the cluster) when
    ``pairs_table`` is None or "stories", else the pairs of the table given ("all" only for pandas)."""
    from . import stories

    if pairs_table is None or (isinstance(pairs_table, str) and pairs_table == "stories"):
        pairs_table = pairs(articles, outlet_a, outlet_b, dask_client=dask_client)
    if not is_lazy(articles):
        return stories.chosen_pairs(articles, outlet_a, outlet_b, pairs_table)
    if isinstance(pairs_table, str):
        raise MediacompareError(f"pairs='{pairs_table}' is not known for a Dask table — use 'stories' or a table "
                                "from stories.pairs")
    return sorted(zip(pairs_table["doc_id_a"], pairs_table["doc_id_b"]))


def story_groups(chosen: list[tuple[str, str]], size: int) -> list[list[tuple[str, str]]]:
    """The pairs in groups of about ``size``, each connected group of pairs (a story) whole in one of them.

    The connected groups are SciPy's ``connected_components``; a story larger
    than ``size`` is a group of its own.
    """
    import numpy as np
    from scipy import sparse
    from scipy.sparse.csgraph import connected_components

    ids = sorted({d for pair in chosen for d in pair})
    index = {d: i for i, d in enumerate(ids)}
    rows, cols = [index[a] for a, _ in chosen], [index[b] for _, b in chosen]
    graph = sparse.coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(ids), len(ids)))
    _, label = connected_components(graph, directed=False)
    story: dict[int, list[tuple[str, str]]] = {}
    for pair, row in zip(chosen, rows):
        story.setdefault(int(label[row]), []).append(pair)
    groups: list[list[tuple[str, str]]] = [[]]
    for members in story.values():  # in order of each story's first pair
        if groups[-1] and len(groups[-1]) + len(members) > size:
            groups.append([])
        groups[-1].extend(members)
    return [g for g in groups if g]


def _match_part(part, outlet_a: str, outlet_b: str, options: dict) -> pd.DataFrame:
    """On a worker: ``quotes.match`` of the quotations of one group of whole stories (or of articles without a
    pair, matched against nothing)."""
    from .quotes import matching

    articles, chosen, (quotes_table, tokens) = part
    return matching.matched(quotes_table, articles, outlet_a, outlet_b, chosen, tokens=tokens, **options)


def match(quotes_table: pd.DataFrame, articles, outlet_a: str, outlet_b: str, *, pairs=None,
          tokens: pd.DataFrame | None = None, dask_client=None, **options) -> pd.DataFrame:
    """``quotes.match`` on the cluster, over groups of the article pairs that keep each story whole.

    A quotation is only compared with the quotations and text of the articles
    its own article is paired with, which all lie in its story: so each
    group (the pairs of whole stories, with their articles, quotations and
    rows of ``tokens`` when given) gives every quotation of its articles the
    row ``quotes.match`` gives it. Quotations of unpaired articles are matched
    in groups of their own, against nothing. ``articles`` is pandas or Dask
    (``read_articles``); ``options`` are ``quotes.match``'s thresholds.
    Returns the same table, in the same order.
    """
    from .quotes import matching

    options = {**{k: v.default for k, v in inspect.signature(matching.match).parameters.items()
                  if k.endswith(("_threshold", "_words"))}, **options}
    active = _required(dask_client)
    chosen = chosen_pairs(articles, outlet_a, outlet_b, pairs, active)
    both = quotes_table[quotes_table["outlet"].isin([outlet_a, outlet_b])]
    groups = story_groups(chosen, PAIRS_PER_PARTITION) if chosen else []
    paired = {d for pair in chosen for d in pair}
    loose = sorted(set(both["doc_id"]) - paired)
    loose_groups = [set(loose[i:i + ARTICLES_PER_PARTITION]) for i in range(0, len(loose), ARTICLES_PER_PARTITION)]
    rows = _TokensOf(tokens)
    extras = {}
    for g, ids in enumerate([{d for pair in group for d in pair} for group in groups] + loose_groups):
        extras[g] = (both[both["doc_id"].isin(ids)], rows.of(ids))
    pieces = _over_groups(active, articles, outlet_a, outlet_b, groups, _match_part, (outlet_a, outlet_b, options),
                          extras=extras, loose=loose)
    table = concatenated(pieces) if pieces else matching.match_table([])
    # quotes.match's order: A's quotations, then B's, each in the order of the quotes table
    order = pd.concat([both[both["outlet"] == outlet_a], both[both["outlet"] == outlet_b]])
    position = {key: i for i, key in enumerate(zip(order["doc_id"], order["quote_id"]))}
    rank = [position[key] for key in zip(table["doc_id"], table["quote_id"])]
    return table.iloc[sorted(range(len(table)), key=rank.__getitem__)].reset_index(drop=True)


def _aligned_part(part, outlet_a: str, outlet_b: str) -> pd.DataFrame:
    """On a worker: ``overlap.align_sentences`` of one group of whole stories."""
    from . import overlap, stories

    articles, chosen, _ = part
    return overlap.align_sentences(articles, outlet_a, outlet_b, pairs=stories.pair_table(chosen))


def align_sentences(articles, outlet_a: str, outlet_b: str, *, pairs=None, dask_client=None) -> pd.DataFrame:
    """``overlap.align_sentences`` on the cluster, over groups of the article pairs that keep each story whole.

    A sentence of A is matched among the articles its own article is paired
    with, which all lie in its story; so each group (with the articles its
    pairs name) gives its A sentences the rows one process gives them.
    ``articles`` is pandas or Dask (``read_articles``). Returns the same table,
    sorted the same way.
    """
    from . import overlap

    active = _required(dask_client)
    chosen = chosen_pairs(articles, outlet_a, outlet_b, pairs, active)
    groups = story_groups(chosen, PAIRS_PER_PARTITION) if chosen else []
    pieces = _over_groups(active, articles, outlet_a, outlet_b, groups, _aligned_part, (outlet_a, outlet_b))
    table = concatenated(pieces) if pieces else pd.DataFrame([], columns=overlap.ALIGNMENT_COLUMNS)
    return table.sort_values(["doc_id_a", "sent_id_a"], kind="stable").reset_index(drop=True)


#: The columns of an articles table that pairing needs in the driving process (all but the text).
_INDEX_COLUMNS = ["doc_id", "outlet", "title", "published"]


def _stem_counts(part: pd.DataFrame) -> tuple[pd.DataFrame, object, object]:
    """On a worker: one partition's articles without their text, the content stems they use (``stories.pairs``'s
    stems) and each article's count of each (``vectors.stem_counts``)."""
    from . import stories
    from .vectors import stem_counts

    return (part[_INDEX_COLUMNS], *stem_counts(stories.stem_lists(part)))


def _index_of(part: pd.DataFrame) -> pd.DataFrame:
    """On a worker: one partition's articles without their text."""
    return part[_INDEX_COLUMNS]


def _parts(articles, outlet_a: str | None, outlet_b: str | None) -> tuple[list, list[int] | None]:
    """The two outlets' articles (all, when ``outlet_a`` is None) in partitions for ``_mapped``, with their
    sizes: a pandas table cut here into
    partitions of ``ARTICLES_PER_PARTITION`` (sent with the tasks that use them), a Dask table (``read_articles``)
    as its partitions' ``Delayed`` values (read on a worker each time a task uses one; sizes None). No worker keeps
    a partition between tasks."""
    chosen = articles if outlet_a is None else articles[articles["outlet"].isin([outlet_a, outlet_b])]
    if is_lazy(articles):
        with _dask_settings():
            return chosen.to_delayed(), None
    parts = _chunks(chosen, ARTICLES_PER_PARTITION)
    return parts, [len(part) for part in parts]


def _partitions(active, articles, outlet_a: str, outlet_b: str) -> tuple[list, list[int] | None, pd.DataFrame]:
    """``_parts`` and, here, their index: the articles table without the text, with the number of each article's
    partition (a Dask table's index is read on the workers, once)."""
    from . import corpus

    parts, sizes = _parts(articles, outlet_a, outlet_b)
    indexes = [part[_INDEX_COLUMNS] for part in parts] if sizes is not None else _mapped(active, _index_of, parts, None)
    index = concatenated([part.assign(partition=i) for i, part in enumerate(indexes)] or [pd.DataFrame(columns=_INDEX_COLUMNS)])
    corpus.require_outlets(index, outlet_a, outlet_b)
    return parts, sizes, index


def pairs(articles, outlet_a: str, outlet_b: str, *, dask_client=None, **options) -> pd.DataFrame:
    """``stories.pairs`` on the cluster: the same table. ``options`` are its thresholds, all of them.

    ``articles`` is pandas or Dask (``read_articles``: the texts never come to
    this process); options not given take ``stories.pairs``'s defaults. Each
    partition of articles passes through a worker twice, and no worker keeps
    one after its task: once for its content stems, which come back as a
    sparse count per article (a few hundred numbers each, with the
    partition's stems), and once for its 5-gram shingles, in ``candidates``'s
    shuffle join. Here the counts make the document frequencies, the idf and
    the TF-IDF rows, for the product over rare stems and the cosines of the
    pairs kept (``stories.pairs_of``, as in one process, so the two give the
    same numbers).
    """
    from . import corpus, stories
    from .vectors import Vectors, joined_counts, row_cosines

    active = _required(dask_client)
    defaults = {k: v.default for k, v in inspect.signature(stories.pairs).parameters.items()
                if v.kind is inspect.Parameter.KEYWORD_ONLY}
    options = {**defaults, **options}
    pieces = _mapped(active, _stem_counts, *_parts(articles, outlet_a, outlet_b))
    index = concatenated([part for part, _, _ in pieces] or [pd.DataFrame(columns=_INDEX_COLUMNS)])
    corpus.require_outlets(index, outlet_a, outlet_b)
    frequency, counts = joined_counts([(used, counted) for _, used, counted in pieces])
    chosen = index.sort_values("doc_id", kind="stable").reset_index(drop=True)
    order = pd.Index(index["doc_id"]).get_indexer(chosen["doc_id"])
    tfidf = Vectors.of_counts(frequency, len(chosen), list(chosen["doc_id"]), counts[order]).rows[True]
    row_of = {d: i for i, d in enumerate(chosen["doc_id"])}
    is_a = (chosen["outlet"] == outlet_a).to_numpy()
    product = stories.rare_product(tfidf, frequency, is_a, options["max_term_df"])
    reused = candidates(articles, outlet_a, outlet_b, n=options["n"], max_df=options["max_df"], min_shared=1,
                        dask_client=active)

    def scores(ids_a, ids_b):
        return row_cosines(tfidf, [row_of[d] for d in ids_a], [row_of[d] for d in ids_b])

    return stories.pairs_of(chosen, outlet_a, outlet_b, product, reused, scores, **options)


def _spans_of(table: pd.DataFrame, side: str, doc_ids: set) -> dict:
    """The passages' character spans on ``side`` of the articles in ``doc_ids``, by doc_id."""
    from . import overlap

    return overlap.spans_by_doc(table[table[f"doc_id_{side}"].isin(doc_ids)], side)


def _summary_counts(part: tuple[pd.DataFrame, dict, dict], outlet_a: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """On a worker, for one partition of articles with the spans of their passages (``found``: all, ``on_pairs``:
    on the pairs compared; by side, then doc_id): the content stems' uses and document frequencies by outlet
    (outlet, stem, count, docs), and each article's words and words inside passages (doc_id, outlet, words,
    covered, covered_on_pairs)."""
    from . import overlap

    articles, found, on_pairs = part
    docs = overlap.word_sequences(articles)
    uses = pd.DataFrame([(outlet, stem, doc_id) for doc_id, outlet in zip(articles["doc_id"], articles["outlet"])
                         for stem in docs[doc_id].stems], columns=["outlet", "stem", "doc_id"])
    stems = pd.DataFrame({"count": uses.groupby(["outlet", "stem"]).size(),
                          "docs": uses.drop_duplicates(["doc_id", "stem"]).groupby(["outlet", "stem"]).size()})
    per_doc = []
    for doc_id, outlet in zip(articles["doc_id"], articles["outlet"]):
        side = "a" if outlet == outlet_a else "b"
        per_doc.append((doc_id, outlet, len(docs[doc_id].keys), overlap.covered_words(docs[doc_id], found[side].get(doc_id, [])),
                        overlap.covered_words(docs[doc_id], on_pairs[side].get(doc_id, []))))
    return stems, pd.DataFrame(per_doc, columns=["doc_id", "outlet", "words", "covered", "covered_on_pairs"])


def _summed_counts(*pieces: tuple[pd.DataFrame, pd.DataFrame]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Several partitions' ``_summary_counts`` as one: stem counts added up, articles one below the other."""
    stems = pd.concat([p[0] for p in pieces]).groupby(level=["outlet", "stem"]).sum()
    return stems, pd.concat([p[1] for p in pieces], ignore_index=True)


def _shingle_sides(part: pd.DataFrame, outlet_a: str, max_n: int) -> pd.DataFrame:
    """On a worker: the distinct word n-gram hashes (n = 1 … ``max_n``) of one partition of articles, with the side
    that uses them (1: A, 2: B)."""
    import numpy as np

    from . import overlap

    docs = overlap.word_sequences(part)
    pieces = [pd.DataFrame({"n": np.int8(n), "hash": hashes, "side": np.int8(1 if outlet == outlet_a else 2)})
              for doc_id, outlet in zip(part["doc_id"], part["outlet"])
              for n, hashes in overlap.shingle_hashes(docs[doc_id], max_n).items()]
    empty = pd.DataFrame({"n": pd.Series([], dtype="int8"), "hash": pd.Series([], dtype="uint64"),
                          "side": pd.Series([], dtype="int8")})
    return pd.concat([empty, *pieces], ignore_index=True).drop_duplicates()


def _sides_counted(part: pd.DataFrame) -> pd.DataFrame:
    """On a worker, for a partition holding every row of its hashes: per n, the hashes A uses, B uses, both use."""
    side = part.drop_duplicates().groupby(["n", "hash"])["side"].sum()  # 1: A only, 2: B only, 3: both
    n = side.index.get_level_values("n")
    return pd.DataFrame({"n": n, "in_a": (side != 2).to_numpy(dtype="int64"), "in_b": (side != 1).to_numpy(dtype="int64"),
                         "both": (side == 3).to_numpy(dtype="int64")}).groupby("n", as_index=False).sum()


def _pair_summary_part(part, vectors_of: tuple, max_n: int) -> pd.DataFrame:
    """On a worker: the "articles" rows of ``overlap.summary`` of one group of pairs, with its passages."""
    from . import overlap
    from .vectors import Vectors

    articles, chosen, passages_table = part
    docs = overlap.word_sequences(articles)
    frequency, n_docs = vectors_of
    vectors = Vectors(frequency, n_docs, {d: docs[d].stems for d in docs})
    return pd.DataFrame(overlap.pair_summary(docs, vectors, chosen, passages_table, max_n),
                        columns=overlap.SUMMARY_COLUMNS[:-1], dtype=object)  # n stays a whole number or None


def summary(articles, outlet_a: str, outlet_b: str, *, pairs=None, max_n: int = 5, min_tokens: int = 4,
            passages_table: pd.DataFrame | None = None, dask_client=None) -> pd.DataFrame:
    """``overlap.summary`` on the cluster: the same table, in the same order.

    ``articles`` is pandas or Dask (``read_articles``). The pairs to measure
    copy rates on come from ``candidates`` (the shuffle join) and their
    passages from ``passages``. Per partition of articles (``_partitions``:
    no worker keeps one between tasks), the content stems' counts and
    document frequencies (summed here: the idf and each outlet's pooled vector
    are made of them) and each article's words inside passages; the shingles
    shared by the two outlets are counted after a shuffle on their hash; each
    group of pairs gets its article-pair rows with the idf sent to it. Only
    vocabulary-sized and article-sized tables reach this process.
    ``passages_table`` as in ``overlap.summary``: only the pairs it does not
    cover are aligned.
    """
    import numpy as np
    from dask import delayed
    from dask.delayed import Delayed
    from scipy import sparse

    from . import overlap, stories
    from .vectors import Vectors

    active = _required(dask_client)
    chosen = chosen_pairs(articles, outlet_a, outlet_b, pairs, active)
    partitions, sizes, index = _partitions(active, articles, outlet_a, outlet_b)
    ids = {side: sorted(index.loc[index["outlet"] == outlet, "doc_id"]) for side, outlet in (("a", outlet_a), ("b", outlet_b))}
    reuse = candidates(articles, outlet_a, outlet_b, min_shared=1, dask_client=active)
    copy_pairs = sorted(set(chosen) | set(zip(reuse["doc_id_a"], reuse["doc_id_b"])))
    known = [] if passages_table is None else chosen
    found = passages(articles, outlet_a, outlet_b, pairs=stories.pair_table(sorted(set(copy_pairs) - set(known))),
                     min_tokens=min_tokens, dask_client=active)
    if passages_table is not None:
        found = concatenated([passages_table[overlap.PASSAGE_COLUMNS], found])
    shared = overlap.on_pairs(found, chosen)

    parts = []
    for number, partition in enumerate(partitions):
        in_part = set(index.loc[index["partition"] == number, "doc_id"])
        spans = ({s: _spans_of(found, s, in_part) for s in "ab"}, {s: _spans_of(shared, s, in_part) for s in "ab"})
        parts.append(delayed((partition, *spans)) if isinstance(partition, Delayed) else (partition, *spans))
    stems, per_doc = _summed_counts(*_mapped(active, _summary_counts, parts, sizes, outlet_a))
    with _dask_settings():
        meta = pd.DataFrame({"n": pd.Series([], dtype="int8"), "hash": pd.Series([], dtype="uint64"),
                             "side": pd.Series([], dtype="int8")})
        sides = _frame(articles, outlet_a, outlet_b).map_partitions(_shingle_sides, outlet_a, max_n, meta=meta).shuffle("hash")
        count_meta = pd.DataFrame({c: pd.Series([], dtype="int8" if c == "n" else "int64") for c in ("n", "in_a", "in_b", "both")})
        counted = sides.map_partitions(_sides_counted, meta=count_meta).groupby("n")[["in_a", "in_b", "both"]].sum()
        shingles = active.compute(counted).result()
    shingles = {n: tuple(int(shingles.loc[n, c]) if n in shingles.index else 0 for c in ("in_a", "in_b", "both"))
                for n in range(1, max_n + 1)}

    frequency = stems["docs"].groupby(level="stem").sum().sort_index().astype("int64")
    frequency.index.name = None
    n_docs = len(index)
    vectors = Vectors(frequency, n_docs, {})
    pooled = {}
    for side, outlet in (("a", outlet_a), ("b", outlet_b)):
        uses = stems.xs(outlet, level="outlet")["count"] if outlet in stems.index.get_level_values("outlet") else pd.Series(dtype="int64")
        row = np.zeros((1, len(frequency)))
        row[0, vectors.vocabulary.get_indexer(uses.index)] = uses.to_numpy(dtype=float)
        pooled[side] = sparse.csr_matrix(row)
    per_doc = per_doc.set_index("doc_id")
    vocabulary = [set(stems.xs(o, level="outlet").index) if o in stems.index.get_level_values("outlet") else set()
                  for o in (outlet_a, outlet_b)]
    rows = [("outlets", "*", "*", measure, n, value) for measure, n, value in overlap.measures(
        overlap.in_common(*vocabulary), shingles,
        tuple(int(per_doc.loc[ids[s], "covered_on_pairs"].sum()) for s in "ab"),
        tuple(int(per_doc.loc[ids[s], "words"].sum()) for s in "ab"),
        lambda idf: vectors.cosine(pooled["a"], pooled["b"], idf))]

    groups = [chosen[i:i + PAIRS_PER_PARTITION] for i in range(0, len(chosen), PAIRS_PER_PARTITION)]
    extras = {}
    for g, group in enumerate(groups):
        keys = set(group)
        extras[g] = shared[[k in keys for k in zip(shared["doc_id_a"], shared["doc_id_b"])]]
    vectors_of = active.scatter((frequency, n_docs), broadcast=True, hash=False)  # the idf, sent to each worker once
    for piece in _over_groups(active, articles, outlet_a, outlet_b, groups, _pair_summary_part, (vectors_of, max_n),
                              extras=extras):
        rows += list(piece.itertuples(index=False, name=None))
    for side in "ab":
        for doc_id in ids[side]:
            a, b = (doc_id, "*") if side == "a" else ("*", doc_id)
            rows.append(("article", a, b, f"copy rate {side}", None,
                         overlap.share(int(per_doc.loc[doc_id, "covered"]), int(per_doc.loc[doc_id, "words"]))))
    return overlap.summary_table(rows)


def _articles(records: list[tuple[dict, str]]) -> pd.DataFrame:
    """On a worker: the articles table of one partition's ``(record, where)`` pairs, cleaned by ``corpus.from_texts``."""
    from . import corpus
    from .errors import ManifestError

    for record, where in records:
        if not str(record.get("doc_id") or "").strip():
            raise ManifestError(f"{where}: a record has no doc_id — in a folder of files every record needs its own "
                                "doc_id, unique across the files")
    return corpus.from_texts([record for record, _ in records])


#: What ``errors="surrogateescape"`` makes of a byte that is not UTF-8.
_UNDECODED = re.compile("[\udc80-\udcff]")


def _cleaned(lines: list[tuple[str, str]]) -> pd.DataFrame:
    """On a worker: the articles of one partition of JSON lines, given as ``(line, path)``."""
    from . import corpus
    from .errors import ArticleError

    records = []
    for line, path in lines:
        if not line.strip():
            continue
        if _UNDECODED.search(line):
            raise ArticleError(f"{corpus.shown(path)}: a line holds bytes that are not UTF-8 — re-save the file as UTF-8")
        records.append((corpus.json_record(line, f"{path}: a line"), path))
    return _articles(records)


def _cleaned_frame(part: pd.DataFrame) -> pd.DataFrame:
    """On a worker: the articles of one partition of a Parquet corpus (a missing value is an empty field)."""
    rows = part.astype(object).where(part.notna(), None).to_dict("records")
    return _articles([(row, "a Parquet file of the folder") for row in rows])


def read_articles(folder, *, blocksize: int | str | None = None):
    """A folder of ``*.jsonl`` (or ``*.parquet``) files with the text inline, as a lazy Dask articles table.

    Nothing is read until a computation asks for it; each partition (about
    ``blocksize`` of JSON lines, or a Parquet row group) is cleaned on a worker
    with ``corpus.from_texts``, so the corpus never has to fit in one process.
    The default blocksize is ``ARTICLE_BYTES`` × ``ARTICLES_PER_PARTITION``:
    about as many news articles as a partition of a pandas table holds.
    Every record needs outlet, text and a doc_id unique across the files.
    Returns a dask.dataframe.DataFrame with the articles table's columns.
    """
    import dask.bag as db
    import dask.dataframe as dd
    from dask import delayed

    from . import corpus
    from .errors import ManifestError

    folder = Path(folder)
    lines, tables = sorted(folder.glob("*.jsonl")), sorted(folder.glob("*.parquet"))
    if not folder.is_dir() or not (lines or tables):
        raise ManifestError(f"{corpus.shown(folder)}: no *.jsonl or *.parquet files in this folder — give a folder of "
                            "JSON-lines or Parquet files with the text inline, a .csv manifest or a .jsonl file")
    meta = corpus.from_texts([])
    with _dask_settings():
        if lines:
            # bytes that are not UTF-8 are kept as lone surrogates, so that ``_cleaned`` names the file they are in
            bag = db.read_text([str(p) for p in lines], blocksize=blocksize or ARTICLE_BYTES * ARTICLES_PER_PARTITION,
                               include_path=True, errors="surrogateescape")
            return dd.from_delayed([delayed(_cleaned)(part) for part in bag.to_delayed()], meta=meta, verify_meta=False)
        return dd.read_parquet([str(p) for p in tables]).map_partitions(_cleaned_frame, meta=meta)
