"""Hostile queries and requests: federation and file datasets refused, bombs stopped while normal queries
are answered, script payloads escaped everywhere, no path traversal, CORS off unless configured, and no
stack traces or file paths in error responses."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from kg.corpus import build_store
from kg.policy import QueryRefused, UpdateRefused, check_query
from service.config import Settings
from service.engine import index_hook
from service.web.app import create_app
from tests.web.test_endpoint import SLOW

DATA = Path(__file__).resolve().parent.parent / "data"
PAYLOAD = "<script>alert('x')</script>"
IMG = '<img src=x onerror="alert(1)">'


# --- the query policy ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <http://169.254.169.254/latest/meta-data> { ?s ?p ?o } }",
        "select * where { service silent <http://localhost:8080/sparql> { ?s ?p ?o } }",
        "PREFIX ex: <http://e/> SELECT * WHERE { SERVICE ?endpoint { ?s ?p ?o } VALUES ?endpoint { ex:a } }",
    ],
)
def test_service_is_refused(query: str):
    with pytest.raises(QueryRefused, match="SERVICE"):
        check_query(query)
    check_query(query, allow_service=True)


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
        "SELECT * FROM NAMED <FILE:///etc/shadow> WHERE { GRAPH ?g { ?s ?p ?o } }",
    ],
)
def test_file_datasets_are_refused(query: str):
    with pytest.raises(QueryRefused, match="file"):
        check_query(query)


@pytest.mark.parametrize(
    "update",
    [
        "LOAD <file:///etc/passwd>",
        "PREFIX ex: <http://e/> INSERT DATA { ex:a ex:b ex:c }",
        "# comment\nBASE <http://e/> DELETE WHERE { ?s ?p ?o }",
        "drop all",
    ],
)
def test_updates_are_refused(update: str):
    with pytest.raises(UpdateRefused):
        check_query(update)


@pytest.mark.parametrize(
    "query",
    [
        'SELECT ?service WHERE { ?service <http://e/p> "SERVICE <http://x/> { }" }',
        "PREFIX ex: <http://e/> SELECT * WHERE { ?s ex:SERVICE ?o } # SERVICE <http://x/>",
        "SELECT * WHERE { ?s <http://e/service/FROM/file:x> ?o }",
        "SELECT * FROM <http://www.example/data1.nt> WHERE { ?s ?p ?o }",
    ],
)
def test_keywords_inside_names_strings_comments_and_iris_do_not_count(query: str):
    check_query(query)


def test_endpoint_refuses_hostile_queries(w3c_client):  # type: ignore[no-untyped-def]
    service = "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }"
    response = w3c_client.get("/sparql", params={"query": service})
    assert response.status_code == 403 and "no outbound requests" in response.text
    response = w3c_client.get(
        "/sparql", params={"query": "ASK { ?s ?p ?o }", "default-graph-uri": "file:///etc/passwd"}
    )
    assert response.status_code == 403 and "reads no files" in response.text
    response = w3c_client.post("/sparql", data={"query": "LOAD <file:///etc/passwd>"})
    assert response.status_code == 403 and "read-only" in response.text
    description = w3c_client.get("/sparql", headers={"accept": "text/turtle"}).text
    assert "BasicFederatedQuery" not in description


def test_bombs_are_stopped_while_normal_queries_are_answered(w3c_settings: Settings):
    settings = w3c_settings.model_copy(update={"sparql_timeout": 3.0, "sparql_workers": 4})
    regex_bomb = (
        'SELECT (COUNT(*) AS ?n) WHERE { VALUES ?x { "'
        + "a" * 28
        + '!" } '
        + " ".join(f"VALUES ?v{k} {{ {' '.join(str(i) for i in range(60))} }}" for k in range(3))
        + ' FILTER(REGEX(?x, "^(a+)+$")) }'
    )
    path_bomb = (
        "SELECT (COUNT(*) AS ?n) WHERE { ?a (<http://e/p>|!<http://e/q>)* ?b . ?c (!<http://e/r>)* ?d }"
    )
    with TestClient(create_app(settings)) as client:
        client.get("/sparql", params={"query": "ASK {}"})  # a worker up
        results: dict[str, tuple[int, float]] = {}

        def run(name: str, query: str) -> None:
            started = time.monotonic()
            response = client.get("/sparql", params={"query": query})
            results[name] = (response.status_code, time.monotonic() - started)

        bombs = [
            threading.Thread(target=run, args=(name, q))
            for name, q in (("cartesian", SLOW), ("regex", regex_bomb), ("paths", path_bomb))
        ]
        for thread in bombs:
            thread.start()
        time.sleep(0.3)
        normal = []
        for _ in range(5):
            started = time.monotonic()
            response = client.get(
                "/sparql", params={"query": "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 3"}
            )
            assert response.status_code == 200
            normal.append(time.monotonic() - started)
        for thread in bombs:
            thread.join(timeout=60)
    # every bomb ended by the time limit (or finished) — none took the server down or ran on
    for name, (status, seconds) in results.items():
        assert status in (200, 503), name
        assert seconds < settings.sparql_timeout + 5, name
    assert results["cartesian"][0] == 503
    # the normal queries were answered while the bombs were running, not after them
    assert sum(normal) < settings.sparql_timeout


# --- pages and API -------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def hostile_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """An app over a report whose text, headings and titles carry script payloads."""
    root = tmp_path_factory.mktemp("xss")
    text = (DATA / "mini_pow_report.md").read_text(encoding="utf-8")
    text = text.replace("Illegal Hunting, Possession and Trade", f"Illegal Hunting {PAYLOAD}")
    text = text.replace("Promote the use of new technologies", f"Promote {IMG} technologies")
    text = text.replace("SMART is used by Kazakhstan", f"SMART {PAYLOAD} is used by Kazakhstan")
    source = root / "hostile.md"
    source.write_text(text, encoding="utf-8")
    settings = Settings(data_dir=root / "data", encoder="hashing")
    build_store([source], settings.data_dir, reason=False, extra=index_hook(settings))
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        yield client


def _assert_escaped(html: str) -> None:
    assert "<script>alert" not in html
    assert "<img src=x" not in html


@pytest.mark.parametrize(
    "path",
    ["/report", "/activities", "/activities/2.3", "/dashboard", "/countries/KZ", "/species"],
)
def test_report_text_is_escaped_in_every_page(hostile_client: TestClient, path: str):
    response = hostile_client.get(path)
    assert response.status_code == 200, path
    _assert_escaped(response.text)


@pytest.mark.parametrize(
    "path, params",
    [
        ("/", {"q": PAYLOAD}),
        ("/", {"q": f"Which countries use SMART? {IMG}"}),
        ("/activities", {"theme": PAYLOAD, "species": IMG}),
        ("/sparql-editor", {"query": f"SELECT * WHERE {{ ?s ?p '{PAYLOAD}' }}"}),
        ("/sparql-editor", {"query": PAYLOAD}),
    ],
)
def test_user_input_is_escaped(hostile_client: TestClient, path: str, params: dict[str, str]):
    response = hostile_client.get(path, params=params)
    assert response.status_code in (200, 400, 422), path
    _assert_escaped(response.text)


@pytest.mark.parametrize(
    "path",
    [
        "/static/../../../../etc/passwd",
        "/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/static/..%2f..%2f..%2fetc%2fpasswd",
        "/id/../../../etc/passwd",
        "/vocab/%2e%2e/%2e%2e/etc/passwd",
        "/vocab/country/..%2f..%2f..%2fpyproject.toml",
    ],
)
def test_no_path_traversal(hostile_client: TestClient, path: str):
    response = hostile_client.get(path)
    assert response.status_code in (400, 404), path
    assert "root:" not in response.text and "[project]" not in response.text


def test_cors_is_off_by_default_and_configurable(tmp_path: Path, hostile_client: TestClient):
    origin = {"origin": "https://evil.example"}
    assert "access-control-allow-origin" not in hostile_client.get("/api/stats", headers=origin).headers
    settings = Settings(data_dir=tmp_path, cors_origins=["https://partner.example"])
    with TestClient(create_app(settings)) as client:
        allowed = client.get("/api/stats", headers={"origin": "https://partner.example"})
        assert allowed.headers["access-control-allow-origin"] == "https://partner.example"
        other = client.get("/api/stats", headers=origin)
        assert "access-control-allow-origin" not in other.headers


def test_errors_leak_no_paths_or_tracebacks(tmp_path: Path, hostile_client: TestClient, monkeypatch):  # type: ignore[no-untyped-def]
    with TestClient(create_app(Settings(data_dir=tmp_path / "nothing"))) as empty:
        for path in ("/api/stats", "/api/search?q=x", "/api/ask?q=x"):
            response = empty.get(path)
            assert response.status_code == 503
            assert str(tmp_path) not in response.text and "Traceback" not in response.text
    from service.web import deps

    def explode(self):  # type: ignore[no-untyped-def]
        raise RuntimeError(f"boom in {tmp_path}/secret/file.py")

    monkeypatch.setattr(deps.Services, "snapshot", explode)
    response = hostile_client.get("/api/stats")
    assert response.status_code == 500
    assert "boom" not in response.text and str(tmp_path) not in response.text
    assert "Traceback" not in response.text
