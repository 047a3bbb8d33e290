import hashlib
import re
import time

import pandas as pd
import pytest

from mediacompare import cleaning, corpus
from mediacompare.errors import ArticleError, ManifestError, OutletError, TableError
from mediacompare.paths import ROOT

from conftest import FIXTURES, MOSCOW_TIMES_ID, SEED_MANIFEST, SPUTNIK_ID, text_of


def test_seed_manifest_loads_two_articles_with_the_design_columns(seed):
    assert list(seed["doc_id"]) == [SPUTNIK_ID, MOSCOW_TIMES_ID]
    assert list(seed["outlet"]) == ["Sputnik", "The Moscow Times"]
    for column in ["doc_id", "outlet", "title", "published", "url", "byline", "text", "source_path", "sha256"]:
        assert column in seed.columns
    assert list(seed["published"]) == ["2021-12-08", "2021-12-08"]


def test_each_article_records_the_sha256_of_its_raw_bytes_and_raw_files_are_untouched(seed):
    for row in seed.itertuples():
        raw = (ROOT / row.source_path).read_bytes()
        assert row.sha256 == hashlib.sha256(raw).hexdigest()
    before = {p: p.read_bytes() for p in (ROOT / "data" / "raw").rglob("*.txt")}
    corpus.load(SEED_MANIFEST)
    assert {p: p.read_bytes() for p in before} == before


def test_plain_text_seed_keeps_every_paragraph(seed):
    raw = (ROOT / "data/raw/sputnik/000_38e22c74f79fe168.txt").read_text(encoding="utf-8")
    assert text_of(seed, SPUTNIK_ID) == "\n\n".join(raw.split("\n"))
    assert corpus.removed(seed.iloc[[0]]).empty


def test_scraped_seed_loses_its_boilerplate_and_keeps_its_body(seed):
    body = text_of(seed, MOSCOW_TIMES_ID)
    assert body.startswith("Russian President Vladimir Putin, speaking publicly for the first time")
    assert body.endswith("in a conflict that has claimed over 13,000 lives.")
    for gone in ["kremlin.ru", "Related article", "Original url", "themoscowtimes.com", "By AFP", "December 08, 2021", "(#)"]:
        assert gone not in body
    # the photo caption repeats a body sentence: after cleaning it is there once, not twice
    assert body.count('NATO expanding eastwards is a "very sensitive" issue for Russia') == 1
    assert "\n\nFrance warns Russia\n\n" in body  # a subheading is not a broken paragraph


def test_paragraphs_broken_mid_sentence_are_rejoined(seed):
    body = text_of(seed, MOSCOW_TIMES_ID)
    assert "Putin said at a news conference with Greek Prime Minister Kyriakos Mitsotakis." in body
    assert "the United States has always supported Ukraine, our sovereignty and independence," in body


def test_the_cleaning_log_lists_each_removed_line_with_its_reason(seed):
    log = corpus.removed(seed)
    assert list(log.columns) == ["doc_id", "outlet", "line", "content", "reason"]
    assert set(log["doc_id"]) == {MOSCOW_TIMES_ID}
    got = list(zip(log["line"], log["reason"]))
    assert got == [
        (3, "headline (repeats the title)"),
        (5, "byline"),
        (7, "dateline (repeats the publication date)"),
        (11, "photo caption (credit: kremlin.ru)"),
        (19, "link to a related article"),
        (23, "paragraph broken mid-sentence, rejoined to the one before"),
        (59, "paragraph broken mid-sentence, rejoined to the one before"),
        (67, "source footer (page address)"),
        (69, "source footer (page address)"),
    ]
    assert seed.loc[seed["doc_id"] == MOSCOW_TIMES_ID, "byline"].item() == "AFP"


