"""The ``mediacompare`` command: build reports, refresh the notebooks, check a manifest.

A user's mistake (a missing file, an unknown outlet, a failed notebook, a
wrong argument) is printed as one line, ``mediacompare: error: …``, and the
exit code is 1. The analysis modules, pandas and the notebook machinery are
imported by the command that needs them, so ``list`` and ``--help`` start at once.
"""

from __future__ import annotations

import argparse
import functools
import sys
from pathlib import Path

from .errors import MediacompareError, OutletError
from .paths import COMPARISONS, REPORTS, shown


def _ad_hoc(args):
    """The comparison given by --manifest, --outlet-a and --outlet-b."""
    from . import pipeline
    from .corpus import slug

    if not (args.outlet_a and args.outlet_b):
        raise MediacompareError("--manifest needs --outlet-a and --outlet-b — name the two outlets to compare")
    if args.outlet_a == args.outlet_b:
        raise OutletError(f"--outlet-a and --outlet-b are both '{args.outlet_a}' — compare two different outlets")
    name = args.name or f"{slug(args.outlet_a)}-vs-{slug(args.outlet_b)}"
    return pipeline.Comparison(name, Path(args.manifest).resolve(), args.outlet_a, args.outlet_b, args.title or "")


def _report(args) -> int:
    from dataclasses import replace

    from . import distributed, pipeline

    if args.manifest:
        if args.comparison:
            raise MediacompareError("--comparison and --manifest exclude each other — give one of them")
        comps = [_ad_hoc(args)]
    elif args.outlet_a or args.outlet_b or args.name:
        raise MediacompareError("--outlet-a, --outlet-b and --name need --manifest; or use --comparison NAME")
    elif args.comparison == "all":
        if args.title:
            raise MediacompareError("--title names one comparison — give --comparison NAME, not 'all'")
        comps = list(pipeline.comparisons()[1].values())
    else:
        comp = pipeline.comparison(args.comparison)
        comps = [replace(comp, title=args.title) if args.title else comp]
    out = Path(args.out)
    failed = []
    log = functools.partial(print, file=sys.stderr)
    with distributed.cluster(args.scheduler, args.workers, log=log):  # the notebook kernels reach it through the environment
        for comp in comps:
            results = pipeline.run(comp, out, log=log)
            failed += [r for r in results if not r.ok]
    print(f"reports: {shown((out / 'index.html').resolve())}")
    if failed:
        raise MediacompareError(f"{len(failed)} notebook(s) failed; the index marks them, and the reports of the others are kept")
    return 0


def _check(args) -> int:
    from . import corpus, text

    articles = corpus.load(args.manifest, encoding=args.encoding)
    if args.outlet:
        corpus.require_outlets(articles, *args.outlet)
    stats = text.lengths(articles)
    print(stats[["doc_id", "outlet", "published", "words", "sentences"]].to_string(index=False))
    print(f"{len(articles)} article(s), {len(corpus.removed(articles))} line(s) removed by cleaning")
    return 0


def _list(args) -> int:
    from . import pipeline

    default, found = pipeline.comparisons()
    for name, comp in found.items():
        mark = " (default)" if name == default else ""
        print(f"{name}{mark}: {comp.outlet_a} vs {comp.outlet_b} — {shown(comp.manifest)}")
    return 0


def _refresh(args) -> int:
    from . import pipeline

    pipeline.refresh_notebooks(log=lambda line: print(line, file=sys.stderr))
    return 0


class _Parser(argparse.ArgumentParser):
    """argparse, but a wrong argument is one line and exits 1 like every other mistake (argparse's own code is 2)."""

    def error(self, message):
        self.exit(1, f"mediacompare: error: {message} — see `{self.prog} --help`\n")


def parser() -> argparse.ArgumentParser:
    """The command line's arguments."""
    top = _Parser(prog="mediacompare", description="Compare how two news outlets covered the same event: "
                  "build HTML reports, check a manifest, list the named comparisons.")
    sub = top.add_subparsers(dest="command", required=True, parser_class=_Parser, metavar="COMMAND")
    rep = sub.add_parser("report", help="run the notebooks and write HTML reports",
                         description="Run every notebook for a comparison and write its HTML pages and an index.")
    rep.add_argument("--comparison", metavar="NAME",
                     help=f"a comparison named in {COMPARISONS.name}, or 'all' (default: the file's default)")
    rep.add_argument("--manifest", metavar="PATH",
                     help="compare two outlets of this manifest (CSV or JSON lines), or of a folder of JSON-lines or "
                     "Parquet files (read lazily on a cluster), instead of a named comparison")
    rep.add_argument("--outlet-a", metavar="OUTLET", help="the first outlet, as written in the manifest (with --manifest)")
    rep.add_argument("--outlet-b", metavar="OUTLET", help="the second outlet, as written in the manifest (with --manifest)")
    rep.add_argument("--name", help="folder name of the reports (with --manifest; default: OUTLET-A-vs-OUTLET-B)")
    rep.add_argument("--title", help="the comparison's title at the top of the index and in every page's title")
    rep.add_argument("--out", metavar="FOLDER", default=str(REPORTS), help="where the reports go (default: reports/)")
    rep.add_argument("--scheduler", metavar="ADDRESS", help="run the corpus analyses on the Dask cluster at this address, "
                     "e.g. tcp://HOST:8786 (default: $MEDIACOMPARE_SCHEDULER; without either, in one process)")
    rep.add_argument("--workers", type=int, metavar="N", help="run the corpus analyses on a local Dask cluster of N worker processes")
    rep.set_defaults(func=_report)
    chk = sub.add_parser("check", help="load a manifest and say what it holds",
                         description="Load a manifest, clean its articles and print one line per article.")
    chk.add_argument("manifest", help="a CSV manifest, a JSON-lines file, or a folder of JSON-lines or Parquet files")
    chk.add_argument("--outlet", action="append", metavar="OUTLET", help="fail unless this outlet is in the corpus (repeatable)")
    chk.add_argument("--encoding", help="a codec for files that are not UTF-8 (e.g. cp1252), or 'legacy'")
    chk.set_defaults(func=_check)
    sub.add_parser("list", help="list the named comparisons",
                   description=f"List the comparisons named in {COMPARISONS.name}.").set_defaults(func=_list)
    sub.add_parser("refresh-notebooks", help="re-execute notebooks/ in place (the nbval baseline)",
                   description="Re-execute the committed notebooks with their default parameters.").set_defaults(func=_refresh)
    return top


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except MediacompareError as err:
        print(f"mediacompare: error: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("mediacompare: interrupted — a report that was being built is marked incomplete in the index; "
              "build it again", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
