"""Server-rendered pages: ask, report reader, activities, dashboard, species, entities, SPARQL editor."""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any
from urllib.parse import urlencode

import anyio
from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup, escape
from rdflib import URIRef

from kg.iris import slug
from kg.queries import (
    country_profile,
    find_document,
    list_species,
    rating_changes,
    report_documents,
    select_rows,
    trace_activity,
)
from ontology import VOCAB
from service.web.deps import Services
from service.web.executor import QueryFailed, QueryTimeoutError
from service.web.results import GRAPH_TYPES

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

EXAMPLES = {
    "Countries using SMART, with evidence": "countries-using-practice",
    "Ratings per theme": "ratings-per-theme",
    "Not-achieved activities per species": "not-achieved-per-species",
    "The evidence behind the rating of 2.3": "rating-evidence",
}


def _services(request: Request) -> Services:
    return request.app.state.services


def _page(request: Request, template: str, active: str, **context: Any) -> HTMLResponse:
    services = _services(request)
    return HTMLResponse(services.render(template, request, active=active, link=_linker(services), **context))


def _linker(services: Services) -> Any:
    base = services.settings.base_iri

    def link(iri: str | None) -> str:
        if not iri:
            return "#"
        if iri.startswith(f"{VOCAB}country/"):
            return f"/countries/{iri.rsplit('/', 1)[-1]}"
        if iri.startswith(f"{VOCAB}species/"):
            return f"/species#{iri.rsplit('/', 1)[-1]}"
        if iri.startswith(str(VOCAB)):
            return "/vocab/" + iri[len(str(VOCAB)) :]
        if iri.startswith(base):
            return "/id/" + iri[len(base) :]
        return iri

    return link


def highlight(text: str, sentence: str | None) -> Markup:
    """The paragraph with its supporting sentence marked."""
    if sentence and sentence in text:
        before, _, after = text.partition(sentence)
        return Markup(f"{escape(before)}<mark>{escape(sentence)}</mark>{escape(after)}")
    return Markup(escape(text))


def _ranks(services: Services) -> dict[str, int | None]:
    rows = select_rows(
        services.graph(),
        "SELECT ?label ?rank WHERE { ?r a cami:Rating ; skos:prefLabel ?label . "
        "OPTIONAL { ?r cami:rank ?rank } }",
    )
    out: dict[str, int | None] = {r["label"]: r["rank"] for r in rows}
    return out


def rank_class(ranks: dict[str, int | None], label: str | None) -> str:
    if not label:
        return "rank-none"
    rank = ranks.get(label)
    if rank is None and label.lower().startswith("achieved in"):
        rank = 3
    return f"rank-{rank}" if rank is not None else "rank-none"


@router.get("/", response_class=HTMLResponse)
async def home(request: Request, q: str | None = None) -> HTMLResponse:
    services = _services(request)
    answer = passages = None
    if q:

        def run() -> tuple[Any, Any]:
            from search.index import hit_json

            engine = services.answerer()
            result = engine.answer(q)
            hits = [hit_json(h) for h in engine.index.search(q, limit=8)]
            return result.as_json(), hits

        answer, passages = await anyio.to_thread.run_sync(run)
    return _page(
        request,
        "home.html",
        "/",
        q=q or "",
        answer=answer,
        passages=passages,
        highlight=highlight,
        sparql_link=lambda query: "/sparql-editor?" + urlencode({"query": query}),
        report_link=_report_link,
        several=len({e.get("document") for e in [*(answer or {}).get("evidence", []), *(passages or [])]})
        > 1,
    )


def _report_link(evidence: dict[str, Any]) -> str:
    """The paragraph in the report it comes from (a review other than the latest by ``?document=``)."""
    document = evidence.get("document")
    query = f"?{urlencode({'document': document})}" if document else ""
    return f"/report{query}#p-{evidence['paragraph']}"