@pytest.mark.parametrize("raw, expected_text, reasons", [
    ("By [Jane Roe](#)\n\nThe vote passed.", "The vote passed.", ["byline"]),
    ("The vote passed, said [the clerk](#).", "The vote passed, said the clerk.", ["link markup removed, link text kept"]),
    ("The vote passed.\n\nThe clerk smiles. [Reuters](#)", "The vote passed.", ["photo caption (credit: Reuters)"]),
    ("Photo: the clerk at work\n\nThe vote passed.", "The vote passed.", ["photo caption"]),
    ("The vote passed.\n\nRead more: [Earlier vote](#)", "The vote passed.", ["link to a related article"]),
    ("The vote passed.\nOriginal url:\n<https://x.example/a>", "The vote passed.", ["source footer (page address)"] * 2),
    ("The vote passed after a\n\nlong debate.", "The vote passed after a long debate.",
     ["paragraph broken mid-sentence, rejoined to the one before"]),
    ('"We won the\n\nvote," she said.', '"We won the vote," she said.',
     ["paragraph broken mid-sentence, rejoined to the one before"]),
    ('"We have always supported\n\nCroatia," she said.', '"We have always supported Croatia," she said.',
     ["paragraph broken mid-sentence, rejoined to the one before"]),
    ("Vote passes\n\nThe vote passed.", "Vote passes\n\nThe vote passed.", []),
    ("Windows\r\nline\r\nendings.", "Windows line endings.", ["paragraph broken mid-sentence, rejoined to the one before"] * 2),
])
def test_cleaning_rules(raw, expected_text, reasons):
    result = cleaning.clean(raw)
    assert result.text == expected_text
    assert [reason for _, _, reason in result.removed] == reasons


def test_headline_and_dateline_are_removed_only_when_they_repeat_the_metadata():
    raw = "Storm Hits Coast\n\nJanuary 10, 2024\n\nThe storm hit."
    assert cleaning.clean(raw, title="Storm hits coast", published="2024-01-10").text == "The storm hit."
    kept = cleaning.clean(raw, title="Another title", published="2023-05-01").text
    assert kept.startswith("Storm Hits Coast")


def test_html_page_body_is_extracted_and_page_furniture_is_logged(fixture_corpus):
    body = text_of(fixture_corpus, "vh_001")
    assert body.startswith("City engineer Tomas Velik said on Monday that cracks had been found")
    assert body.endswith("promised to publish the inspection report on Friday.")
    for gone in ["Subscribe", "Most read", "Copyright", "ferry terminal", "Privacy policy", "Sport"]:
        assert gone not in body
    row = fixture_corpus[fixture_corpus["doc_id"] == "vh_001"].iloc[0]
    assert (row.format, row.title, row.published, row.byline) == (
        "html", "Old Harbour Bridge to stay shut for six more weeks", "2024-03-04", "Jon Brask")
    left_out = set(corpus.removed(fixture_corpus).query("doc_id == 'vh_001' and line == 0")["content"])
    assert {"Home", "Most read", "The Old Harbour Bridge seen from the ferry terminal. Photo: Valley Herald",
            "Advertisement: Subscribe to the Valley Herald for just one dollar a week"} <= left_out


def test_a_corpus_may_hold_many_articles_per_outlet(fixture_corpus):
    assert fixture_corpus.groupby("outlet").size().to_dict() == {"Harbour Ledger": 2, "Valley Herald": 2}


def test_json_lines_file_loads_one_article_per_record():
    arts = corpus.load(FIXTURES / "articles.jsonl")
    assert list(arts["doc_id"]) == ["j1", "j2"]
    assert arts["text"].iloc[0] == 'The port closed on Tuesday as a storm hit the coast.\n\n"We had no choice," the harbour master said.'
    assert list(arts["source_path"]) == ["tests/fixtures/articles.jsonl:1", "tests/fixtures/articles.jsonl:2"]


def test_from_texts_builds_the_same_table_from_strings():
    arts = corpus.from_texts([{"outlet": "A", "text": "One text."}, {"outlet": "B", "text": "Another text.", "doc_id": "b1"}])
    assert list(arts["doc_id"]) == ["000", "b1"]
    assert list(arts["text"]) == ["One text.", "Another text."]
    assert arts["sha256"].iloc[0] == hashlib.sha256(b"One text.").hexdigest()


def test_slug():
    assert corpus.slug("The Moscow Times") == "the-moscow-times"


# --- bad input: one clear line naming the file or row and the fix -------------------------------

