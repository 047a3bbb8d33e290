"""Run the notebooks for a comparison with papermill and turn them into HTML reports.

``run(comparison, reports)`` executes every ``notebooks/NN_*.ipynb`` with the
comparison's parameters, each in its own process (papermill changes the working
folder of the whole process), converts each executed notebook to
``reports/<name>/NN_*.html`` in this process as soon as it is done (each page's
tables go as CSV into ``reports/<name>/NN_*_tables/``, beside it), and writes
a ``status.json`` ("running" before the notebooks start, "done" at the end) and
``reports/index.html``. A notebook that fails is reported, its partial output
kept, and the others still run. ``refresh_notebooks()`` re-executes the
committed notebooks in place with their default parameters: the nbval baseline.

papermill, nbformat, nbconvert and the analysis modules are imported where they
are used, so that ``mediacompare list`` and ``--help`` start at once.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import tempfile
import threading
import tomllib
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass
from pathlib import Path

from .errors import ConfigError, MediacompareError, NotebookError, OutletError
from .paths import COMPARISONS, NOTEBOOKS, REPORTS, portable, shown

#: The Jupyter kernel the notebooks run in: the project's environment, installed by ``make setup``.
KERNEL = "mediacompare"
#: A cell with this tag holds a notebook's findings; its HTML output is repeated on the index page.
FINDINGS_TAG = "findings"


@dataclass(frozen=True)
class Comparison:
    """Two outlets of one corpus, compared under a name used for the report folder, with a title for the reader."""

    name: str
    manifest: Path
    outlet_a: str
    outlet_b: str
    title: str = ""

    @property
    def heading(self) -> str:
        """The title the reader sees: the given one, or the two outlets' names."""
        return self.title or f"{self.outlet_a} and {self.outlet_b}"

    def parameters(self) -> dict:
        """The papermill parameters every notebook takes (``tables_dir``, one per page, is added by ``run``)."""
        return {"manifest": str(self.manifest), "outlet_a": self.outlet_a, "outlet_b": self.outlet_b, "title": self.title}


@dataclass(frozen=True)
class NotebookResult:
    """How one notebook of a comparison went: its report file, the error if it failed, its findings as HTML."""

    notebook: str
    title: str
    html: str
    ok: bool
    error: str = ""
    findings: str = ""


def comparisons(config: Path = COMPARISONS) -> tuple[str, dict[str, Comparison]]:
    """The default comparison's name and every comparison in a comparisons file (``comparisons.toml``)."""
    if not config.is_file():
        raise ConfigError(f"{shown(config)}: not found — it lists the comparisons by name (see the README)")
    try:
        data = tomllib.loads(config.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"{shown(config)}: not valid TOML ({err}) — fix the file") from None
    found = {}
    for name, entry in data.get("comparisons", {}).items():
        missing = [k for k in ("manifest", "outlet_a", "outlet_b") if k not in entry]
        if missing:
            raise ConfigError(f"{shown(config)}: comparison '{name}' lacks {', '.join(missing)} — add them")
        found[name] = Comparison(name, (config.parent / entry["manifest"]).resolve(), entry["outlet_a"],
                                 entry["outlet_b"], entry.get("title", ""))
    return data.get("default", next(iter(found), "")), found


def comparison(name: str | None = None, config: Path = COMPARISONS) -> Comparison:
    """The comparison called ``name`` (the default one when None)."""
    default, found = comparisons(config)
    name = name or default
    if name not in found:
        raise ConfigError(f"comparison '{name}' is not in {shown(config)} (it has: {', '.join(found)}) — check the name")
    return found[name]


def notebooks(folder: Path = NOTEBOOKS) -> list[Path]:
    """The suite's notebooks in reading order (``NN_name.ipynb``)."""
    return sorted(folder.glob("[0-9][0-9]_*.ipynb"))


def notebook_title(nb) -> str:
    """The first heading of a notebook (a ``NotebookNode``), or ''."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return ""


def notebook_findings(nb) -> str:
    """The HTML outputs of the cells tagged ``findings`` in an executed notebook, joined; '' when there are none."""
    return "".join(
        "".join(output["data"]["text/html"]) if isinstance(output["data"]["text/html"], list) else output["data"]["text/html"]
        for cell in nb.cells if FINDINGS_TAG in cell.metadata.get("tags", [])
        for output in cell.get("outputs", []) if "text/html" in output.get("data", {})
    )


def write_atomic(path: Path, content: str) -> None:
    """Write ``content`` to ``path`` through a temporary file in the same folder, so no reader sees half a file."""
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, prefix=f".{path.name}.",
                                     suffix=".tmp", delete=False) as tmp:
        try:
            tmp.write(content)
        except BaseException:  # a full disk or Ctrl-C: no half-written temporary file is left behind
            os.unlink(tmp.name)
            raise
    os.chmod(tmp.name, 0o644)  # NamedTemporaryFile makes it private; a report is for sharing
    os.replace(tmp.name, path)


def _tidy(nb):
    """Drop papermill's timestamps so that re-running changes only what really changed."""
    nb.metadata.pop("papermill", None)
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
    return nb


