import json
import multiprocessing
import os
import subprocess
import sys

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from mediacompare import cli, pipeline
from mediacompare.errors import ConfigError, NotebookError

from conftest import FIXTURES


def test_comparisons_config_names_the_seed_pair_as_default():
    default, comps = pipeline.comparisons()
    assert default == "sputnik-vs-moscow-times"
    seed = comps[default]
    assert (seed.outlet_a, seed.outlet_b, seed.manifest.name) == ("Sputnik", "The Moscow Times", "articles.csv")
    assert set(comps) == {"sputnik-vs-moscow-times"}  # the test corpus is not the user's: it is in tests/fixtures


def test_the_tests_comparisons_file_names_the_fixture_corpus():
    default, comps = pipeline.comparisons(FIXTURES / "comparisons.toml")
    assert default == "harbour-ledger-vs-valley-herald"
    fixture = comps[default]
    assert (fixture.outlet_a, fixture.outlet_b) == ("Harbour Ledger", "Valley Herald")
    assert fixture.manifest == (FIXTURES / "corpus" / "articles.csv").resolve()


def test_unknown_comparison():
    with pytest.raises(ConfigError, match=r"comparison 'nope' is not in comparisons\.toml \(it has: sputnik-vs-moscow-times\) — check the name"):
        pipeline.comparison("nope")


def test_every_notebook_has_a_parameters_cell_with_the_three_common_parameters():
    for path in pipeline.notebooks():
        nb = nbformat.read(path, as_version=4)
        tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
        assert len(tagged) == 1, path.name
        for name in ("manifest", "outlet_a", "outlet_b"):
            assert f"{name} = " in tagged[0].source, (path.name, name)


def test_every_notebook_names_the_projects_kernel_so_any_jupyter_runs_it_with_the_package():
    for path in pipeline.notebooks():
        kernelspec = nbformat.read(path, as_version=4).metadata["kernelspec"]
        assert (kernelspec["name"], kernelspec["display_name"]) == (pipeline.KERNEL, "Python (mediacompare)"), path.name


def test_reports_are_built_for_both_comparisons(built_reports):
    out, results = built_reports
    names = [p.name for p in pipeline.notebooks()]
    for comparison, notebook_results in results.items():
        assert [r.notebook for r in notebook_results] == names
        assert all(r.ok for r in notebook_results), [r.error for r in notebook_results]
        for r in notebook_results:
            page = (out / comparison / r.html).read_text(encoding="utf-8")
            assert "<html" in page and "cdnjs" not in page and "require.min.js" not in page
            assert "plots.setup_notebook()" not in page  # code is hidden
            assert 'manifest = "' not in page  # the parameters cells are dropped
    index = (out / "index.html").read_text(encoding="utf-8")
    for comparison in results:
        assert f'href="{comparison}/01_overview.html"' in index


def test_the_fixture_comparison_shows_its_own_outlets_not_the_seeds(built_reports):
    out, _ = built_reports
    page = (out / "harbour-ledger-vs-valley-herald" / "01_overview.html").read_text(encoding="utf-8")
    assert "Harbour Ledger" in page and "Valley Herald" in page
    assert "Sputnik" not in page


def _notebook(path, source):
    nb = new_notebook(cells=[new_markdown_cell(f"# {path.stem}"),
                             new_code_cell('manifest = ""\noutlet_a = ""\noutlet_b = ""', metadata={"tags": ["parameters"]}),
                             new_code_cell(source)])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    return path


def test_a_failing_notebook_is_marked_and_the_others_are_kept(tmp_path, monkeypatch, capsys):
    good = _notebook(tmp_path / "01_good.ipynb", "print('fine')")
    bad = _notebook(tmp_path / "02_bad.ipynb", "raise ValueError('the threshold must be positive')")
    monkeypatch.setattr(pipeline, "notebooks", lambda: [good, bad])
    out = tmp_path / "reports"
    code = cli.main(["report", "--out", str(out)])
    assert code == 1
    err = capsys.readouterr().err
    assert ("error: notebook 02_bad.ipynb failed (ValueError: the threshold must be positive) "
            "in the cell that starts `raise ValueError('the threshold must be positive')`") in err
    assert err.strip().splitlines()[-1] == (
        "mediacompare: error: 1 notebook(s) failed; the index marks them, and the reports of the others are kept")
    assert "Traceback" not in err
    status = json.loads((out / "sputnik-vs-moscow-times" / "status.json").read_text())
    assert [(n["notebook"], n["ok"]) for n in status["notebooks"]] == [("01_good.ipynb", True), ("02_bad.ipynb", False)]
    assert (out / "sputnik-vs-moscow-times" / "01_good.html").is_file()
    assert "ValueError" in (out / "sputnik-vs-moscow-times" / "02_bad.html").read_text(encoding="utf-8")
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "FAILED" in index and index.count("FAILED") == 1
    assert ("threshold must be positive&#x27;)` — "
            '<a href="sputnik-vs-moscow-times/notebooks/02_bad.ipynb">what it printed</a>') in index
    assert str(tmp_path) not in json.dumps(status)  # nothing in it depends on where the command ran


