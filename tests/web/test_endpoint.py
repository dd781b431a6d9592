"""The SPARQL endpoint's limits and real clients over loopback."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from service.config import Settings
from service.web.app import create_app
from tests.web.conftest import serve_in_thread

# A query that keeps the store busy far beyond a short timeout whatever the data: 100^5 solutions to count.
_VALUES = " ".join(str(i) for i in range(100))
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { " + " ".join(f"VALUES ?v{k} {{ {_VALUES} }}" for k in range(5)) + " }"


def test_timeout_stops_the_query_and_frees_the_worker(w3c_settings: Settings):
    settings = w3c_settings.model_copy(update={"sparql_timeout": 0.5, "sparql_workers": 1})
    with TestClient(create_app(settings)) as client:
        started = time.monotonic()
        response = client.get("/sparql", params={"query": SLOW})
        assert response.status_code == 503
        assert "longer than 0.5 s" in response.text
        assert time.monotonic() - started < 10
        # The single worker slot is free again: the next query runs.
        assert client.get("/sparql", params={"query": "ASK {}"}).json()["boolean"] is True


def test_row_cap_is_signalled(w3c_settings: Settings):
    settings = w3c_settings.model_copy(update={"sparql_row_cap": 2})
    with TestClient(create_app(settings)) as client:
        response = client.get("/sparql", params={"query": "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }"})
        assert response.status_code == 200
        assert len(response.json()["results"]["bindings"]) == 2
        assert response.headers["X-SPARQL-Truncated"] == "2"
        assert "truncated at 2 rows" in response.headers["Warning"]
        small = client.get("/sparql", params={"query": "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 1"})
        assert "X-SPARQL-Truncated" not in small.headers


def test_updates_are_refused(w3c_client):  # type: ignore[no-untyped-def]
    for kwargs in (
        {"data": {"update": "CLEAR ALL"}},
        {"content": b"CLEAR ALL", "headers": {"content-type": "application/sparql-update"}},
    ):
        response = w3c_client.post("/sparql", **kwargs)
        assert response.status_code == 403 and "read-only" in response.text
    assert w3c_client.get("/sparql", params={"query": "CLEAR ALL"}).status_code in (400, 403)


def test_request_size_limit(w3c_settings: Settings):
    settings = w3c_settings.model_copy(update={"max_request_bytes": 100, "max_query_bytes": 50})
    with TestClient(create_app(settings)) as client:
        assert client.post("/sparql", data={"query": "ASK {}" + " " * 200}).status_code == 413
        assert client.get("/sparql", params={"query": "ASK {" + " " * 80 + "}"}).status_code == 413


def test_result_formats(w3c_client):  # type: ignore[no-untyped-def]
    query = "SELECT ?s WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 1"
    for accept in ("application/sparql-results+xml", "text/csv", "text/tab-separated-values"):
        response = w3c_client.get("/sparql", params={"query": query}, headers={"accept": accept})
        assert response.headers["content-type"].startswith(accept)
    construct = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"
    for accept in ("text/turtle", "application/n-triples", "application/rdf+xml", "application/ld+json"):
        response = w3c_client.get("/sparql", params={"query": construct}, headers={"accept": accept})
        assert response.status_code == 200 and response.headers["content-type"].startswith(accept)
    refused = w3c_client.get("/sparql", params={"query": query}, headers={"accept": "image/png"})
    assert refused.status_code == 406


@pytest.fixture(scope="module")
def live_endpoint(w3c_settings: Settings) -> Iterator[str]:
    with serve_in_thread(create_app(w3c_settings)) as url:
        yield url + "/sparql"


def test_sparqlwrapper_client(live_endpoint: str):
    from SPARQLWrapper import JSON, SPARQLWrapper

    client = SPARQLWrapper(live_endpoint)
    client.setQuery("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    client.setReturnFormat(JSON)
    result = client.query().convert()
    assert int(result["results"]["bindings"][0]["n"]["value"]) > 0  # type: ignore[index,call-overload]


def test_rdflib_sparqlstore_client(live_endpoint: str):
    from rdflib import Graph
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    graph = Graph(store=SPARQLStore(live_endpoint))
    rows = list(graph.query("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 1"))
    assert rows and str(rows[0][0]).startswith("http://kasei.us/")


del Path
