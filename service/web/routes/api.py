"""The JSON API: the CLI's contracts over HTTP, documented at /docs (OpenAPI)."""

from __future__ import annotations

from typing import Annotated, Any

import anyio
from fastapi import APIRouter, HTTPException, Query, Request

from kg.iris import slug
from kg.queries import list_activities, list_species, select_rows, stats, trace_activity
from ontology import CAMI, VOCAB
from service.web.deps import Services

__all__ = ["router"]

router = APIRouter(prefix="/api", tags=["api"])


def _services(request: Request) -> Services:
    return request.app.state.services


@router.get("/ask", summary="Answer a question from the graph, with evidence")
async def ask(request: Request, q: Annotated[str, Query(min_length=1, max_length=1000)]) -> dict[str, Any]:
    services = _services(request)
    result = await anyio.to_thread.run_sync(lambda: services.answerer().answer(q))
    return result.as_json()


@router.get("/search", summary="Hybrid search over paragraphs")
async def search(
    request: Request,
    q: Annotated[str, Query(min_length=1, max_length=1000)],
    limit: Annotated[int, Query(ge=1, le=100)] = 10,
    country: str | None = None,
    species: str | None = None,
    theme: str | None = None,
    rating: str | None = None,
) -> dict[str, Any]:
    from search.index import Filters, hit_json

    services = _services(request)

    def run() -> dict[str, Any]:
        index = services.answerer().index
        filters = Filters(
            country=_concept(index.lexicon, country, CAMI.Country),
            species=_concept(index.lexicon, species, CAMI.Species),
            theme=theme,
            rating=rating,
        )
        return {"query": q, "results": [hit_json(h) for h in index.search(q, limit=limit, filters=filters)]}

    return await anyio.to_thread.run_sync(run)


def _concept(lexicon: Any, name: str | None, cls: Any) -> str | None:
    if not name:
        return None
    if name.startswith("http"):
        return name
    concept = lexicon.find(name, str(cls))
    if concept is None:
        raise HTTPException(422, f"unknown {str(cls).rsplit('#', 1)[-1].lower()}: {name}")
    return concept.iri


@router.get("/activities", summary="POW activities with rating, evidence and acting countries")
def activities(
    request: Request,
    theme: str | None = None,
    species: str | None = None,
    rating: str | None = None,
    country: str | None = None,
) -> list[dict[str, Any]]:
    items = list_activities(_services(request).graph(), theme=theme, species=species, rating=rating)
    if country:
        wanted = country.lower()
        items = [i for i in items if any(c.lower() == wanted for c in i["countries"]["positive"])]
    return [{k: v for k, v in i.items() if k != "parent"} for i in items]


@router.get("/activities/{code}", summary="An activity's rating and everything that supports it")
def activity(request: Request, code: str) -> dict[str, Any]:
    result = trace_activity(_services(request).graph(), code)
    if result is None:
        raise HTTPException(404, f"no activity {code!r}")
    return result


@router.get("/species", summary="Species profiles")
def species_list(request: Request) -> list[dict[str, Any]]:
    return list_species(_services(request).graph())


@router.get("/species/{species_id}", summary="One species profile (id: slug such as snow-leopard)")
def species_one(request: Request, species_id: str) -> dict[str, Any]:
    for item in list_species(_services(request).graph()):
        if slug(item["name"]) == species_id:
            return item
    raise HTTPException(404, f"no species profile {species_id!r}")


_COUNTRY = """
SELECT ?label ?predicate ?object ?objectLabel ?polarity ?n ?text WHERE {
  ?c skos:prefLabel ?label .
  ?st cami:subject ?c ; cami:predicate ?predicate ; cami:object ?object ; cami:polarity ?polarity ;
      cami:evidenceSentence ?s .
  ?s cami:text ?text ; cami:inParagraph/cami:paragraphNumber ?n .
  ?object skos:prefLabel ?objectLabel .
} ORDER BY ?n
"""


@router.get("/countries/{country_id}", summary="What the graph says a country did and did not do")
def country(request: Request, country_id: str) -> dict[str, Any]:
    iri = f"{VOCAB}country/{country_id.upper()}"
    graph = _services(request).graph()
    label_rows = select_rows(graph, "SELECT ?c ?label WHERE { ?c skos:prefLabel ?label }", c=_iri(iri))
    if not label_rows:
        raise HTTPException(404, f"no country {country_id!r} (use an ISO 3166-1 alpha-2 code)")
    rows = select_rows(
        graph,
        _COUNTRY.replace("?c skos:prefLabel", f"<{iri}> skos:prefLabel").replace(
            "cami:subject ?c", f"cami:subject <{iri}>"
        ),
    )
    statements = [
        {
            "relation": r["predicate"].rsplit("#", 1)[-1],
            "object": {"label": r["objectLabel"], "iri": r["object"]},
            "negated": r["polarity"].endswith("Negative"),
            "paragraph": r["n"],
            "sentence": r["text"],
        }
        for r in rows
    ]
    acted = [
        i["code"] for i in list_activities(graph) if label_rows[0]["label"] in i["countries"]["positive"]
    ]
    did_not = [
        i["code"] for i in list_activities(graph) if label_rows[0]["label"] in i["countries"]["negative"]
    ]
    return {
        "iri": iri,
        "label": label_rows[0]["label"],
        "statements": statements,
        "activities": {"positive": acted, "negative": did_not},
    }


def _iri(value: str) -> Any:
    from rdflib import URIRef

    return URIRef(value)


@router.get("/stats", summary="Counts of what the graph holds")
def graph_stats(request: Request) -> dict[str, Any]:
    services = _services(request)
    data = stats(services.graph())
    data["build"] = services.store.manifest()
    return data