def write_manifest(folder, rows, header="doc_id,outlet,title,published,url,byline,path"):
    path = folder / "articles.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def test_missing_manifest(tmp_path):
    with pytest.raises(ManifestError, match=r"nope\.csv: manifest not found — give the path"):
        corpus.load(tmp_path / "nope.csv")


def test_manifest_without_a_required_column(tmp_path):
    path = write_manifest(tmp_path, ["a,X,,,,,a.txt"], header="doc_id,outlet,title,published,url,byline,file")
    with pytest.raises(ManifestError, match=r"articles\.csv: missing column 'path' — the header needs doc_id, outlet, path"):
        corpus.load(path)


def test_manifest_row_pointing_at_a_missing_file(tmp_path):
    (tmp_path / "a.txt").write_text("Text.", encoding="utf-8")
    path = write_manifest(tmp_path, ["a,X,,,,,a.txt", "b,Y,,,,,missing.txt"])
    with pytest.raises(ArticleError, match=r"articles\.csv line 3 \(doc_id 'b'\): file .*missing\.txt not found — fix the 'path' column"):
        corpus.load(path)


def test_empty_article(tmp_path):
    (tmp_path / "a.txt").write_text("  \n\n", encoding="utf-8")
    with pytest.raises(ArticleError, match=r"a\.txt .*: the article is empty — add its text or remove it"):
        corpus.load(write_manifest(tmp_path, ["a,X,,,,,a.txt"]))


def test_article_that_is_all_boilerplate(tmp_path):
    (tmp_path / "a.txt").write_text("By Jane Roe\n\nRelated: [x](#)\n", encoding="utf-8")
    with pytest.raises(ArticleError, match=r"nothing is left after cleaning"):
        corpus.load(write_manifest(tmp_path, ["a,X,,,,,a.txt"]))


def test_bytes_that_are_not_utf8_name_the_file_and_the_fix(tmp_path):
    (tmp_path / "a.txt").write_bytes("Le café est fermé.".encode("cp1252"))
    path = write_manifest(tmp_path, ["a,X,,,,,a.txt"])
    with pytest.raises(ArticleError, match=r"a\.txt .*: not valid utf-8 \(byte 0xe9 at offset 6\) — re-save it as UTF-8, or name its encoding"):
        corpus.load(path)
    assert corpus.load(path, encoding="cp1252")["text"].item() == "Le café est fermé."
    legacy = corpus.load(path, encoding="legacy")
    assert (legacy["text"].item(), legacy["encoding"].item()) == ("Le café est fermé.", "cp1252")


def test_encoding_column_in_the_manifest(tmp_path):
    (tmp_path / "a.txt").write_bytes("Grüße.".encode("latin-1"))
    path = write_manifest(tmp_path, ["a,X,,,,,a.txt,latin-1"], header="doc_id,outlet,title,published,url,byline,path,encoding")
    assert corpus.load(path)["text"].item() == "Grüße."


def test_duplicate_doc_ids(tmp_path):
    (tmp_path / "a.txt").write_text("Text.", encoding="utf-8")
    path = write_manifest(tmp_path, ["a,X,,,,,a.txt", "a,Y,,,,,a.txt"])
    with pytest.raises(ManifestError, match=r"articles\.csv line 3: doc_id 'a' is used again \(first at .*line 2\)"):
        corpus.load(path)


def test_empty_required_cell(tmp_path):
    path = write_manifest(tmp_path, ["a,,,,,,a.txt"])
    with pytest.raises(ManifestError, match=r"articles\.csv line 2: the 'outlet' cell is empty — fill it in"):
        corpus.load(path)


def test_published_that_is_not_a_date(tmp_path):
    (tmp_path / "a.txt").write_text("Text.", encoding="utf-8")
    with pytest.raises(ManifestError, match=r"published 'last Tuesday' is not a date — write it as YYYY-MM-DD"):
        corpus.load(write_manifest(tmp_path, ["a,X,,last Tuesday,,,a.txt"]))


def test_outlet_not_in_the_corpus(seed):
    with pytest.raises(OutletError, match=r"outlet 'RT' is not in the corpus \(it has: Sputnik, The Moscow Times\) — check the spelling"):
        corpus.require_outlets(seed, "Sputnik", "RT")


