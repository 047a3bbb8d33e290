"""The ``mediacompare`` command: build reports, refresh the notebooks, check a manifest.

A user's mistake (a missing file, an unknown outlet, a failed notebook) is
printed as one line, ``mediacompare: error: …``, and the exit code is 1.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import corpus, pipeline, text
from .errors import MediacompareError
from .paths import REPORTS


def _report(args) -> int:
    if args.manifest:
        if not (args.outlet_a and args.outlet_b):
            raise MediacompareError("--manifest needs --outlet-a and --outlet-b — name the two outlets to compare")
        name = args.name or f"{corpus.slug(args.outlet_a)}-vs-{corpus.slug(args.outlet_b)}"
        comps = [pipeline.Comparison(name, Path(args.manifest).resolve(), args.outlet_a, args.outlet_b, name)]
    elif args.comparison == "all":
        comps = list(pipeline.comparisons()[1].values())
    else:
        comps = [pipeline.comparison(args.comparison)]
    out = Path(args.out)
    failed = []
    for comp in comps:
        results = pipeline.run(comp, out, log=lambda line: print(line, file=sys.stderr))
        failed += [r for r in results if not r.ok]
    print(f"reports: {corpus.shown((out / 'index.html').resolve())}")
    if failed:
        raise MediacompareError(f"{len(failed)} notebook(s) failed; the index marks them, and the reports of the others are kept")
    return 0


def _check(args) -> int:
    articles = corpus.load(args.manifest, encoding=args.encoding)
    if args.outlet:
        corpus.require_outlets(articles, *args.outlet)
    stats = text.lengths(articles)
    print(stats[["doc_id", "outlet", "published", "words", "sentences"]].to_string(index=False))
    print(f"{len(articles)} article(s), {len(corpus.removed(articles))} line(s) removed by cleaning")
    return 0


def _list(args) -> int:
    default, found = pipeline.comparisons()
    for name, comp in found.items():
        mark = " (default)" if name == default else ""
        print(f"{name}{mark}: {comp.outlet_a} vs {comp.outlet_b} — {corpus.shown(comp.manifest)}")
    return 0


def _refresh(args) -> int:
    pipeline.refresh_notebooks(log=lambda line: print(line, file=sys.stderr))
    return 0


def parser() -> argparse.ArgumentParser:
    """The command line's arguments."""
    top = argparse.ArgumentParser(prog="mediacompare", description=__doc__.splitlines()[0])
    sub = top.add_subparsers(dest="command", required=True)
    rep = sub.add_parser("report", help="run the notebooks and write HTML reports")
    rep.add_argument("--comparison", help="a name from comparisons.toml, or 'all' (default: its default)")
    rep.add_argument("--manifest", help="compare outlets of this manifest instead of a named comparison")
    rep.add_argument("--outlet-a")
    rep.add_argument("--outlet-b")
    rep.add_argument("--name", help="folder name for an ad-hoc comparison")
    rep.add_argument("--out", default=str(REPORTS), help="where the reports go (default: reports/)")
    rep.set_defaults(func=_report)
    chk = sub.add_parser("check", help="load a manifest and say what it holds")
    chk.add_argument("manifest")
    chk.add_argument("--outlet", action="append", help="fail unless this outlet is in the corpus")
    chk.add_argument("--encoding", help="a codec for files that are not UTF-8, or 'legacy'")
    chk.set_defaults(func=_check)
    sub.add_parser("list", help="list the named comparisons").set_defaults(func=_list)
    sub.add_parser("refresh-notebooks", help="re-execute notebooks/ in place (the nbval baseline)").set_defaults(func=_refresh)
    return top


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except MediacompareError as err:
        print(f"mediacompare: error: {err}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
