"""How long the seed report takes against the floor: what any four notebooks cost through the same pipeline.

The floor is four trivial notebooks (a pandas table and a matplotlib figure
each) run by ``pipeline.run`` for the seed comparison, exactly as the real
ones are: papermill in worker processes, then nbconvert in this one. Both are
run as fresh processes, like ``mediacompare report``, after one warm-up each,
alternating so that other work on the machine slows both alike. Prints the
median of 3 of wall and CPU time (the process and all its children: workers
and kernels) and their ratio. Target: the seed report within 1.2x the floor's
wall time.

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


def timed(args: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds (user + system, the process and its children) of one fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", RUN, *args], check=True)
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
        runs = {"seed report": [], "floor": []}
        for attempt in range(repeat + 1):
            for name, extra in (("seed report", []), ("floor", floor)):
                measured = timed([str(tmp / f"{name.replace(' ', '-')}-{attempt}"), *extra])
                if attempt:  # the first round warms the disk cache and the compiled bytecode
                    runs[name].append(measured)
    wall = {name: statistics.median(w for w, _ in times) for name, times in runs.items()}
    cpu = {name: statistics.median(c for _, c in times) for name, times in runs.items()}
    print(f"median of {repeat}, warm        wall s    CPU s")
    for name in runs:
        print(f"{name:<28}{wall[name]:8.2f} {cpu[name]:8.2f}")
    print(f"{'seed report / floor':<28}{wall['seed report'] / wall['floor']:7.2f}x {cpu['seed report'] / cpu['floor']:7.2f}x"
          f"   (target: wall within 1.20x)")


if __name__ == "__main__":
    main()