@pytest.mark.parametrize("args, message", [
    (["report", "--manifest", "missing.csv", "--outlet-a", "A", "--outlet-b", "B"], "missing.csv: manifest not found"),
    (["report", "--manifest", str(FIXTURES / "corpus" / "articles.csv"), "--outlet-a", "Harbour Ledger", "--outlet-b", "RT"],
     "outlet 'RT' is not in the corpus (it has: Harbour Ledger, Valley Herald)"),
    (["report", "--comparison", "nope"], "comparison 'nope' is not in comparisons.toml"),
    (["check", str(FIXTURES / "corpus" / "articles.csv"), "--outlet", "Sputnik"], "outlet 'Sputnik' is not in the corpus"),
])
def test_command_line_errors_are_one_line_and_exit_1(args, message, tmp_path):
    done = subprocess.run([sys.executable, "-m", "mediacompare.cli", *args, "--out", str(tmp_path)] if args[0] == "report"
                          else [sys.executable, "-m", "mediacompare.cli", *args],
                          capture_output=True, text=True)
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith("mediacompare: error: ") and message in done.stderr


def test_check_prints_the_corpus(capsys):
    assert cli.main(["check", str(FIXTURES / "corpus" / "articles.csv")]) == 0
    out = capsys.readouterr().out
    assert "vh_001" in out and "4 article(s), 18 line(s) removed by cleaning" in out


def test_a_notebook_whose_kernel_dies_is_marked_too(tmp_path, monkeypatch, capsys):
    dies = _notebook(tmp_path / "01_dies.ipynb", "import os\nos._exit(1)")
    monkeypatch.setattr(pipeline, "notebooks", lambda: [dies])
    assert cli.main(["report", "--out", str(tmp_path / "reports")]) == 1
    err = capsys.readouterr().err
    assert "error: notebook 01_dies.ipynb stopped (DeadKernelError" in err and "Traceback" not in err
    assert (tmp_path / "reports" / "sputnik-vs-moscow-times" / "01_dies.html").is_file()


def test_a_file_that_is_not_utf8_stops_the_report_with_one_line(tmp_path):
    (tmp_path / "a.txt").write_bytes("Le café est fermé.".encode("cp1252"))
    (tmp_path / "b.txt").write_text("Another text.", encoding="utf-8")
    manifest = tmp_path / "articles.csv"
    manifest.write_text("doc_id,outlet,path\na,A,a.txt\nb,B,b.txt\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "mediacompare.cli", "report", "--manifest", str(manifest),
                           "--outlet-a", "A", "--outlet-b", "B", "--out", str(tmp_path / "out")], capture_output=True, text=True)
    assert done.returncode == 1 and done.stderr.count("\n") == 1
    assert "a.txt" in done.stderr and "not valid utf-8 (byte 0xe9 at offset 6)" in done.stderr
    assert "manifest's 'encoding' column" in done.stderr