@pytest.mark.parametrize("line, message", [
    ("not json", r"articles\.jsonl line 1: not valid JSON"),
    ('["a"]', r"line 1: not a JSON object"),
    ('{"outlet": "X"}', r"line 1: no 'text' field"),
])
def test_bad_json_lines(tmp_path, line, message):
    path = tmp_path / "articles.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(ManifestError, match=message):
        corpus.load(path)


def test_from_texts_without_an_outlet():
    with pytest.raises(ArticleError, match=r"record 1: no 'outlet'"):
        corpus.from_texts([{"outlet": "A", "text": "x"}, {"text": "y"}])


def test_removed_of_a_table_without_a_log_is_empty():
    assert corpus.removed(pd.DataFrame({"doc_id": ["a"]})).empty


def test_articles_tables_concatenate_and_keep_their_cleaning_logs(seed, fixture_corpus):
    both = pd.concat([seed, fixture_corpus], ignore_index=True)
    log = corpus.removed(both)
    assert set(log["doc_id"]) == {MOSCOW_TIMES_ID, "hl_001", "hl_002", "vh_001"}
    assert len(log) == len(corpus.removed(seed)) + len(corpus.removed(fixture_corpus))


def test_spaces_around_header_names_are_forgiven(tmp_path):
    (tmp_path / "a.txt").write_text("Text.", encoding="utf-8")
    path = write_manifest(tmp_path, ["a,X,a.txt"], header="doc_id, outlet , path")
    assert corpus.load(path)["outlet"].item() == "X"


# --- hardening (issue 12): inputs real corpora contain ---------------------------------------------

def test_a_trailing_comma_on_every_row_loads_and_loses_nothing(tmp_path):
    (tmp_path / "x.txt").write_text("Alpha text here.", encoding="utf-8")
    for header in ("doc_id,outlet,path", "doc_id,outlet,path,"):
        path = tmp_path / "m.csv"
        path.write_text(f"{header}\na1,Alpha,x.txt,\n,,,\n", encoding="utf-8")
        arts = corpus.load(path)
        assert (list(arts["doc_id"]), arts["text"].item()) == (["a1"], "Alpha text here.")
        assert corpus.removed(arts).empty


def test_a_short_row_has_empty_optional_cells(tmp_path):
    (tmp_path / "x.txt").write_text("Alpha text here.", encoding="utf-8")
    arts = corpus.load(write_manifest(tmp_path, ["a1,Alpha,x.txt"], header="doc_id,outlet,path,title,byline"))
    assert (arts["title"].item(), arts["byline"].item()) == ("", "")


def test_a_cell_beyond_the_header_is_refused_rather_than_lost(tmp_path):
    path = write_manifest(tmp_path, ["a1,Alpha,x.txt,Headline, with comma"], header="doc_id,outlet,path,title")
    with pytest.raises(ManifestError, match=r"articles\.csv line 2: cell 5 \('with comma'\) has no column name in the header — "
                                            r"name the column in the header, or quote a cell that holds a comma"):
        corpus.load(path)


def test_a_column_named_twice_is_refused(tmp_path):
    with pytest.raises(ManifestError, match=r"column 'path' appears twice in the header — keep one"):
        corpus.load(write_manifest(tmp_path, ["a1,Alpha,x.txt,y.txt"], header="doc_id,outlet,path,path"))


@pytest.mark.parametrize("cell", ["../x.txt", "../../../etc/passwd", "raw/../../x.txt", ".."])
def test_a_relative_path_leaving_the_manifests_folder_is_refused(tmp_path, cell):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (tmp_path / "x.txt").write_text("Private text.", encoding="utf-8")
    with pytest.raises(ArticleError, match=rf"articles\.csv line 2 \(doc_id 'a1'\): path '{re.escape(cell)}' leaves the manifest's "
                                           r"folder — move the file under the manifest's folder, or give an absolute path"):
        corpus.load(write_manifest(folder, [f"a1,Alpha,,,,,{cell}"]))


