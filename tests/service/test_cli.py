"""The camikg command line, run as a user would (typer's runner), against the session-built store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from service.cli import app

EVAL = Path(__file__).resolve().parents[2].parent / "shared" / "eval"
MINI = Path(__file__).resolve().parent.parent / "data" / "mini_pow_report.md"
runner = CliRunner()


@pytest.fixture
def env(built_store: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CAMIKG_DATA_DIR", str(built_store))
    return built_store


def run(*args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args))


def test_every_command_has_help_text():
    commands = [
        "build",
        "sparql",
        "activities",
        "trace",
        "species",
        "export",
        "validate",
        "stats",
        "eval",
        "ask",
        "search",
    ]
    for name in commands:
        result = run(name, "--help")
        assert result.exit_code == 0, name
        assert "Usage" in result.output
    for command in app.registered_commands:
        assert command.callback is not None and command.callback.__doc__, command.name


def test_eval_activities_scores_the_dev_set(env: Path):
    result = run("eval", "activities", str(EVAL / "dev_activities.json"), "--json")
    assert result.exit_code == 0, result.output
    score = json.loads(result.output)
    assert score["exact_match"] == 1.0 and score["items"] == 7 and score["misses"] == []


def test_activities_json_contract(env: Path):
    result = run("activities", "--json")
    items = json.loads(result.output)
    assert len(items) == 173
    keys = {
        "code",
        "document",
        "theme",
        "species",
        "title",
        "rating",
        "rating_raw",
        "see_also",
        "evidence_paragraphs",
        "countries",
    }
    assert all(set(i) == keys for i in items)
    by_code = {i["code"]: i for i in items if i["code"]}
    assert by_code["2.3"]["countries"]["positive"] == [
        "Kazakhstan",
        "Kyrgyzstan",
        "Mongolia",
        "Pakistan",
        "Turkmenistan",
        "Uzbekistan",
    ]
    assert by_code["4.7"]["countries"]["negative"] == ["Kazakhstan", "Uzbekistan"]


def test_activities_filters(env: Path):
    items = json.loads(
        run("activities", "--species", "Przewalski", "--rating", "Not achieved", "--json").output
    )
    assert [i["code"] for i in items] == ["20.1", "20.2", "20.3", "20.5", "20.6", "20.7", "20.8", "20.9"]


def test_trace_shows_rating_evidence_and_who_acted(env: Path):
    result = run("trace", "4.7", "--json")
    data = json.loads(result.output)
    assert data["rating"] == "Partially achieved" and data["rating_raw"] == "Partially achieved."
    assert [p["paragraph"] for p in data["evidence"]] == [197, 198, 199, 200, 201, 202]
    assert data["countries"]["negative"] == ["Kazakhstan", "Uzbekistan"]
    para = data["evidence"][-1]
    assert para["sentences"][0]["text"].startswith("Uzbekistan and Kazakhstan have not yet reported")
    text = run("trace", "4.7").output
    assert "Uzbekistan (NOT)" in text and "¶202" in text


def test_trace_of_an_unknown_activity(env: Path):
    result = run("trace", "99.9")
    assert result.exit_code == 6
    assert "no activity '99.9'" in result.output


def test_species_json_contract(env: Path):
    items = {i["name"]: i for i in json.loads(run("species", "--json").output)}
    assert len(items) == 14
    gobi = items["Gobi Bear"]
    assert gobi["iucn_category"] == "Not separately assessed"
    assert gobi["cites_appendix"] == ["I"] and gobi["cms_appendix"] == ["I"]
    assert "Mazaalai" in gobi["aliases"]
    wild_ass = items["Asiatic Wild Ass"]
    assert wild_ass["cites_appendix"] == [
        "I (Gobi khulan, Indian khur)",
        "II (Persian onager, Turkmen kulan)",
    ]
    cheetah = items["Asiatic Cheetah"]["population_estimates"]
    assert {"value": "fewer than 30", "year": "2025", "where": "Iran", "paragraph": 7} in cheetah


def test_sparql_formats(env: Path):
    query = "SELECT ?n WHERE { ?p cami:paragraphNumber ?n } ORDER BY ?n LIMIT 2"
    data = json.loads(run("sparql", query, "--format", "json").output)
    assert [b["n"]["value"] for b in data["results"]["bindings"]] == ["1", "2"]
    assert run("sparql", query, "--format", "csv").output.splitlines() == ["n", "1", "2"]
    assert run("sparql", "ASK { ?s a cami:Report }").output.strip() == "true"


def test_bad_sparql_is_one_clear_line(env: Path):
    result = run("sparql", "SELECT WHERE {")
    assert result.exit_code == 5
    assert result.output.startswith("error: SPARQL query failed")
    assert "Traceback" not in result.output


def test_export_round_trips(env: Path, tmp_path: Path):
    from rdflib import Graph

    for fmt, parser in (("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")):
        target = tmp_path / f"graph.{fmt}"
        assert run("export", "--format", fmt, "-o", str(target)).exit_code == 0
        assert len(Graph().parse(target, format=parser)) > 50_000


def test_stats(env: Path):
    data = json.loads(run("stats", "--json").output)
    assert data["classes"]["Paragraph"] == 431
    assert data["ratings"]["Partially implemented"] == 1


def test_no_graph_yet(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("CAMIKG_DATA_DIR", str(tmp_path))
    result = run("stats")
    assert result.exit_code == 4
    assert "build one first" in result.output


@pytest.mark.parametrize(
    ("content", "phrase"),
    [
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00" * 20, "binary"),
        ("1. Caf\u00e9 and Przewalski\u2019s horse in Mongolia.\n".encode("cp1252"), "UTF-8"),
        (b"A report with prose only and no numbered paragraphs.\n", "no numbered paragraphs"),
    ],
    ids=["empty", "binary", "cp1252", "no-paragraphs"],
)
def test_bad_input_is_one_line_and_keeps_the_graph(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: bytes, phrase: str
):
    monkeypatch.setenv("CAMIKG_DATA_DIR", str(tmp_path / "data"))
    assert run("build", "--no-reason", str(MINI)).exit_code == 0
    before = run("stats", "--json").output
    bad = tmp_path / "bad.md"
    bad.write_bytes(content)
    result = run("build", "--no-reason", str(bad))
    assert result.exit_code == 3
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and phrase in lines[0] and "unchanged" in lines[0]
    assert "Traceback" not in result.output
    assert json.loads(run("stats", "--json").output)["build"] == json.loads(before)["build"]


def test_ask_json_contract(env: Path):
    data = json.loads(run("ask", "Which countries signed the Ustyurt Memorandum?", "--json").output)
    assert set(data) >= {"question", "answer", "value", "kind", "evidence", "sparql"}
    assert data["kind"] == "graph"
    assert sorted(a["label"] for a in data["answer"]) == ["Kazakhstan", "Turkmenistan", "Uzbekistan"]
    assert all(a["iri"].startswith("https://w3id.org/cami-kg/vocab/country/") for a in data["answer"])
    assert all(set(e) == {"document", "paragraph", "text", "sentence"} for e in data["evidence"])
    assert data["evidence"][0]["document"] == "UNEP/CMS/CAMI3/Doc.2"


def test_search_json_contract(env: Path):
    data = json.loads(
        run("search", "livestock insurance", "--limit", "3", "--country", "Pakistan", "--json").output
    )
    assert data["query"] == "livestock insurance"
    assert len(data["results"]) == 3
    assert {"document", "paragraph", "score", "text", "sentence"} <= set(data["results"][0])
    assert run("search", "x", "--country", "Atlantis").exit_code == 3


def test_eval_search_prints_baselines(env: Path):
    data = json.loads(run("eval", "search", str(EVAL / "dev_search.json"), "--json").output)
    assert set(data) == {"hybrid", "lexical", "dense"}
    assert data["hybrid"]["ndcg@10"] > max(data["lexical"]["ndcg@10"], data["dense"]["ndcg@10"])