@router.get("/report", response_class=HTMLResponse)
def report(request: Request, document: str | None = None) -> HTMLResponse:
    """One report's paragraphs (the latest review unless ``document`` names another)."""
    graph = _services(request).graph()
    docs = report_documents(graph)
    chosen = find_document(docs, document, -1)
    if chosen is None:
        raise HTTPException(404, f"no report {document!r}")
    rows = select_rows(
        graph,
        """
SELECT ?doc ?n ?text ?section ?order WHERE {
  ?p a cami:Paragraph ; dcterms:isPartOf ?doc ; cami:paragraphNumber ?n ; cami:text ?text ;
     cami:inSection ?s .
  ?s rdfs:label ?section ; cami:order ?order .
} ORDER BY ?n""",
        doc=URIRef(chosen["iri"]),
    )
    sections: list[dict[str, Any]] = []
    for r in rows:
        if not sections or sections[-1]["heading"] != r["section"]:
            sections.append({"heading": r["section"], "paragraphs": []})
        sections[-1]["paragraphs"].append({"n": r["n"], "text": r["text"]})
    title = {"t": chosen["title"], "id": chosen["symbol"]}
    return _page(request, "report.html", "/report", sections=sections, title=title, docs=docs, chosen=chosen)


@router.get("/activities", response_class=HTMLResponse)
def activities(
    request: Request,
    theme: str | None = None,
    species: str | None = None,
    rating: str | None = None,
    country: str | None = None,
) -> HTMLResponse:
    services = _services(request)
    everything = services.activities()
    items = services.activities(
        theme=theme or None,
        species=species or None,
        rating=rating or None,
        country=country or None,
    )
    options = {
        "theme": sorted({i["theme"] for i in everything if i["theme"]}),
        "species": sorted({i["species"] for i in everything if i["species"]}),
        "rating": sorted({i["rating"] for i in everything if i["rating"]}),
        "country": sorted({c for i in everything for c in i["countries"]["positive"]}),
    }
    chosen = {"theme": theme, "species": species, "rating": rating, "country": country}
    return _page(
        request,
        "activities.html",
        "/activities",
        items=items,
        options=options,
        chosen=chosen,
        ranks=_ranks(services),
        rank_class=rank_class,
    )


@router.get("/activities/{code}", response_class=HTMLResponse)
def activity(request: Request, code: str) -> HTMLResponse:
    services = _services(request)
    trace = trace_activity(services.graph(), code)
    if trace is None:
        raise HTTPException(404, f"no activity {code!r}")
    return _page(
        request,
        "activity.html",
        "/activities",
        t=trace,
        ranks=_ranks(services),
        rank_class=rank_class,
        highlight=highlight,
    )


@router.get("/dashboard", response_class=HTMLResponse)
def dashboard(request: Request) -> HTMLResponse:
    services = _services(request)
    items = [i for i in services.activities() if i["code"]]
    ranks = _ranks(services)
    themes = list(dict.fromkeys(i["theme"] for i in items))

    def order(rating: str) -> tuple[int, str]:
        rank = ranks.get(rating)
        return (-(rank if rank is not None else -1), rating)

    ratings = sorted({i["rating"] or "No rating" for i in items}, key=order)
    theme_rating: dict[tuple[str, str], int] = defaultdict(int)
    for i in items:
        theme_rating[(i["theme"], i["rating"] or "No rating")] += 1
    countries = sorted({c for i in items for c in i["countries"]["positive"] + i["countries"]["negative"]})
    country_theme: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: {"positive": 0, "negative": 0})
    for i in items:
        for c in i["countries"]["positive"]:
            country_theme[(c, i["theme"])]["positive"] += 1
        for c in i["countries"]["negative"]:
            country_theme[(c, i["theme"])]["negative"] += 1
    return _page(
        request,
        "dashboard.html",
        "/dashboard",
        themes=themes,
        ratings=ratings,
        theme_rating=theme_rating,
        countries=countries,
        country_theme=country_theme,
        ranks=ranks,
        rank_class=rank_class,
        species=list_species(services.graph()),
        q=urlencode,
    )


@router.get("/species", response_class=HTMLResponse)
def species(request: Request) -> HTMLResponse:
    return _page(
        request, "species.html", "/species", species=list_species(_services(request).graph()), slug=slug
    )


@router.get("/countries/{code}", response_class=HTMLResponse)
def country(request: Request, code: str) -> HTMLResponse:
    services = _services(request)
    profile = country_profile(services.graph(), code)
    if profile is None:
        raise HTTPException(404, f"no country {code!r}")
    return _page(request, "country.html", "", p=profile, ranks=_ranks(services), rank_class=rank_class)


