"""The JSON API: the CLI's contracts over HTTP, documented at /docs (OpenAPI)."""

from __future__ import annotations

from typing import Annotated, Any

import anyio
from fastapi import APIRouter, HTTPException, Query, Request

from kg.iris import slug
from kg.queries import (
    country_profile,
    list_species,
    rating_changes,
    report_documents,
    stats,
    trace_activity,
)
from ontology import CAMI
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
    document: Annotated[str | None, Query(description="one review: its symbol or IRI")] = None,
) -> list[dict[str, Any]]:
    items = _services(request).activities(
        theme=theme,
        species=species,
        rating=rating,
        country=country,
        document=document,
    )
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


@router.get("/countries/{country_id}", summary="What the graph says a country did and did not do")
def country(request: Request, country_id: str) -> dict[str, Any]:
    profile = country_profile(_services(request).graph(), country_id)
    if profile is None:
        raise HTTPException(404, f"no country {country_id!r} (use an ISO 3166-1 alpha-2 code)")
    acts = profile["activities"]
    return {**profile, "activities": {k: [i["code"] for i in v] for k, v in acts.items()}}


@router.get("/documents", summary="The reports in the graph, oldest review first")
def documents(request: Request) -> list[dict[str, Any]]:
    return report_documents(_services(request).graph())


@router.get("/changes", summary="Activities whose rating changed between two reviews, with evidence")
def changes(
    request: Request,
    before: Annotated[
        str | None, Query(alias="from", description="earlier review (default: previous)")
    ] = None,
    after: Annotated[str | None, Query(alias="to", description="later review (default: latest)")] = None,
) -> dict[str, Any]:
    try:
        return rating_changes(_services(request).graph(), before, after)
    except LookupError as exc:
        raise HTTPException(404, str(exc)) from exc


@router.get("/stats", summary="Counts of what the graph holds")
def graph_stats(request: Request) -> dict[str, Any]:
    services = _services(request)
    folder, graph = services.snapshot()
    data = stats(graph)
    data["build"] = services.store.manifest(folder)
    return data