def _failure(name: str, err) -> str:
    """Which notebook failed, where, and with what error, in one line."""
    if not hasattr(err, "ename"):  # the kernel died or a cell timed out: nbclient's errors carry no cell
        return f"notebook {name} stopped ({err.__class__.__name__}: {str(err).strip().splitlines()[0][:120]})"
    first_line = (err.source.strip().splitlines() or [""])[0][:80]
    return f"notebook {name} failed ({err.ename}: {err.evalue}) in the cell that starts `{first_line}`"


#: Set in a worker process once Ctrl-C has reached it, so that it skips the notebooks it is handed after that.
_interrupted = False


def _papermill(source: str, output: str, parameters: dict) -> str:
    """Execute ``source`` into ``output`` with papermill; return the one-line error, or '' when it ran through."""
    import papermill
    from nbclient.exceptions import CellTimeoutError, DeadKernelError
    from papermill.exceptions import PapermillExecutionError
    from traitlets.config import Config

    global _interrupted
    # kernels started at once by several workers race for TCP ports ("Address already in use"): on POSIX each
    # talks over Unix sockets in a folder of its own instead, so no two can collide
    with tempfile.TemporaryDirectory(prefix="mediacompare-kernel-") as sockets:
        transport = {"KernelManager": {"transport": "ipc", "ip": os.path.join(sockets, "kernel")}} if os.name == "posix" else {}
        try:
            papermill.execute_notebook(
                source, output, parameters=parameters, kernel_name=KERNEL, language="python",
                cwd=str(Path(source).parent), progress_bar=False, log_output=False, config=Config(transport),
                # once its last cell has answered, the kernel is stopped at once: a graceful exit tears down all it
                # imported (NLTK, SciPy, pandas), about 0.8 s of CPU per seed notebook, for nothing the report keeps
                shutdown_kernel="immediate",
            )
        except (PapermillExecutionError, DeadKernelError, CellTimeoutError) as err:
            return _failure(Path(source).name, err)
        except KeyboardInterrupt:  # papermill has shut the kernel down; this worker's next notebooks are not run
            _interrupted = True
            return f"notebook {Path(source).name} was interrupted"
    return ""


def _execute_notebook(source: str, output: str, parameters: dict) -> tuple[str, str, str]:
    """Execute one notebook (in a worker process) and write it tidied to ``output``.

    Returns ``(title, error, findings)``: the notebook's first heading, a
    one-line error ('' when it ran through) and its findings as HTML.
    """
    import nbformat

    if _interrupted:
        error = f"notebook {Path(source).name} was not run: the report was interrupted"
    else:
        error = _papermill(source, output, parameters)
    nb = _tidy(nbformat.read(output if Path(output).exists() else source, as_version=4))
    nbformat.write(nb, output)
    return notebook_title(nb) or Path(source).stem, error, notebook_findings(nb)


def _require_kernel() -> None:
    """Stop with one line when the project's Jupyter kernel is not installed."""
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        KernelSpecManager().get_kernel_spec(KERNEL)
    except NoSuchKernel:
        raise NotebookError(f"the Jupyter kernel '{KERNEL}' is not installed — run `make setup` (it runs "
                            f"`python -m ipykernel install --sys-prefix --name {KERNEL}`)") from None