def test_status_says_running_while_the_notebooks_run_and_the_index_marks_it_incomplete(tmp_path, monkeypatch):
    # the notebook runs in tmp_path (papermill's cwd is the notebook's folder) and reads what the index says meanwhile
    spy = _notebook(tmp_path / "01_spy.ipynb", "import json\n"
                    "print(json.load(open('out/sputnik-vs-moscow-times/status.json'))['state'])\n"
                    "print('Incomplete' in open('out/index.html').read())")
    monkeypatch.setattr(pipeline, "notebooks", lambda: [spy])
    pipeline.run(pipeline.comparison(), tmp_path / "out", log=lambda line: None)
    executed = nbformat.read(tmp_path / "out" / "sputnik-vs-moscow-times" / "notebooks" / "01_spy.ipynb", as_version=4)
    assert executed.cells[-1].outputs[0]["text"] == "running\nTrue\n"
    status = json.loads((tmp_path / "out" / "sputnik-vs-moscow-times" / "status.json").read_text(encoding="utf-8"))
    assert status["state"] == "done" and status["manifest"] == "data/articles.csv"
    assert "Incomplete" not in (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert [p.name for p in (tmp_path / "out").rglob("*.tmp")] == []  # every atomic write was completed


def test_a_report_folder_without_status_is_marked_incomplete(tmp_path):
    from mediacompare import render

    (tmp_path / "killed-before-it-started").mkdir()
    index = render.index_html(tmp_path)
    assert '<section id="killed-before-it-started"><h2>killed-before-it-started</h2><p class="failed">Incomplete' in index


def test_the_manifest_path_in_the_status_does_not_depend_on_the_working_folder(tmp_path, monkeypatch):
    quick = _notebook(tmp_path / "01_quick.ipynb", "1")
    monkeypatch.setattr(pipeline, "notebooks", lambda: [quick])
    monkeypatch.chdir(tmp_path)
    outside = tmp_path / "mine" / "articles.csv"
    outside.parent.mkdir()
    outside.write_text("doc_id,outlet,path\na,A,a.txt\nb,B,b.txt\n", encoding="utf-8")
    for name in ("a", "b"):
        (outside.parent / f"{name}.txt").write_text(f"Words of outlet {name}.", encoding="utf-8")
    for comp in (pipeline.comparison(), pipeline.Comparison("mine", outside, "A", "B")):
        pipeline.run(comp, tmp_path / "out", log=lambda line: None)
    manifests = {p.parent.name: json.loads(p.read_text(encoding="utf-8"))["manifest"] for p in (tmp_path / "out").glob("*/status.json")}
    assert manifests == {"sputnik-vs-moscow-times": "data/articles.csv", "mine": str(outside)}


def test_a_pages_findings_lead_its_entry_on_the_index_and_link_into_the_page(tmp_path, monkeypatch):
    found = _notebook(tmp_path / "01_found.ipynb", "from IPython.display import HTML\n"
                      "HTML('<p class=\"mc-findings\">2 shared passages; <a href=\"#passages-1\">the longest</a>.</p>')")
    nb = nbformat.read(found, as_version=4)
    nb.cells[-1].metadata["tags"] = [pipeline.FINDINGS_TAG]
    nbformat.write(nb, found)
    monkeypatch.setattr(pipeline, "notebooks", lambda: [found])
    results = pipeline.run(pipeline.comparison(), tmp_path / "out", log=lambda line: None)
    assert results[0].findings == '<p class="mc-findings">2 shared passages; <a href="#passages-1">the longest</a>.</p>'
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert ('<h3><a href="sputnik-vs-moscow-times/01_found.html">01_found</a></h3><p class="mc-findings">2 shared passages; '
            '<a href="sputnik-vs-moscow-times/01_found.html#passages-1">the longest</a>.</p>') in index


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="one core: the notebooks run one after the other")
def test_the_notebooks_of_a_comparison_run_at_the_same_time_in_other_processes(tmp_path, monkeypatch):
    # each notebook waits for the other to start: run one after the other, the first would give up after 60 s
    wait = ("import os, pathlib, time\npathlib.Path('{me}').write_text(str(os.getppid()))\n"
            "deadline = time.monotonic() + 60\n"
            "while not pathlib.Path('{other}').exists() and time.monotonic() < deadline:\n    time.sleep(0.05)\n"
            "print(pathlib.Path('{other}').exists())")
    first = _notebook(tmp_path / "01_first.ipynb", wait.format(me="first.pid", other="second.pid"))
    second = _notebook(tmp_path / "02_second.ipynb", wait.format(me="second.pid", other="first.pid"))
    monkeypatch.setattr(pipeline, "notebooks", lambda: [first, second])
    pipeline.run(pipeline.comparison(), tmp_path / "out", log=lambda line: None)
    for name in ("01_first", "02_second"):
        executed = nbformat.read(tmp_path / "out" / "sputnik-vs-moscow-times" / "notebooks" / f"{name}.ipynb", as_version=4)
        assert executed.cells[-1].outputs[0]["text"] == "True\n"
    kernel_parents = {(tmp_path / f"{n}.pid").read_text() for n in ("first", "second")}
    assert len(kernel_parents) == 2 and str(os.getpid()) not in kernel_parents  # two worker processes, not this one


