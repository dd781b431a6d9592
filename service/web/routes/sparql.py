"""The SPARQL 1.1 Protocol endpoint (W3C Recommendation, section 2.1 query operation), read-only."""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode

import anyio
from fastapi import APIRouter, Request
from fastapi.responses import PlainTextResponse, RedirectResponse, Response

from kg.policy import READ_ONLY, QueryRefused, check_query
from service.web.deps import Services
from service.web.executor import QueryFailed, QueryTimeoutError
from service.web.results import choose, serialize

__all__ = ["router"]

router = APIRouter(tags=["sparql"])


def _error(status: int, message: str) -> PlainTextResponse:
    return PlainTextResponse(message + "\n", status_code=status)


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset":
            return value.strip().strip('"').lower()
    return None


def _service_description(endpoint: str, federation: bool) -> str:
    # SPARQL 1.1 Service Description, section 3.
    feature = "    sd:feature sd:BasicFederatedQuery ;\n" if federation else ""
    return f"""@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix formats: <http://www.w3.org/ns/formats/> .

<{endpoint}> a sd:Service ;
    sd:endpoint <{endpoint}> ;
    sd:supportedLanguage sd:SPARQL11Query ;
    sd:resultFormat formats:SPARQL_Results_JSON, formats:SPARQL_Results_XML, formats:SPARQL_Results_CSV,
        formats:SPARQL_Results_TSV, formats:Turtle, formats:N-Triples, formats:RDF_XML, formats:JSON-LD ;
{feature}    sd:defaultDataset [
        a sd:Dataset ;
        sd:defaultGraph [ a sd:Graph ]
    ] .
"""


@router.api_route("/sparql", methods=["GET", "POST", "PUT", "DELETE", "PATCH"], include_in_schema=False)
@router.api_route("/sparql/", methods=["GET", "POST", "PUT", "DELETE", "PATCH"], include_in_schema=False)
async def sparql(request: Request) -> Response:
    """SPARQL 1.1 query via GET, URL-encoded POST or direct POST."""
    services: Services = request.app.state.services
    if request.method not in ("GET", "POST"):
        return _error(405, f"{request.method} is not a SPARQL protocol operation; use GET or POST")
    params = request.query_params
    queries = params.getlist("query")
    updates = params.getlist("update")
    default_graphs = params.getlist("default-graph-uri")
    named_graphs = params.getlist("named-graph-uri")
    if request.method == "POST":
        raw_type = request.headers.get("content-type", "")
        media = raw_type.split(";")[0].strip().lower()
        charset = _charset(raw_type)
        if charset and charset not in ("utf-8", "utf8"):
            return _error(415, f"only UTF-8 is accepted, not charset={charset}")
        body = await request.body()
        if len(body) > services.settings.max_request_bytes:
            return _error(413, f"request body over {services.settings.max_request_bytes} bytes")
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return _error(400, "the request body is not valid UTF-8")
        if media == "application/x-www-form-urlencoded":
            form = parse_qs(text, keep_blank_values=True)
            queries += form.get("query", [])
            updates += form.get("update", [])
            default_graphs += form.get("default-graph-uri", [])
            named_graphs += form.get("named-graph-uri", [])
        elif media == "application/sparql-query":
            queries.append(text)
        elif media == "application/sparql-update":
            updates.append(text)
        elif not media:
            return _error(
                400,
                "a POST needs a Content-Type: application/x-www-form-urlencoded or application/sparql-query",
            )
        else:
            return _error(
                415,
                f"unsupported Content-Type {media!r}; use application/x-www-form-urlencoded "
                "or application/sparql-query",
            )
    if updates:
        return _error(403, READ_ONLY)
    if not queries:
        if "text/html" in request.headers.get("accept", ""):
            return RedirectResponse("/sparql-editor", status_code=303)
        endpoint = str(request.url).split("?")[0]
        federation = services.settings.sparql_allow_service
        return Response(_service_description(endpoint, federation), media_type="text/turtle")
    if len(queries) > 1:
        return _error(400, "exactly one query parameter is allowed")
    query = queries[0]
    if len(query.encode()) > services.settings.max_query_bytes:
        return _error(413, f"query over {services.settings.max_query_bytes} bytes")
    try:
        check_query(query, default_graphs, named_graphs, allow_service=services.settings.sparql_allow_service)
    except QueryRefused as exc:
        return _error(403, str(exc))
    accept: str | None = request.headers.get("accept")
    if accept and "text/html" in accept and request.method == "GET" and "format" not in params:
        return RedirectResponse("/sparql-editor?" + urlencode({"query": query}), status_code=303)
    base_iri = str(request.url).split("?")[0]  # the service-defined base: the endpoint itself
    try:
        result = await anyio.to_thread.run_sync(
            lambda: services.executor().run(query, default_graphs, named_graphs, base_iri)
        )
    except QueryTimeoutError as exc:
        return _error(503, str(exc))
    except QueryFailed as exc:
        message = str(exc)
        status = 400 if "syntax" in message.lower() or "parse" in message.lower() else 500
        if "update" in message.lower() and status == 400:
            return _error(403, READ_ONLY)
        return _error(status, message)
    chosen = choose(result.kind, accept, params.get("format"))
    if chosen is None:
        return _error(406, f"cannot answer this query as {accept}")
    headers = {}
    if result.truncated:
        cap = services.settings.sparql_row_cap
        headers["X-SPARQL-Truncated"] = str(cap)
        headers["Warning"] = f'199 camikg "result truncated at {cap} rows; add LIMIT/OFFSET to page"'
    return Response(serialize(result, chosen), media_type=chosen, headers=headers)
