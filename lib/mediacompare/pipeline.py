"""Run the notebooks for a comparison with papermill and turn them into HTML reports.

``run(comparison, reports)`` executes every ``notebooks/NN_*.ipynb`` with the
comparison's parameters, writes ``reports/<name>/NN_*.html`` (and the executed
notebooks beside them), a ``status.json``, and ``reports/index.html``. A
notebook that fails is reported, its partial output kept, and the others still
run. ``refresh_notebooks()`` re-executes the committed notebooks in place with
their default parameters: the nbval baseline.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import asdict, dataclass
from pathlib import Path

import nbformat
import papermill
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from papermill.exceptions import PapermillExecutionError

from . import corpus, render
from .errors import ConfigError, NotebookError
from .paths import COMPARISONS, NOTEBOOKS, REPORTS

KERNEL = "python3"
#: How a notebook run can fail: an error in a cell, the kernel dying, a cell running too long.
NOTEBOOK_FAILURES = (PapermillExecutionError, DeadKernelError, CellTimeoutError)


@dataclass(frozen=True)
class Comparison:
    """Two outlets of one corpus, compared under a name used for the report folder."""

    name: str
    manifest: Path
    outlet_a: str
    outlet_b: str
    title: str = ""

    def parameters(self) -> dict:
        """The papermill parameters every notebook takes."""
        return {"manifest": str(self.manifest), "outlet_a": self.outlet_a, "outlet_b": self.outlet_b}


@dataclass(frozen=True)
class NotebookResult:
    """How one notebook of a comparison went: its report file, and the error if it failed."""

    notebook: str
    title: str
    html: str
    ok: bool
    error: str = ""


def comparisons(config: Path = COMPARISONS) -> tuple[str, dict[str, Comparison]]:
    """The default comparison's name and every comparison in ``comparisons.toml``."""
    if not config.is_file():
        raise ConfigError(f"{corpus.shown(config)}: not found — it lists the comparisons by name (see the README)")
    try:
        data = tomllib.loads(config.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"{corpus.shown(config)}: not valid TOML ({err}) — fix the file") from None
    found = {}
    for name, entry in data.get("comparisons", {}).items():
        missing = [k for k in ("manifest", "outlet_a", "outlet_b") if k not in entry]
        if missing:
            raise ConfigError(f"{corpus.shown(config)}: comparison '{name}' lacks {', '.join(missing)} — add them")
        found[name] = Comparison(name, (config.parent / entry["manifest"]).resolve(), entry["outlet_a"],
                                 entry["outlet_b"], entry.get("title", name))
    return data.get("default", next(iter(found), "")), found


def comparison(name: str | None = None, config: Path = COMPARISONS) -> Comparison:
    """The comparison called ``name`` (the default one when None)."""
    default, found = comparisons(config)
    name = name or default
    if name not in found:
        raise ConfigError(f"comparison '{name}' is not in {corpus.shown(config)} (it has: {', '.join(found)}) — check the name")
    return found[name]


def notebooks(folder: Path = NOTEBOOKS) -> list[Path]:
    """The suite's notebooks in reading order (``NN_name.ipynb``)."""
    return sorted(folder.glob("[0-9][0-9]_*.ipynb"))


def notebook_title(path: Path) -> str:
    """The first heading of a notebook, or its file name."""
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return path.stem


def _tidy(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Drop papermill's timestamps so that re-running changes only what really changed."""
    nb.metadata.pop("papermill", None)
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
    return nb


def _execute(source: Path, output: Path, parameters: dict) -> None:
    papermill.execute_notebook(
        str(source), str(output), parameters=parameters, kernel_name=KERNEL,
        cwd=str(source.parent), progress_bar=False, log_output=False,
        # the kernel's own start-up warning (a local kernel over TCP without encryption) is noise on the terminal;
        # errors in the notebook's cells are outputs of the notebook, not of this log, and still surface
        extra_arguments=["--IPKernelApp.log_level=ERROR"],
    )


def _failure(source: Path, err) -> str:
    """Which notebook failed, where, and with what error, in one line."""
    if not hasattr(err, "ename"):  # the kernel died or a cell timed out: nbclient's errors carry no cell
        return f"notebook {source.name} stopped ({err.__class__.__name__}: {str(err).strip().splitlines()[0][:120]})"
    first_line = (err.source.strip().splitlines() or [""])[0][:80]
    return f"notebook {source.name} failed ({err.ename}: {err.evalue}) in the cell that starts `{first_line}`"


def _run_one(source: Path, target: Path, comp: Comparison, log) -> NotebookResult:
    executed = target / "notebooks" / source.name
    executed.parent.mkdir(parents=True, exist_ok=True)
    title = notebook_title(source)
    error = ""
    try:
        _execute(source, executed, comp.parameters())
    except NOTEBOOK_FAILURES as err:
        error = f"{_failure(source, err)} — what it printed is in {corpus.shown(executed)}"
        log(f"error: {error}")
    nbformat.write(_tidy(nbformat.read(executed if executed.exists() else source, as_version=4)), executed)
    page = target / f"{source.stem}.html"
    page.write_text(render.notebook_html(executed, f"{title} — {comp.title}"), encoding="utf-8")
    return NotebookResult(source.name, title, page.name, not error, error)


def run(comp: Comparison, reports: Path = REPORTS, *, sources: list[Path] | None = None, log=print) -> list[NotebookResult]:
    """Build the HTML reports of one comparison; return how each notebook went.

    The corpus and outlets are checked first, so a user's mistake stops the run
    with one clear error before any notebook starts.
    """
    articles = corpus.load(comp.manifest)
    corpus.require_outlets(articles, comp.outlet_a, comp.outlet_b)
    target = reports / comp.name
    target.mkdir(parents=True, exist_ok=True)
    results = []
    for source in sources or notebooks():
        log(f"running {source.name} for {comp.name}")
        results.append(_run_one(source, target, comp, log))
    status = {
        "name": comp.name, "title": comp.title, "outlet_a": comp.outlet_a, "outlet_b": comp.outlet_b,
        "manifest": corpus.shown(comp.manifest), "notebooks": [asdict(r) for r in results],
    }
    (target / "status.json").write_text(json.dumps(status, indent=2), encoding="utf-8")
    (reports / "index.html").write_text(render.index_html(reports), encoding="utf-8")
    return results


def refresh_notebooks(sources: list[Path] | None = None, log=print) -> None:
    """Re-execute the committed notebooks in place with their default parameters (the nbval baseline)."""
    for source in sources or notebooks():
        log(f"refreshing {source.name}")
        try:
            _execute(source, source, {})
        except NOTEBOOK_FAILURES as err:
            raise NotebookError(f"{_failure(source, err)} — open it to see the traceback") from None
        finally:
            nbformat.write(_tidy(nbformat.read(source, as_version=4)), source)