@router.get("/changes", response_class=HTMLResponse)
def changes(request: Request, before: str | None = None, after: str | None = None) -> HTMLResponse:
    """Compare two reviews: which activities' ratings went up, down or changed, with the evidence."""
    services = _services(request)
    graph = services.graph()
    docs = report_documents(graph)
    try:
        result: dict[str, Any] | None = rating_changes(graph, before or None, after or None)
        problem = None
    except LookupError as exc:
        result, problem = None, str(exc)
    return _page(
        request,
        "changes.html",
        "/changes",
        docs=docs,
        result=result,
        problem=problem,
        ranks=_ranks(services),
        rank_class=rank_class,
    )


@router.get("/sparql-editor", response_class=HTMLResponse)
async def sparql_editor(
    request: Request, query: str | None = None, example: str | None = None
) -> HTMLResponse:
    from kg.queries import named_query

    services = _services(request)
    if example and example in EXAMPLES.values():
        query = named_query(example)
    result = error = None
    if query:
        try:
            result = await anyio.to_thread.run_sync(lambda: services.executor().run(query))
        except (QueryFailed, QueryTimeoutError) as exc:
            error = str(exc)
    return _page(
        request,
        "sparql.html",
        "/sparql-editor",
        query=query or "",
        result=result,
        error=error,
        examples=EXAMPLES,
        download=lambda fmt: "/sparql?" + urlencode({"query": query or "", "format": fmt}),
    )


def _resource(request: Request, iri: str, suffix: str | None) -> Response:
    services = _services(request)
    accept = request.headers.get("accept", "")
    construct = f"CONSTRUCT {{ <{iri}> ?p ?o }} WHERE {{ <{iri}> ?p ?o }}"
    media = {
        "ttl": "text/turtle",
        "jsonld": "application/ld+json",
        "nt": "application/n-triples",
        "rdf": "application/rdf+xml",
    }.get(suffix or "")
    if media is None and "text/html" not in accept:
        media = next((m for m in GRAPH_TYPES if m in accept), None) or ("text/turtle" if accept else None)
    if media is not None:
        from service.web.results import serialize

        result = services.executor().run(construct)
        if not result.triples:
            raise HTTPException(404, f"nothing is known about {iri}")
        return Response(serialize(result, media), media_type=media)
    rows = select_rows(
        services.graph(),
        f"""SELECT ?p ?o ?label WHERE {{ <{iri}> ?p ?o .
        OPTIONAL {{ ?o skos:prefLabel|rdfs:label ?label }} }} ORDER BY ?p""",
    )
    if not rows:
        raise HTTPException(404, f"nothing is known about {iri}")
    mentions = select_rows(
        services.graph(),
        f"""SELECT ?n ?text ?polarity WHERE {{
        ?m oa:hasBody <{iri}> ; cami:polarity ?polarity ; cami:inSentence ?s .
        ?s cami:text ?text ; cami:inParagraph/cami:paragraphNumber ?n }} ORDER BY ?n""",
    )
    label = next((r["o"] for r in rows if r["p"].endswith(("prefLabel", "#label"))), iri.rsplit("/", 1)[-1])
    return _page(request, "resource.html", "", iri=iri, label=label, rows=rows, mentions=mentions)


@router.get("/id/{path:path}")
def data_resource(request: Request, path: str) -> Response:
    base, suffix = _split_suffix(path)
    return _resource(request, _services(request).settings.base_iri + base, suffix)


@router.get("/vocab/{path:path}")
def vocab_resource(request: Request, path: str) -> Response:
    base, suffix = _split_suffix(path)
    return _resource(request, f"{VOCAB}{base}", suffix)


def _split_suffix(path: str) -> tuple[str, str | None]:
    m = re.match(r"^(.*)\.(ttl|jsonld|nt|rdf)$", path)
    return (m.group(1), m.group(2)) if m else (path, None)


@router.get("/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> HTMLResponse:
    spec = request.app.openapi()
    operations = []
    for path, methods in spec.get("paths", {}).items():
        for method, op in methods.items():
            params = [p["name"] + ("" if p.get("required") else "?") for p in op.get("parameters", [])]
            operations.append(
                {"method": method.upper(), "path": path, "summary": op.get("summary", ""), "params": params}
            )
    return _page(request, "docs.html", "/docs", operations=operations, version=spec["info"]["version"])


@router.get("/sparql-examples/{name}")
def example(name: str) -> RedirectResponse:
    return RedirectResponse("/sparql-editor?" + urlencode({"example": name}))


del Query
