"""Shared fixtures: the seed corpus, the fixture corpus, and a guard that nothing is downloaded."""

import importlib.util
from pathlib import Path

import nltk
import pytest

from mediacompare import corpus
from mediacompare.paths import DATA, ROOT

FIXTURES = Path(__file__).parent / "fixtures"
GENERATE = ROOT / "benchmarks" / "generate.py"
SEED_MANIFEST = DATA / "articles.csv"
SPUTNIK, MOSCOW_TIMES = "Sputnik", "The Moscow Times"
SPUTNIK_ID, MOSCOW_TIMES_ID = "000_38e22c74f79fe168", "002_7700cad70c87f25c"


@pytest.fixture(autouse=True)
def no_downloads(monkeypatch):
    """Fail any test that would fetch NLTK data at run time."""
    def refuse(*args, **kwargs):
        raise AssertionError("nltk.download was called: nothing may be downloaded at run time")
    monkeypatch.setattr(nltk, "download", refuse)


@pytest.fixture(scope="session")
def seed():
    """The seed articles table (Sputnik and The Moscow Times)."""
    return corpus.load(SEED_MANIFEST)


@pytest.fixture(scope="session")
def fixture_corpus():
    """The invented two-outlet corpus of tests/fixtures/corpus (several articles per outlet, one HTML page)."""
    return corpus.load(FIXTURES / "corpus" / "articles.csv")


def text_of(articles, doc_id):
    """The cleaned text of one article."""
    return articles.loc[articles["doc_id"] == doc_id, "text"].item()


@pytest.fixture
def project_root():
    return ROOT


@pytest.fixture(scope="session")
def built_reports(tmp_path_factory):
    """Reports of the seed comparison and of the tests' own (tests/fixtures/comparisons.toml), built once into a
    temporary folder: (folder, {name: results})."""
    from mediacompare import pipeline

    out = tmp_path_factory.mktemp("reports")
    comps = [pipeline.comparison(), *pipeline.comparisons(FIXTURES / "comparisons.toml")[1].values()]
    return out, {comp.name: pipeline.run(comp, out, log=lambda line: None) for comp in comps}


def _load_generate():
    """benchmarks/generate.py, the corpus generator; benchmarks/ is not a package, so it is loaded from its file."""
    spec = importlib.util.spec_from_file_location("generate", GENERATE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


generate = _load_generate()