def test_a_kernel_is_stopped_once_its_notebook_has_run_without_a_graceful_exit(tmp_path, monkeypatch):
    """The report keeps the notebook's outputs and the files its cells wrote; what the kernel would do at a graceful
    exit (atexit hooks, tearing down its modules: about 0.8 s of CPU a notebook) never runs."""
    source = ("import atexit, pathlib\npathlib.Path('cell.txt').write_text('written by a cell')\n"
              "atexit.register(pathlib.Path('exit.txt').write_text, 'written at exit')\nprint('ran')")
    notebook = _notebook(tmp_path / "01_exit.ipynb", source)
    monkeypatch.setattr(pipeline, "notebooks", lambda: [notebook])
    [result] = pipeline.run(pipeline.comparison(), tmp_path / "out", log=lambda line: None)
    executed = nbformat.read(tmp_path / "out" / "sputnik-vs-moscow-times" / "notebooks" / "01_exit.ipynb", as_version=4)
    assert result.ok and executed.cells[-1].outputs[0]["text"] == "ran\n"
    assert (tmp_path / "cell.txt").read_text() == "written by a cell"
    assert not (tmp_path / "exit.txt").exists()  # a graceful exit would have written it before run() returned


def test_without_the_projects_kernel_the_report_stops_with_one_line_before_writing_anything(tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "KERNEL", "no-such-kernel")
    with pytest.raises(NotebookError, match=r"^the Jupyter kernel 'no-such-kernel' is not installed — run `make setup`"):
        pipeline.run(pipeline.comparison(), tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_refresh_re_executes_in_place_without_timestamps_and_names_what_failed(tmp_path):
    good = _notebook(tmp_path / "01_good.ipynb", "print(6 * 7)")
    bad = _notebook(tmp_path / "02_bad.ipynb", "1 / 0")
    lines = []
    with pytest.raises(NotebookError, match=r"^02_bad\.ipynb failed — open the notebook to see the traceback$"):
        pipeline.refresh_notebooks([good, bad], log=lines.append)
    assert sorted(lines) == ["error: notebook 02_bad.ipynb failed (ZeroDivisionError: division by zero) in the cell that "
                             "starts `1 / 0`", "refreshed 01_good.ipynb"]
    refreshed = nbformat.read(good, as_version=4)
    assert refreshed.cells[-1].outputs[0]["text"] == "42\n"
    assert "papermill" not in refreshed.metadata and all("execution" not in c.metadata for c in refreshed.cells)


def test_write_atomic_replaces_the_whole_file_and_leaves_nothing_beside_it(tmp_path):
    target = tmp_path / "status.json"
    target.write_text("old and longer than the new content", encoding="utf-8")
    pipeline.write_atomic(target, '{"state": "done"}')
    assert target.read_text(encoding="utf-8") == '{"state": "done"}'
    assert [p.name for p in tmp_path.iterdir()] == ["status.json"]
    assert target.stat().st_mode & 0o777 == 0o644  # readable by whoever the report is shared with


def test_write_atomic_that_fails_keeps_the_old_file_and_no_temporary_one(tmp_path):
    target = tmp_path / "index.html"
    target.write_text("the old index", encoding="utf-8")
    with pytest.raises(UnicodeEncodeError):
        pipeline.write_atomic(target, "a lone surrogate \ud800 cannot be written")
    assert target.read_text(encoding="utf-8") == "the old index"
    assert [p.name for p in tmp_path.iterdir()] == ["index.html"]


START_METHOD = """
import multiprocessing, sys, threading
from pathlib import Path
from mediacompare import pipeline
used, get_context = [], multiprocessing.get_context
multiprocessing.get_context = lambda name: used.append(name) or get_context(name)
stop = threading.Event()
if sys.argv[3] == "thread":
    threading.Thread(target=stop.wait, daemon=True).start()
results = pipeline.run(pipeline.comparison(), Path(sys.argv[2]), sources=[Path(sys.argv[1])], log=lambda line: None)
print(used, results[0].ok)
"""


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="this platform cannot fork")
@pytest.mark.parametrize("caller, method", [("alone", "fork"), ("thread", "spawn")])
def test_workers_are_forked_unless_the_caller_runs_threads_of_its_own(caller, method, tmp_path):
    # a fresh interpreter, as the command is: this test process may hold threads other tests left (tqdm's monitor)
    quick = _notebook(tmp_path / "01_quick.ipynb", "print('ran')")
    done = subprocess.run([sys.executable, "-c", START_METHOD, str(quick), str(tmp_path / "out"), caller],
                          capture_output=True, text=True, check=True)
    assert done.stdout == f"[{method!r}] True\n"
    executed = nbformat.read(tmp_path / "out" / "sputnik-vs-moscow-times" / "notebooks" / "01_quick.ipynb", as_version=4)
    assert executed.cells[-1].outputs[0]["text"] == "ran\n"
