"""SPARQL result serialization and content negotiation (SPARQL 1.1 Query Results JSON/XML/CSV/TSV)."""

from __future__ import annotations

import csv
import io
import json
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from service.web.executor import Result

__all__ = ["GRAPH_TYPES", "SOLUTION_TYPES", "choose", "serialize"]

SOLUTION_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/x-turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}
_DEFAULT = {
    "solutions": "application/sparql-results+json",
    "boolean": "application/sparql-results+json",
    "graph": "text/turtle",
}


def _accepted(accept: str | None) -> list[tuple[str, float]]:
    out = []
    for part in (accept or "").split(","):
        fields = [f.strip() for f in part.split(";")]
        if not fields[0]:
            continue
        q = 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        out.append((fields[0].lower(), q))
    return sorted(out, key=lambda x: -x[1])


def choose(kind: str, accept: str | None, override: str | None = None) -> str | None:
    """The media type to answer with; None when nothing acceptable can be produced (406)."""
    offered = GRAPH_TYPES if kind == "graph" else SOLUTION_TYPES
    if override and override in offered:
        return override
    prefs = _accepted(accept)
    if not prefs:
        return _DEFAULT[kind]
    for media, q in prefs:
        if q <= 0:
            continue
        if media in offered:
            return media
        if media in ("*/*", "application/*", "text/*"):
            return _DEFAULT[kind]
    return None


def _json_term(term: tuple[str, str, str | None, str | None]) -> dict[str, str]:
    kind, value, datatype, language = term
    out = {"type": kind, "value": value}
    if language:
        out["xml:lang"] = language
    elif datatype and datatype != "http://www.w3.org/2001/XMLSchema#string" and kind == "literal":
        out["datatype"] = datatype
    return out


def _xml_term(term: tuple[str, str, str | None, str | None]) -> str:
    kind, value, datatype, language = term
    if kind == "uri":
        return f"<uri>{escape(value)}</uri>"
    if kind == "bnode":
        return f"<bnode>{escape(value)}</bnode>"
    attrs = ""
    if language:
        attrs = f" xml:lang={quoteattr(language)}"
    elif datatype and datatype != "http://www.w3.org/2001/XMLSchema#string":
        attrs = f" datatype={quoteattr(datatype)}"
    return f"<literal{attrs}>{escape(value)}</literal>"


def _tsv_term(term: tuple[str, str, str | None, str | None] | None) -> str:
    if term is None:
        return ""
    kind, value, datatype, language = term
    if kind == "uri":
        return f"<{value}>"
    if kind == "bnode":
        return f"_:{value}"
    text = (
        '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t") + '"'
    )
    if language:
        return f"{text}@{language}"
    if datatype and datatype != "http://www.w3.org/2001/XMLSchema#string":
        return f"{text}^^<{datatype}>"
    return text


def serialize(result: Result, media: str) -> bytes:
    """Encode ``result`` as ``media``."""
    if result.kind == "graph":
        triples = list(ox.parse(result.triples, format=ox.RdfFormat.N_TRIPLES)) if result.triples else []
        return ox.serialize(triples, format=GRAPH_TYPES[media]) or b""
    fmt = SOLUTION_TYPES[media]
    if result.kind == "boolean":
        if fmt == "xml":
            value = "true" if result.boolean else "false"
            return (
                f'<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head/>'
                f"<boolean>{value}</boolean></sparql>\n"
            ).encode()
        if fmt in ("csv", "tsv"):
            return b"_askResult\n" + (b"true\n" if result.boolean else b"false\n")
        return json.dumps({"head": {}, "boolean": bool(result.boolean)}).encode()
    if fmt == "json":
        bindings = [
            {v: _json_term(t) for v, t in zip(result.variables, row, strict=True) if t is not None}
            for row in result.rows
        ]
        return json.dumps({"head": {"vars": result.variables}, "results": {"bindings": bindings}}).encode()
    if fmt == "xml":
        parts = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>']
        parts += [f"<variable name={quoteattr(v)}/>" for v in result.variables]
        parts.append("</head><results>")
        for row in result.rows:
            parts.append("<result>")
            for v, t in zip(result.variables, row, strict=True):
                if t is not None:
                    parts.append(f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>")
            parts.append("</result>")
        parts.append("</results></sparql>\n")
        return "".join(parts).encode()
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(result.variables)
        for row in result.rows:
            writer.writerow(["" if t is None else (f"_:{t[1]}" if t[0] == "bnode" else t[1]) for t in row])
        return buffer.getvalue().encode()
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    lines += ["\t".join(_tsv_term(t) for t in row) for row in result.rows]
    return ("\n".join(lines) + "\n").encode()