def _quiet_worker() -> None:
    """Send a worker's stderr, and so its kernels', nowhere.

    What goes wrong comes back to this process as a value (the one-line error
    of a failed notebook, or the exception of a bug); what the machinery logs
    meanwhile ("KeyboardInterrupt caught in kernel" at every shutdown,
    asyncio's leftovers after Ctrl-C) would only clutter the terminal.
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    os.close(devnull)


def _executed_in_parallel(jobs: list[tuple[Path, Path, dict]], done) -> None:
    """Run ``(source, output, parameters)`` jobs in worker processes, one per core at most.

    ``done(source, output, title, error, findings)`` is called in this process
    as each notebook finishes, in the order they finish.
    """
    # imported once here rather than once per worker: the forked workers start with it (papermill brings nbformat
    # and jsonschema's format checkers, seconds of CPU on a machine with few cores)
    import papermill  # noqa: F401

    # fork: the workers start with this process's imports; ProcessPoolExecutor forks them all before its own thread.
    # A caller that runs threads of its own (a Jupyter kernel, a Dask client) gets fresh interpreters instead: a fork
    # copies only the forking thread, with whatever locks and sockets the others held
    forkable = "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1
    method = "fork" if forkable else "spawn"
    workers = min(len(jobs), os.cpu_count() or 1)
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context(method),
                             initializer=_quiet_worker) as pool:
        futures = {pool.submit(_execute_notebook, str(src), str(out), params): (src, out) for src, out, params in jobs}
        try:
            for future in as_completed(futures):
                done(*futures[future], *future.result())
        except KeyboardInterrupt:  # Ctrl-C reached the workers too: they stop their notebook and skip the rest
            pool.shutdown(cancel_futures=True)
            raise


def _status(comp: Comparison, state: str, counts: dict, results: list[NotebookResult]) -> str:
    return json.dumps({
        "name": comp.name, "title": comp.heading, "state": state,
        "outlet_a": comp.outlet_a, "outlet_b": comp.outlet_b, "articles": counts,
        "manifest": portable(comp.manifest), "notebooks": [asdict(r) for r in results],
    }, indent=2, ensure_ascii=False)


def run(comp: Comparison, reports: Path = REPORTS, *, sources: list[Path] | None = None, log=print) -> list[NotebookResult]:
    """Build the HTML reports of one comparison; return how each notebook went, in reading order.

    The outlets and the corpus are checked first, so a user's mistake stops the
    run with one clear error before any notebook starts. ``log`` gets one line
    per notebook as it finishes.
    """
    from . import corpus, render

    if comp.outlet_a == comp.outlet_b:
        raise OutletError(f"comparison '{comp.name}' names '{comp.outlet_a}' as both outlets — "
                          "compare two different outlets")
    _, listed = corpus.two_outlets(comp.manifest, comp.outlet_a, comp.outlet_b)  # a folder on a cluster stays there
    counts = {o: int((listed["outlet"] == o).sum()) for o in (comp.outlet_a, comp.outlet_b)}
    _require_kernel()
    sources = sources or notebooks()
    target = reports / comp.name
    try:
        (target / "notebooks").mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise MediacompareError(f"{shown(reports)}: cannot write the reports there ({err.strerror}) — "
                                "give another folder with --out") from None
    write_atomic(target / "status.json", _status(comp, "running", counts, []))
    write_atomic(reports / "index.html", render.index_html(reports))
    finished = {}

    def done(source, executed, title, error, findings):
        page = target / f"{source.stem}.html"
        write_atomic(page, render.notebook_html(executed, f"{title} — {comp.heading}"))
        if error:  # the terminal gets where the executed notebook is; the index links it
            log(f"error: {error} — what it printed is in {shown(executed)}")
        finished[source] = NotebookResult(source.name, title, page.name, not error, error, findings)
        log(f"{comp.name}: {source.name} {'failed' if error else 'done'} ({len(finished)}/{len(sources)})")
        write_atomic(target / "status.json", _status(comp, "running", counts, [finished[s] for s in sources if s in finished]))

    # each page's tables are written as CSV into a folder beside it, which the page links: NN_name_tables/
    jobs = [(s, target / "notebooks" / s.name, dict(comp.parameters(), tables_dir=str(target / f"{s.stem}_tables")))
            for s in sources]
    _executed_in_parallel(jobs, done)
    results = [finished[s] for s in sources]
    write_atomic(target / "status.json", _status(comp, "done", counts, results))
    write_atomic(reports / "index.html", render.index_html(reports))
    return results


def refresh_notebooks(sources: list[Path] | None = None, log=print) -> None:
    """Re-execute the committed notebooks in place with their default parameters (the nbval baseline)."""
    _require_kernel()
    failed = []

    def done(source, _output, _title, error, _findings):
        log(f"error: {error}" if error else f"refreshed {source.name}")
        failed.extend([source.name] if error else [])

    _executed_in_parallel([(s, s, {}) for s in sources or notebooks()], done)
    if failed:
        raise NotebookError(f"{', '.join(sorted(failed))} failed — open the notebook to see the traceback")
