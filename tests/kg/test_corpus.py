"""A corpus of reports: one named graph per report, shared entities once, incremental add / replace /
remove that process only the report that changes, and questions across reviews.

The second review (tests/data/cami4-doc2-second-review.md, written by scripts/derive_second_review.py)
is the bundled report reviewed again: another meeting and symbol, seven ratings and two pieces of
evidence changed.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from kg.corpus import add_documents, build_store, documents, remove_documents
from kg.errors import DocumentNotFoundError, DuplicateDocumentError
from kg.pipeline import TERMS_GRAPH, programmes_graph
from kg.queries import country_profile, rating_changes
from kg.store import GraphStore
from ontology import CAMI
from service.cli import app
from service.config import Settings
from service.engine import answerer, index_hook
from service.web.app import create_app

ROOT = Path(__file__).resolve().parents[2]
FIRST = ROOT.parent / "shared" / "corpus" / "cami3-doc2-overview-report.md"
SECOND = ROOT / "tests" / "data" / "cami4-doc2-second-review.md"
DOC1 = "https://w3id.org/cami-kg/id/doc/unep-cms-cami3-doc-2"
DOC2 = "https://w3id.org/cami-kg/id/doc/unep-cms-cami4-doc-2"
CHANGED = {
    "1.1": "regressed",
    "2.3": "improved",
    "2.5": "improved",
    "4.11": "improved",
    "6.3": "improved",
    "7.2": "improved",
    "29.9": "regressed",
}


def _settings(data_dir: Path) -> Settings:
    return Settings(data_dir=data_dir, encoder="hashing", reason=False)


def _quads(data_dir: Path) -> set[str]:
    """The store's quads; those of the ontology graph (blank-node lists, labelled anew by every load) are
    counted rather than compared."""
    dump = GraphStore(data_dir).export("nq").decode().splitlines()
    terms = f"<{TERMS_GRAPH}> ."
    return {line for line in dump if line.strip() and not line.endswith(terms)} | {
        f"terms: {sum(1 for line in dump if line.endswith(terms))}"
    }


def _units(data_dir: Path) -> list[dict[str, object]]:
    folder = GraphStore(data_dir).require_current() / "search"
    return json.loads((folder / "units.json").read_text())


@pytest.fixture(scope="module")
def incremental(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object]]:
    """The first review built, then the second added: (data dir, what the add reported)."""
    data_dir = tmp_path_factory.mktemp("corpus") / "data"
    settings = _settings(data_dir)
    build_store([FIRST], data_dir, reason=False, extra=index_hook(settings))
    first_cache = {p: p.stat().st_mtime_ns for p in (data_dir / "cache" / "docs").rglob("*") if p.is_file()}
    first_only = (_quads(data_dir), _units(data_dir))
    result = add_documents([SECOND], data_dir, reason=False, extra=index_hook(settings))
    untouched = all(p.stat().st_mtime_ns == mtime for p, mtime in first_cache.items() if p.exists())
    return data_dir, {
        "parsed": [r.name for r in result.reports],
        "untouched": untouched,
        "first_only": first_only,
    }


def _copy(data_dir: Path, target: Path) -> Path:
    """A copy of a data directory (stores, caches, sources) whose ``current`` link still resolves."""
    shutil.copytree(data_dir, target, symlinks=True)
    return target


def test_each_report_is_a_named_graph_and_shared_entities_are_one_node(incremental):
    data_dir, _ = incremental
    graphs = GraphStore(data_dir).graphs()
    assert set(graphs) == {DOC1, DOC2, programmes_graph(), TERMS_GRAPH}
    store = GraphStore(data_dir).open_oxigraph()
    # the activity is one node, stated in the programmes graph, assessed in each report's graph
    act = ox.NamedNode(
        "https://w3id.org/cami-kg/id/pow/programme-of-work-for-the-central-asian-mammals-initiative-2021-2026/activity/2.3"
    )
    titles = list(store.quads_for_pattern(act, ox.NamedNode("http://purl.org/dc/terms/title"), None, None))
    assert len(titles) == 1 and titles[0].graph_name == ox.NamedNode(programmes_graph())
    assessed = store.query(f"SELECT ?g WHERE {{ GRAPH ?g {{ ?a <{CAMI.assessedActivity}> <{act.value}> }} }}")
    assert sorted(str(row[0].value) for row in assessed) == [DOC1, DOC2]


def test_adding_a_report_processes_only_that_report(incremental):
    data_dir, added = incremental
    assert added["parsed"] == [SECOND.name]
    assert added["untouched"]  # the first report's cached graph and index inputs were not rewritten
    assert [d["symbol"] for d in documents(data_dir)] == ["UNEP/CMS/CAMI3/Doc.2", "UNEP/CMS/CAMI4/Doc.2"]


def test_incremental_equals_a_full_build(incremental, tmp_path: Path):
    data_dir, _ = incremental
    full = tmp_path / "full"
    build_store([SECOND, FIRST], full, reason=False, extra=index_hook(_settings(full)))
    assert _quads(full) == _quads(data_dir)
    assert _units(full) == _units(data_dir)


def test_remove_and_replace(incremental, tmp_path: Path):
    data_dir, added = incremental
    copy = _copy(data_dir, tmp_path / "copy")
    settings = _settings(copy)
    remove_documents(["UNEP/CMS/CAMI4/Doc.2"], copy, reason=False, extra=index_hook(settings))
    assert (_quads(copy), _units(copy)) == added["first_only"]
    with pytest.raises(DocumentNotFoundError, match="no report"):
        remove_documents(["UNEP/CMS/CAMI9/Doc.1"], copy, reason=False, extra=index_hook(settings))
    # a new version of a report (same symbol) replaces the old one
    revised = tmp_path / "revised.md"
    revised.write_text(FIRST.read_text().replace("*Not achieved.*", "*In progress.*", 1), encoding="utf-8")
    add_documents([revised], copy, reason=False, extra=index_hook(settings))
    assert [d["name"] for d in documents(copy)] == ["revised.md"]
    in_progress = sum(1 for q in _quads(copy) if "In progress" in q)
    assert in_progress > sum(1 for q in added["first_only"][0] if "In progress" in q)


def test_the_same_document_twice_is_refused(tmp_path: Path):
    copy = tmp_path / "copy.md"
    copy.write_text(FIRST.read_text(), encoding="utf-8")
    with pytest.raises(DuplicateDocumentError, match="same document"):
        build_store([FIRST, copy], tmp_path / "data", reason=False)


def test_rating_changes_between_reviews(incremental):
    data_dir, _ = incremental
    graph = GraphStore(data_dir).open_graph()
    result = rating_changes(graph)
    assert (
        result["from"]["symbol"] == "UNEP/CMS/CAMI3/Doc.2"
        and result["to"]["symbol"] == "UNEP/CMS/CAMI4/Doc.2"
    )
    assert {c["code"]: c["direction"] for c in result["changes"]} == CHANGED
    smart = next(c for c in result["changes"] if c["code"] == "2.3")
    assert (smart["before"]["rating"], smart["after"]["rating"]) == ("Partially achieved", "Achieved")
    assert smart["before"]["paragraphs"] == smart["after"]["paragraphs"] == [112]
    backwards = rating_changes(graph, "UNEP/CMS/CAMI4/Doc.2", "UNEP/CMS/CAMI3/Doc.2")
    assert {c["code"]: c["direction"] for c in backwards["changes"]}["2.3"] == "regressed"


def test_a_country_record_across_reviews(incremental):
    data_dir, _ = incremental
    profile = country_profile(GraphStore(data_dir).open_graph(), "TJ")
    assert profile is not None
    first, second = profile["by_document"]
    assert "2.3" not in first["positive"] and "2.3" in second["positive"]  # Tajikistan took up SMART


def test_ask_api_and_pages_across_reviews(incremental):
    data_dir, _ = incremental
    engine = answerer(_settings(data_dir))
    result = engine.answer("Which activities changed rating between the two reviews?")
    assert result.intent == "changes" and len(result.answer) == 7
    assert {e["document"] for e in result.evidence} == {"UNEP/CMS/CAMI3/Doc.2", "UNEP/CMS/CAMI4/Doc.2"}
    improved = engine.answer("Which activities improved since the last review?")
    assert sorted(i["label"].split(":")[0] for i in improved.answer) == sorted(
        c for c, d in CHANGED.items() if d == "improved"
    )
    status = engine.answer("What is the implementation status of activity 2.3?")
    assert status.value == "Achieved" and status.evidence[0]["document"] == "UNEP/CMS/CAMI4/Doc.2"
    with TestClient(create_app(_settings(data_dir))) as client:
        data = client.get("/api/changes").json()
        assert len(data["changes"]) == 7
        assert client.get("/api/changes", params={"from": "UNEP/CMS/CAMI9/Doc.1"}).status_code == 404
        assert [d["symbol"] for d in client.get("/api/documents").json()][-1] == "UNEP/CMS/CAMI4/Doc.2"
        page = client.get("/changes")
        assert page.status_code == 200 and "7 activities changed rating" in page.text
        country = client.get("/countries/TJ")
        assert "across reviews" in country.text
        report = client.get("/report", params={"document": "UNEP/CMS/CAMI3/Doc.2"})
        assert "UNEP/CMS/CAMI3/Doc.2" in report.text
        only_second = client.get("/api/activities", params={"document": "UNEP/CMS/CAMI4/Doc.2"}).json()
        assert {i["document"] for i in only_second if i["document"]} == {"UNEP/CMS/CAMI4/Doc.2"}


def test_cli_documents_changes_remove_add(incremental, tmp_path: Path):
    data_dir, _ = incremental
    runner = CliRunner()
    copy = _copy(data_dir, tmp_path / "data")
    env = {"CAMIKG_DATA_DIR": str(copy), "CAMIKG_ENCODER": "hashing", "CAMIKG_REASON": "false"}
    listed = json.loads(runner.invoke(app, ["documents", "--json"], env=env).output)
    assert [d["symbol"] for d in listed] == ["UNEP/CMS/CAMI3/Doc.2", "UNEP/CMS/CAMI4/Doc.2"]
    changes = json.loads(runner.invoke(app, ["changes", "--json"], env=env).output)
    assert len(changes["changes"]) == 7
    missing = runner.invoke(app, ["remove", "nothing.md"], env=env)
    assert missing.exit_code == 6 and "no report" in missing.output
    removed = runner.invoke(app, ["remove", "cami4-doc2-second-review.md"], env=env)
    assert removed.exit_code == 0 and "1 report(s)" in removed.output
    alone = runner.invoke(app, ["changes"], env=env)
    assert alone.exit_code == 6 and "two different reviews" in alone.output
    added = runner.invoke(app, ["add", str(SECOND)], env=env)
    assert added.exit_code == 0 and "2 report(s)" in added.output
