"""The JSON API and Linked Data over the graph of the bundled report (in-process client)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from service.web.app import create_app


@pytest.fixture(scope="module")
def client(settings) -> Iterator[TestClient]:  # type: ignore[no-untyped-def]
    with TestClient(create_app(settings)) as c:
        yield c


def test_api_ask(client: TestClient):
    data = client.get("/api/ask", params={"q": "What is the implementation status of activity 2.5?"}).json()
    assert data["kind"] == "graph" and data["value"] == "Minimally achieved"
    assert data["evidence"][0]["paragraph"] == 116


def test_api_search_with_filters(client: TestClient):
    data = client.get("/api/search", params={"q": "SMART", "country": "Turkmenistan", "limit": 3}).json()
    assert len(data["results"]) == 3
    assert client.get("/api/search", params={"q": "x", "country": "Atlantis"}).status_code == 422


def test_api_activities_and_trace(client: TestClient):
    items = client.get("/api/activities", params={"species": "Przewalski", "rating": "Not achieved"}).json()
    assert [i["code"] for i in items][:3] == ["20.1", "20.2", "20.3"]
    acted = client.get("/api/activities", params={"country": "Kazakhstan"}).json()
    assert acted and all("Kazakhstan" in i["countries"]["positive"] for i in acted)
    trace = client.get("/api/activities/4.7").json()
    assert trace["countries"]["negative"] == ["Kazakhstan", "Uzbekistan"]
    assert client.get("/api/activities/99.9").status_code == 404


def test_api_species_countries_stats(client: TestClient):
    assert len(client.get("/api/species").json()) == 14
    assert client.get("/api/species/gobi-bear").json()["iucn_category"] == "Not separately assessed"
    kz = client.get("/api/countries/kz").json()
    assert kz["label"] == "Kazakhstan" and kz["statements"]
    assert any(s["negated"] for s in kz["statements"]) or kz["activities"]["negative"]
    assert client.get("/api/stats").json()["classes"]["Paragraph"] == 431


def test_openapi_lists_the_api(client: TestClient):
    paths = client.get("/openapi.json").json()["paths"]
    assert {
        "/api/ask",
        "/api/search",
        "/api/activities",
        "/api/activities/{code}",
        "/api/species",
        "/api/species/{species_id}",
        "/api/countries/{country_id}",
        "/api/stats",
    } <= set(paths)


def test_linked_data_resolves(client: TestClient):
    html = client.get("/vocab/practice/smart", headers={"accept": "text/html"})
    assert html.status_code == 200 and "SMART" in html.text and "Mentioned in the report" in html.text
    turtle = client.get("/vocab/practice/smart.ttl")
    assert turtle.headers["content-type"].startswith("text/turtle")
    jsonld = client.get("/id/doc/unep-cms-cami3-doc-2/para/60", headers={"accept": "application/ld+json"})
    assert (
        jsonld.headers["content-type"].startswith("application/ld+json") and "paragraphNumber" in jsonld.text
    )
    assert client.get("/id/nothing/here", headers={"accept": "text/turtle"}).status_code == 404


def test_pages_render(client: TestClient):
    for url in (
        "/",
        "/report",
        "/activities",
        "/activities/2.3",
        "/dashboard",
        "/species",
        "/countries/UZ",
        "/sparql-editor",
        "/docs",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "<main" in response.text