def test_an_absolute_path_and_a_path_that_climbs_back_inside_are_read(tmp_path):
    folder = tmp_path / "corpus"
    (folder / "raw").mkdir(parents=True)
    (folder / "x.txt").write_text("Inside text.", encoding="utf-8")
    (tmp_path / "y.txt").write_text("Outside text.", encoding="utf-8")
    arts = corpus.load(write_manifest(folder, ["a1,Alpha,,,,,raw/../x.txt", f"b1,Beta,,,,,{tmp_path / 'y.txt'}"]))
    assert list(arts["text"]) == ["Inside text.", "Outside text."]


def test_a_folder_given_as_a_path_is_called_a_folder(tmp_path):
    (tmp_path / "raw").mkdir()
    with pytest.raises(ArticleError, match=r"raw is a folder, not a file — the 'path' column names one article file"):
        corpus.load(write_manifest(tmp_path, ["a1,Alpha,,,,,raw"]))
    with pytest.raises(ManifestError, match=r"raw: no \*\.jsonl or \*\.parquet files in this folder"):
        corpus.load(tmp_path / "raw")


@pytest.mark.parametrize("raw, message", [
    ("Hello world.".encode("utf-16"), r"looks like UTF-16 text, not UTF-8 \(it starts with a UTF-16 byte-order mark\) — re-save it as UTF-8, "
                                      r"or name its encoding in the manifest's 'encoding' column \(utf-16"),
    ("Hello world.".encode("utf-16-be"), r"looks like UTF-16 text, not UTF-8 \(12 of its 24 bytes are NUL\)"),
    (b"Hello\0 world.", r"holds a NUL character \(at character 5\), which no text article has — remove it"),
    ("... — !!! 😀".encode(), r"the article has no word \(no letter or digit\) — check the file holds the article text"),
])
def test_utf16_nul_bytes_and_wordless_articles_are_refused_naming_the_file(tmp_path, raw, message):
    (tmp_path / "a.txt").write_bytes(raw)
    with pytest.raises(ArticleError, match=rf"a\.txt \(.*articles\.csv line 2 \(doc_id 'a'\)\): {message}"):
        corpus.load(write_manifest(tmp_path, ["a,X,,,,,a.txt"]))


def test_utf16_named_in_the_encoding_column_loads(tmp_path):
    (tmp_path / "a.txt").write_bytes("Grüße aus Köln.".encode("utf-16"))
    path = write_manifest(tmp_path, ["a,X,,,,,a.txt,utf-16"], header="doc_id,outlet,title,published,url,byline,path,encoding")
    assert corpus.load(path)["text"].item() == "Grüße aus Köln."


def test_a_utf16_manifest_is_named_as_such(tmp_path):
    path = tmp_path / "articles.csv"
    path.write_bytes("doc_id,outlet,path\n".encode("utf-16"))
    with pytest.raises(ManifestError, match=r"articles\.csv: looks like UTF-16 text, not UTF-8 .* — re-save the manifest as UTF-8"):
        corpus.load(path)


@pytest.mark.parametrize("line, message", [
    ('{"outlet": "X", "text": "abc}', r"line 1: not valid JSON \(Unterminated string starting at column 25\)"),
    ('{"outlet": "X" "text": "abc"}', r"line 1: not valid JSON \(Expecting ',' delimiter column 16\)"),
    ('{"outlet": "X", "text": 5}', r"line 1: 'text' is a number \(5\), not a string — write the text as a string"),
    ('{"outlet": "X", "text": ["a"]}', r"line 1: 'text' is a list \(\['a'\]\), not a string"),
    ('{"outlet": true, "text": "abc"}', r"line 1: 'outlet' is a number \(True\), not a string"),
    ('{"outlet": "X", "text": "a\\u0000b"}', r"line 1: holds a NUL character \(at character 1\)"),
    ('{"outlet": "X", "text": "..."}', r"line 1: the article has no word"),
])
def test_bad_json_lines_name_the_line_and_the_column(tmp_path, line, message):
    path = tmp_path / "articles.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    with pytest.raises((ManifestError, ArticleError), match=rf"articles\.jsonl {message}"):
        corpus.load(path)


