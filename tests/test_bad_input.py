"""The bad-input matrix: each mistake a user makes, through the command line and the library, gives one clear line.

Every case runs as a user runs it, ``mediacompare check`` and ``mediacompare report`` in a child process, and must
end with exit code 1, exactly one line on stderr (``mediacompare: error: …`` naming the file, row or argument and the
fix), no traceback, no report written, and every input file byte-identical afterwards.
"""

import hashlib
import re
import subprocess
import sys

import pytest

from mediacompare import corpus, quotes, terms, text
from mediacompare.errors import ArticleError, OutletError, TableError

GOOD = "The council met on Monday and voted to close the bridge for six weeks."
MANIFEST = "doc_id,outlet,path\n"


def _manifest(*rows: str) -> str:
    return MANIFEST + "".join(f"{row}\n" for row in rows)


def _two_outlets(**extra) -> dict:
    """A manifest with outlets Alpha and Beta, one good article each, plus ``extra`` files."""
    return {"m.csv": _manifest("a1,Alpha,a.txt", "b1,Beta,b.txt"), "a.txt": GOOD, "b.txt": GOOD, **extra}


# name: (files in the case folder, manifest, check's extra arguments, report's outlets, what the one line must say)
CASES = {
    "missing manifest": ({}, "nope.csv", [], ("Alpha", "Beta"),
                         r"nope\.csv: manifest not found — give the path to a \.csv manifest, a \.jsonl file or a folder"),
    "manifest is a folder": ({"raw/a.txt": GOOD}, "raw", [], ("Alpha", "Beta"),
                             r"raw: no \*\.jsonl or \*\.parquet files in this folder — give a folder of JSON-lines"),
    "missing file": ({"m.csv": _manifest("a1,Alpha,a.txt", "b1,Beta,missing.txt"), "a.txt": GOOD}, "m.csv", [], ("Alpha", "Beta"),
                     r"m\.csv line 3 \(doc_id 'b1'\): file missing\.txt not found — fix the 'path' column"),
    "empty article": (_two_outlets(**{"b.txt": " \n\n"}), "m.csv", [], ("Alpha", "Beta"),
                      r"b\.txt \(m\.csv line 3 \(doc_id 'b1'\)\): the article is empty — add its text or remove it"),
    "not UTF-8": (_two_outlets(**{"b.txt": "Le café est fermé.".encode("cp1252")}), "m.csv", [], ("Alpha", "Beta"),
                  r"b\.txt .*: not valid utf-8 \(byte 0xe9 at offset 6\) — re-save it as UTF-8, or name its encoding"),
    "UTF-16": (_two_outlets(**{"b.txt": GOOD.encode("utf-16")}), "m.csv", [], ("Alpha", "Beta"),
               r"b\.txt .*: looks like UTF-16 text, not UTF-8 \(it starts with a UTF-16 byte-order mark\) — re-save it as UTF-8, "
               r"or name its encoding in the manifest's 'encoding' column \(utf-16"),
    "NUL bytes": (_two_outlets(**{"b.txt": b"The council\0 met."}), "m.csv", [], ("Alpha", "Beta"),
                  r"b\.txt .*: holds a NUL character \(at character 11\), which no text article has — remove it"),
    "no word": (_two_outlets(**{"b.txt": "… — !!! ?"}), "m.csv", [], ("Alpha", "Beta"),
                r"b\.txt .*: the article has no word \(no letter or digit\) — check the file holds the article text"),
    "manifest without a needed column": ({"m.csv": "doc_id,outlet,file\na1,Alpha,a.txt\n", "a.txt": GOOD}, "m.csv", [], ("Alpha", "Beta"),
                                         r"m\.csv: missing column 'path' — the header needs doc_id, outlet, path"),
    "a cell beyond the header": ({"m.csv": _manifest("a1,Alpha,a.txt,Headline, with comma"), "a.txt": GOOD}, "m.csv", [],
                                 ("Alpha", "Beta"), r"m\.csv line 2: cell 4 \('Headline'\) has no column name in the header"),
    "outlet not in the corpus": (_two_outlets(), "m.csv", ["--outlet", "Gamma"], ("Alpha", "Gamma"),
                                 r"outlet 'Gamma' is not in the corpus \(it has: Alpha, Beta\) — check the spelling"),
    "same outlet twice": (_two_outlets(), "m.csv", ["--outlet", "Alpha", "--outlet", "Alpha"], ("Alpha", "Alpha"),
                          r"(--)?outlet[_-]a and (--)?outlet[_-]b are both 'Alpha' — compare two different outlets"),
    "folder as a path": (_two_outlets(**{"m.csv": _manifest("a1,Alpha,a.txt", "b1,Beta,raw"), "raw/b.txt": GOOD}), "m.csv", [],
                         ("Alpha", "Beta"), r"m\.csv line 3 \(doc_id 'b1'\): raw is a folder, not a file — the 'path' column"),
    "path leaving the manifest's folder": (_two_outlets(**{"m.csv": _manifest("a1,Alpha,a.txt", "b1,Beta,../secret.txt")}), "m.csv", [],
                                           ("Alpha", "Beta"), r"m\.csv line 3 \(doc_id 'b1'\): path '\.\./secret\.txt' leaves the "
                                           r"manifest's folder — move the file under the manifest's folder, or give an absolute path"),
    "bad JSON line": ({"m.jsonl": '{"outlet": "Alpha", "text": "Fine."}\n{"outlet": "Beta", "text": "cut off}\n'}, "m.jsonl", [],
                      ("Alpha", "Beta"), r"m\.jsonl line 2: not valid JSON \(Unterminated string starting at column 28\)"),
    "JSON text that is not a string": ({"m.jsonl": '{"outlet": "Alpha", "text": "Fine."}\n{"outlet": "Beta", "text": 42}\n'},
                                       "m.jsonl", [], ("Alpha", "Beta"),
                                       r"m\.jsonl line 2: 'text' is a number \(42\), not a string — write the text as a string"),
    "folder with bytes that are not UTF-8": ({"arts/one.jsonl": '{"doc_id": "a1", "outlet": "Alpha", "text": "Fine."}\n',
                                              "arts/two.jsonl": b'{"doc_id": "b1", "outlet": "Beta", "text": "caf\xe9"}\n'},
                                             "arts", [], ("Alpha", "Beta"),
                                             r"arts/two\.jsonl: a line holds bytes that are not UTF-8 — re-save the file as UTF-8"),
    "folder whose records share a doc_id": ({"arts/one.jsonl": '{"doc_id": "a1", "outlet": "Alpha", "text": "Fine."}\n',
                                             "arts/two.jsonl": '{"doc_id": "a1", "outlet": "Beta", "text": "Fine too."}\n'},
                                            "arts", [], ("Alpha", "Beta"),
                                            r"arts: doc_id 'a1' is used by 2 records — give each record its own doc_id"),
}


