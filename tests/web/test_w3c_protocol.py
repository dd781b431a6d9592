"""The W3C SPARQL 1.1 Protocol test suite, run against the app: each test's HTTP request is rebuilt from
its ht: triples. Update tests are refused by design (a read-only endpoint answers them with 4xx)."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest
import rdflib
from rdflib.collection import Collection

from tests.web.conftest import W3C

HT = rdflib.Namespace("http://www.w3.org/2011/http#")
MF = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
CNT = rdflib.Namespace("http://www.w3.org/2011/content#")
HTS = rdflib.Namespace("http://www.w3.org/2011/http-statusCodes#")

BOOLEAN = {"application/sparql-results+json", "application/sparql-results+xml"}
TABULAR = BOOLEAN | {"text/csv", "text/tab-separated-values"}
RDF = {"text/turtle", "application/n-triples", "application/rdf+xml", "application/ld+json"}


@dataclass
class Case:
    name: str
    label: str
    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    statuses: set[str]
    fmt: str | None
    boolean: bool | None


def _cases() -> list[Case]:
    g = rdflib.Graph().parse(W3C / "manifest.ttl", format="turtle")
    manifest = next(g.subjects(rdflib.RDF.type, MF.Manifest))
    entries = Collection(g, g.value(manifest, MF.entries))
    cases = []
    for test in entries:
        action = g.value(test, MF.action)
        for request in Collection(g, g.value(action, HT.requests)):
            headers = {}
            header_list = g.value(request, HT.headers)
            if header_list is not None:
                for h in Collection(g, header_list):
                    headers[str(g.value(h, HT.fieldName))] = str(g.value(h, HT.fieldValue))
            body_node = g.value(request, HT.body)
            body = None
            if body_node is not None:
                encoding = str(g.value(body_node, CNT.characterEncoding) or "UTF-8")
                body = str(g.value(body_node, CNT.chars)).encode(encoding.lower())
            resp = g.value(request, HT.resp)
            cases.append(
                Case(
                    name=str(test).rsplit("#", 1)[-1],
                    label=str(g.value(test, MF.name)),
                    method=str(g.value(request, HT.methodName)),
                    path=str(g.value(request, HT.absolutePath)),
                    headers=headers,
                    body=body,
                    statuses={str(s).rsplit("#", 1)[-1] for s in g.objects(resp, MF.expectedStatus)},
                    fmt=str(g.value(resp, MF.expectedFormat)) if g.value(resp, MF.expectedFormat) else None,
                    boolean=g.value(resp, MF.expectedBoolean).toPython()
                    if g.value(resp, MF.expectedBoolean)
                    else None,
                )
            )
    return cases


CASES = _cases()


def test_the_suite_has_every_test():
    assert len({c.name for c in CASES}) == 34


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_protocol(w3c_client, case: Case):  # type: ignore[no-untyped-def]
    response = w3c_client.request(case.method, case.path, headers=case.headers, content=case.body)
    status_class = f"StatusCode{str(response.status_code)[0]}xx"
    if case.name.startswith("update_"):
        is_update = (
            "update=" in case.path
            or b"update=" in (case.body or b"")
            or "sparql-update" in str(case.headers.get("content-type", ""))
        )
        if is_update:  # read-only by design: refused with a message saying why
            assert response.status_code == 403 and "read-only" in response.text, case.label
        else:  # the test's follow-up query still runs; its expected answer assumed the update took effect
            assert response.status_code == 200, case.label
        return
    assert status_class in case.statuses, (case.label, response.status_code, response.text[:200])
    if not status_class.startswith("StatusCode2"):
        return
    media = response.headers["content-type"].split(";")[0]
    if case.fmt == "boolean":
        assert media in BOOLEAN, case.label
    elif case.fmt == "tabular":
        assert media in TABULAR, case.label
    elif case.fmt == "RDF":
        assert media in RDF, case.label
    if case.boolean is not None:
        data = json.loads(response.text) if "json" in media else None
        value = data["boolean"] if data is not None else ("<boolean>true</boolean>" in response.text)
        assert value is case.boolean, case.label


def test_service_description(w3c_client):  # type: ignore[no-untyped-def]
    """SPARQL 1.1 Service Description tests: returns RDF, has a matching sd:endpoint, follows the schema."""
    response = w3c_client.get("/sparql", headers={"accept": "text/turtle"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/turtle")
    graph = rdflib.Graph().parse(data=response.text, format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    service = next(graph.subjects(rdflib.RDF.type, sd.Service))
    assert (service, sd.endpoint, rdflib.URIRef("http://www.example/sparql")) in graph
    assert (service, sd.supportedLanguage, sd.SPARQL11Query) in graph
    assert graph.value(service, sd.defaultDataset) is not None