@pytest.mark.parametrize("records, message", [
    (["a text"], r"record 0: a str, not a record — each record is an object such as \{\"outlet\": \"A\""),
    ("a text", r"records: a str, not a list — pass a list of dicts"),
    ([{"outlet": "A", "text": b"bytes"}], r"record 0: 'text' is a bytes \(b'bytes'\), not a string"),
    ([{"outlet": "A", "text": "a\0b"}], r"record 0: holds a NUL character \(at character 1\)"),
])
def test_from_texts_names_the_record_that_is_wrong(records, message):
    with pytest.raises(ArticleError, match=message):
        corpus.from_texts(records)


def test_from_texts_accepts_a_text_without_a_word():
    assert corpus.from_texts([{"outlet": "A", "text": "…!"}])["text"].item() == "…!"


def test_the_same_outlet_twice_is_refused(seed):
    with pytest.raises(OutletError, match=r"^outlet_a and outlet_b are both 'Sputnik' — compare two different outlets$"):
        corpus.require_outlets(seed, "Sputnik", "Sputnik")


def test_require_columns_says_which_table_was_expected(seed):
    with pytest.raises(TableError, match=r"^expected a tokens table \(from text\.tokens\(articles\)\); this one has no column 'token'$"):
        corpus.require_columns(seed, ["doc_id", "token"], "tokens", "from text.tokens(articles)")
    with pytest.raises(TableError, match=r"^expected a tokens table \(from text\.tokens\(articles\)\); got a list$"):
        corpus.require_columns([], ["token"], "tokens", "from text.tokens(articles)")
    corpus.require_columns(seed, ["doc_id", "text"], "articles", "from corpus.load")
    with pytest.raises(TableError, match=r"expected a articles table .*no column 'outlet'"):
        corpus.require_outlets(pd.DataFrame({"doc_id": ["a"]}), "A", "B")


@pytest.mark.parametrize("raw, expected_text, reasons", [
    ("The vote passed.\n\n[](#)\n\nIt was close.", "The vote passed.\n\nIt was close.", ["link with no text"]),
    ("See [the [full] report](#) now, [AP](#).", "See [the [full] report](#) now, AP.", ["link markup removed, link text kept"]),
    ("[[[ unclosed [brackets ( everywhere.", "[[[ unclosed [brackets ( everywhere.", []),
    ('“We will\n\nnot stop\n\nuntil\n\nthe end,” he said.', '“We will not stop until the end,” he said.',
     ["paragraph broken mid-sentence, rejoined to the one before"] * 3),
    ('"We will win\n\nAnd they know it," he said.\n\nIt ended.', '"We will win And they know it," he said.\n\nIt ended.',
     ["paragraph broken mid-sentence, rejoined to the one before"]),
    ('She said: "No.\n\nNever."', 'She said: "No.\n\nNever."', []),
    ("It ended in the\n\n—\n\nwar.", "It ended in the — war.", ["paragraph broken mid-sentence, rejoined to the one before"] * 2),
])
def test_cleaning_rules_on_links_and_long_rejoined_paragraphs(raw, expected_text, reasons):
    result = cleaning.clean(raw)
    assert result.text == expected_text
    assert [reason for _, _, reason in result.removed] == reasons


@pytest.mark.parametrize("shape", [
    "\n".join(["and so the words run on without an end"] * 10_000),  # every line broken mid-sentence: one paragraph
    "[" * 200_000 + "](" * 100_000,  # brackets that never close
    ". [" * 100_000 + "x)",  # a caption credit that never closes
])
def test_cleaning_is_linear_on_pathological_lines(shape):
    # each took from 30 s to minutes when a rejoined paragraph was rescanned, or a pattern rescanned the line
    # from every bracket; linear, they take a few hundredths of a second: the bound leaves room for a busy machine
    start = time.perf_counter()
    cleaning.clean(shape)
    assert time.perf_counter() - start < 3


@pytest.mark.parametrize("name, message", [
    ("articles.csv", r"articles\.csv: is empty — it needs a header row: doc_id, outlet, path"),
    ("articles.jsonl", r"articles\.jsonl: holds no records — write one JSON object per line"),
])
def test_an_empty_manifest_is_called_empty(tmp_path, name, message):
    (tmp_path / name).write_bytes(b"")
    with pytest.raises(ManifestError, match=message):
        corpus.load(tmp_path / name)