def _snapshot(folder):
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def case_folder(tmp_path):
    """A folder for the case's files inside ``tmp_path``, with a private file beside it that no manifest may read."""
    (tmp_path / "secret.txt").write_text("A private note that must never reach a report.", encoding="utf-8")
    folder = tmp_path / "case"
    folder.mkdir()
    return folder


@pytest.mark.parametrize("name", list(CASES))
def test_each_bad_input_gives_one_line_and_exit_code_1(case_folder, name):
    files, manifest, check_args, (outlet_a, outlet_b), message = CASES[name]
    for relative, content in files.items():
        path = case_folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    out = case_folder.parent / "reports"
    before = _snapshot(case_folder.parent)
    commands = {
        "check": ["check", manifest, *check_args],
        "report": ["report", "--manifest", manifest, "--outlet-a", outlet_a, "--outlet-b", outlet_b, "--out", str(out)],
    }
    running = {what: subprocess.Popen([sys.executable, "-m", "mediacompare.cli", *argv], cwd=case_folder, text=True,
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE)
               for what, argv in commands.items()}  # both at once: each spends most of its time importing
    for what, process in running.items():
        stdout, stderr = process.communicate(timeout=300)
        assert "Traceback" not in stdout + stderr, f"{what}: {stderr}"
        assert process.returncode == 1, f"{what} exited {process.returncode}: {stderr}"
        lines = stderr.splitlines()
        assert len(lines) == 1, f"{what} printed {len(lines)} lines on stderr: {stderr}"
        assert lines[0].startswith("mediacompare: error: ")
        assert re.search(message, lines[0]), f"{what}: {lines[0]}"
    assert _snapshot(case_folder.parent) == before  # inputs unchanged, and no report folder written
    assert not out.exists()


def test_trailing_commas_on_every_row_load(case_folder):
    (case_folder / "a.txt").write_text(GOOD, encoding="utf-8")
    (case_folder / "m.csv").write_text("doc_id,outlet,path\na1,Alpha,a.txt,\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "mediacompare.cli", "check", "m.csv"], cwd=case_folder, text=True,
                          capture_output=True, timeout=300)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.splitlines()[-1] == "1 article(s), 0 line(s) removed by cleaning"


# --- the library's own bad input: a wrong table or record gets one clear line, not a KeyError --------------------

@pytest.fixture(scope="module")
def arts():
    return corpus.from_texts([{"outlet": "A", "text": GOOD, "doc_id": "a"}, {"outlet": "B", "text": GOOD, "doc_id": "b"}])


def test_the_articles_table_where_tokens_are_expected(arts):
    expected = r"^expected a tokens table \(from text\.tokens\(articles\)\); this one has no column 'sent_id'$"
    for call in (lambda: terms.keyness(arts, "A", "B"), lambda: terms.frequencies(arts), lambda: terms.framing(arts, "A", "B"),
                 lambda: terms.collocations(arts), lambda: text.kwic(arts, "bridge")):
        with pytest.raises(TableError, match=expected):
            call()


def test_a_tokens_table_where_articles_are_expected(arts):
    with pytest.raises(TableError, match=r"^expected a articles table \(from corpus\.load\(\.\.\.\) or corpus\.from_texts\(\.\.\.\)\); "
                                         r"this one has no column 'text'$"):
        text.tokens(text.tokens(arts))


def test_the_same_outlet_as_a_and_b_is_refused_by_every_comparison(arts):
    toks = text.tokens(arts)
    for call in (lambda: terms.keyness(toks, "A", "A"), lambda: quotes.match(quotes.extract(arts), arts, "A", "A")):
        with pytest.raises(OutletError, match=r"^outlet_a and outlet_b are both 'A' — compare two different outlets$"):
            call()


def test_a_record_that_is_not_a_dict_is_named():
    with pytest.raises(ArticleError, match=r"^record 0: a str, not a record"):
        corpus.from_texts(["a text"])


def test_a_quotation_of_brackets_alone_is_unique_not_an_error():
    # it emptied to nothing for matching, and from_texts then blamed the user's record 0 (issue 12)
    pair = corpus.from_texts([{"outlet": "A", "text": 'He said "[sic]" today.'}, {"outlet": "B", "text": "Other words here."}])
    matched = quotes.match(quotes.extract(pair), pair, "A", "B")
    assert list(zip(matched["text"], matched["match_type"])) == [("[sic]", "unique")]
