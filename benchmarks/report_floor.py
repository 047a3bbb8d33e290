"""How long the seed report takes against the floor: what any four notebooks cost.

Two floors, both four trivial notebooks (a pandas table and a matplotlib
figure each), timed in the same run as the seed report:

- **floor (issue 11)**: the floor the issue measured and set its target
  against: the four run one after another by papermill, then converted by
  nbconvert, in one process. Target: the seed report within 1.2x its wall time.
- **floor (our pipeline)**: the four run by ``pipeline.run`` exactly as the
  real ones are (papermill in parallel worker processes, conversion in this
  one). The seed report's ratio to it is what the real notebooks' own work
  costs (imports, cells, tables, figures), with none of the pipeline's gains.

Each is run as a fresh process, like ``mediacompare report``, after one
warm-up each, alternating so that other work on the machine slows all alike.
Prints the median of 3 of wall and CPU time (the process and all its
children: workers and kernels) and the ratios.

    .venv/bin/python benchmarks/report_floor.py [--repeat 3]
"""

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

TRIVIAL = """import matplotlib.pyplot as plt
import pandas as pd

table = pd.DataFrame({"x": range(10), "y": [v * v for v in range(10)]})
fig, ax = plt.subplots(figsize=(4, 3))
_ = ax.plot(table["x"], table["y"])
plt.show()
table"""

RUN = """import sys
from pathlib import Path
from mediacompare import pipeline
sources = [Path(p) for p in sys.argv[2:]] or None
results = pipeline.run(pipeline.comparison(), Path(sys.argv[1]), sources=sources, log=lambda line: None)
sys.exit(0 if all(r.ok for r in results) else 1)
"""

SEQUENTIAL = """import sys
from pathlib import Path
import papermill
from nbconvert import HTMLExporter
from mediacompare import pipeline
out = Path(sys.argv[1])
out.mkdir(parents=True)
for source in map(Path, sys.argv[2:]):
    executed = out / source.name
    papermill.execute_notebook(source, executed, kernel_name=pipeline.KERNEL, progress_bar=False, cwd=str(source.parent))
for executed in sorted(out.glob("*.ipynb")):
    executed.with_suffix(".html").write_text(HTMLExporter().from_filename(str(executed))[0], encoding="utf-8")
"""


def floor_notebooks(folder: Path) -> list[Path]:
    """Write the four trivial notebooks into ``folder``; return their paths."""
    paths = []
    for number in range(1, 5):
        nb = new_notebook(cells=[
            new_markdown_cell(f"# Floor {number}"),
            new_code_cell('manifest = ""\noutlet_a = ""\noutlet_b = ""', metadata={"tags": ["parameters"]}),
            new_code_cell(TRIVIAL),
        ])
        paths.append(folder / f"{number:02d}_floor.ipynb")
        nbformat.write(nb, paths[-1])
    return paths


def timed(script: str, args: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds (user + system, the process and its children) of ``script`` in one fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", script, *args], stderr=subprocess.PIPE, text=True)
    if done.returncode:  # what the kernels print on every run (a warning about TCP) is shown only on a failure
        sys.exit(f"{args[0]}: exit {done.returncode}\n{done.stderr}")
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--repeat", type=int, default=3, help="timed runs of each, after one warm-up (default: 3)")
    repeat = options.parse_args().repeat
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        floor = [str(p) for p in floor_notebooks(tmp)]
        runs = {"seed report": (RUN, []), "floor (issue 11)": (SEQUENTIAL, floor), "floor (our pipeline)": (RUN, floor)}
        times = {name: [] for name in runs}
        for attempt in range(repeat + 1):
            for k, (name, (script, extra)) in enumerate(runs.items()):
                measured = timed(script, [str(tmp / f"run-{k}-{attempt}"), *extra])
                if attempt:  # the first round warms the disk cache and the compiled bytecode
                    times[name].append(measured)
    wall = {name: statistics.median(w for w, _ in measured) for name, measured in times.items()}
    cpu = {name: statistics.median(c for _, c in measured) for name, measured in times.items()}
    print(f"median of {repeat}, warm             wall s    CPU s")
    for name in runs:
        print(f"{name:<33}{wall[name]:8.2f} {cpu[name]:8.2f}")
    for floor_name, target in (("floor (issue 11)", "   (target: wall within 1.20x)"), ("floor (our pipeline)", "")):
        print(f"{'seed report / ' + floor_name:<33}{wall['seed report'] / wall[floor_name]:7.2f}x "
              f"{cpu['seed report'] / cpu[floor_name]:7.2f}x{target}")


if __name__ == "__main__":
    main()
