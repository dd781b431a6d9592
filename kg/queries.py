"""Named SPARQL queries over the graph and typed mappers to the CLI/API JSON contracts."""

from __future__ import annotations

import re
from collections import defaultdict
from importlib import resources
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.query import Result

from kg.errors import QueryError
from kg.policy import check_query
from ontology import PREFIXES as PREFIX_MAP

__all__ = [
    "PREFIXES",
    "activity_sort_key",
    "country_profile",
    "list_activities",
    "list_species",
    "named_query",
    "run_query",
    "select_rows",
    "stats",
    "trace_activity",
]

PREFIXES = "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in PREFIX_MAP.items())


def named_query(name: str) -> str:
    """Return the text of ``kg/sparql/<name>.rq``."""
    try:
        return (resources.files("kg.sparql") / f"{name}.rq").read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise QueryError(f"no named query {name!r}") from exc


def run_query(graph: Graph, sparql: str, **bindings: Any) -> Result:
    """Run a SPARQL query (our prefixes are predeclared); raise QueryError with the parser's message."""
    text = sparql if "PREFIX cami:" in sparql else PREFIXES + sparql
    check_query(text)
    try:
        init = {k: v if isinstance(v, URIRef | Literal) else Literal(v) for k, v in bindings.items()}
        return graph.query(text, initBindings=init)
    except Exception as exc:  # rdflib/pyoxigraph raise SyntaxError, ValueError, OSError...
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise QueryError(f"SPARQL query failed: {message}") from exc


def select_rows(graph: Graph, sparql: str, **bindings: Any) -> list[dict[str, Any]]:
    """Run a SELECT query and return its rows as dicts of Python values (IRIs as strings)."""
    result = run_query(graph, sparql, **bindings)
    names = [str(v) for v in result.vars or []]
    out = []
    for row in result:
        out.append({n: (_py(row[i]) if row[i] is not None else None) for i, n in enumerate(names)})  # type: ignore[index]
    return out


def _py(term: Any) -> Any:
    return term.toPython() if isinstance(term, Literal) else str(term)


def activity_sort_key(code: str | None) -> tuple[Any, ...]:
    """Natural order of POW codes: 1.2 < 1.2.a < 1.10 < 2.1."""
    if code is None:
        return (10**6,)
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"[.]", code))


_ASSESSMENTS = """
SELECT ?a ?act ?code ?title ?theme ?species ?rating ?raw ?section ?sectionLabel ?parent WHERE {
  ?a a cami:Assessment .
  OPTIONAL {
    ?a cami:assessedActivity ?act .
    ?act cami:activityCode ?code ; dcterms:title ?title .
    OPTIONAL { ?act cami:themeLabel ?theme }
    OPTIONAL { ?act cami:aboutSpecies/skos:prefLabel ?species }
    OPTIONAL { ?act cami:parentActivity/cami:activityCode ?parent }
  }
  OPTIONAL {
    ?a cami:assessedSection ?section .
    ?section rdfs:label ?sectionLabel ; dcterms:isPartOf/rdfs:label ?theme .
    OPTIONAL { ?section cami:aboutSpecies/skos:prefLabel ?species }
  }
  OPTIONAL { ?a cami:ratingLabel ?rating }
  OPTIONAL { ?a cami:ratingAsWritten ?raw }
}
"""

_UNASSESSED = """
SELECT ?act ?code ?title ?theme ?species WHERE {
  ?act a cami:Activity ; cami:activityCode ?code ; dcterms:title ?title .
  FILTER NOT EXISTS { ?a cami:assessedActivity ?act }
  FILTER NOT EXISTS { ?child cami:parentActivity ?act }
  OPTIONAL { ?act cami:themeLabel ?theme }
  OPTIONAL { ?act cami:aboutSpecies/skos:prefLabel ?species }
}
"""

_EVIDENCE = """
SELECT ?a ?n WHERE { ?a a cami:Assessment ; cami:evidenceParagraph/cami:paragraphNumber ?n }
"""

_SEE_ALSO = """SELECT ?a ?text WHERE { ?a a cami:Assessment ; cami:seeAlsoText ?text }"""

_COUNTRIES = """
SELECT DISTINCT ?a ?name ?polarity WHERE {
  ?a a cami:Assessment ; cami:evidenceParagraph ?p .
  ?s cami:inParagraph ?p .
  ?m cami:inSentence ?s ; cami:entityType cami:Country ; oa:hasBody ?c ; cami:polarity ?polarity .
  ?c skos:prefLabel ?name .
}
"""


def list_activities(
    graph: Graph,
    theme: str | None = None,
    species: str | None = None,
    rating: str | None = None,
    country: str | None = None,
    document: str | None = None,
) -> list[dict[str, Any]]:
    """Activities with rating, evidence and acting countries (the ``activities --json`` contract).

    One item per assessment: with several reports, an activity appears once per review, its
    ``document`` the report's symbol. ``country`` keeps the activities whose evidence says that country
    acted; ``document`` (symbol or IRI) keeps one review's assessments.
    """
    docs = report_documents(graph)
    evidence: dict[str, list[int]] = defaultdict(list)
    for row in select_rows(graph, _EVIDENCE):
        evidence[row["a"]].append(int(row["n"]))
    see: dict[str, list[str]] = defaultdict(list)
    for row in select_rows(graph, _SEE_ALSO):
        see[row["a"]].append(row["text"])
    countries: dict[str, dict[str, set[str]]] = defaultdict(lambda: {"positive": set(), "negative": set()})
    for row in select_rows(graph, _COUNTRIES):
        key = "negative" if row["polarity"].endswith("Negative") else "positive"
        countries[row["a"]][key].add(row["name"])
    items: list[dict[str, Any]] = []
    for row in select_rows(graph, _ASSESSMENTS):
        a = row["a"]
        found = countries.get(a, {"positive": set(), "negative": set()})
        doc = document_of(a, docs)
        items.append(
            {
                "code": row["code"],
                "document": doc["symbol"] if doc else None,
                "theme": row["theme"],
                "species": row["species"],
                "title": row["title"] or row["sectionLabel"],
                "rating": row["rating"],
                "rating_raw": row["raw"],
                "see_also": sorted(set(see.get(a, [])), key=lambda t: activity_sort_key(t.replace("-", "."))),
                "evidence_paragraphs": sorted(set(evidence.get(a, []))),
                "countries": {k: sorted(v) for k, v in found.items()},
                "parent": row["parent"],
            }
        )
    for row in select_rows(graph, _UNASSESSED):
        items.append(
            {
                "code": row["code"],
                "document": None,
                "theme": row["theme"],
                "species": row["species"],
                "title": row["title"],
                "rating": None,
                "rating_raw": None,
                "see_also": [],
                "evidence_paragraphs": [],
                "countries": {"positive": [], "negative": []},
                "parent": None,
            }
        )
    items.sort(key=lambda i: (min(i["evidence_paragraphs"] or [10**6]), activity_sort_key(i["code"])))
    return filter_activities(items, docs, theme, species, rating, country, document)


def filter_activities(
    items: list[dict[str, Any]],
    documents: list[dict[str, Any]],
    theme: str | None = None,
    species: str | None = None,
    rating: str | None = None,
    country: str | None = None,
    document: str | None = None,
) -> list[dict[str, Any]]:
    """The items of ``list_activities`` that match the filters (for callers that keep the full list)."""
    items = [i for i in items if _matches(i, theme, species, rating)]
    if document:
        chosen = find_document(documents, document, -1)
        items = [i for i in items if chosen is not None and i["document"] == chosen["symbol"]]
    if country:
        wanted = country.lower()
        items = [i for i in items if any(c.lower() == wanted for c in i["countries"]["positive"])]
    return items


def _matches(item: dict[str, Any], theme: str | None, species: str | None, rating: str | None) -> bool:
    def has(value: str | None, wanted: str | None) -> bool:
        return wanted is None or (value is not None and wanted.lower() in value.lower())

    if rating is not None and (item["rating"] or "").lower() != rating.lower():
        return False
    return has(item["theme"], theme) and has(item["species"], species)


_TRACE = """
SELECT ?code ?a ?act ?title ?theme ?species ?rating ?ratingConcept ?raw ?remark ?rank ?parent ?parentTitle
       ?qstart ?qend ?quote WHERE {
  ?act cami:activityCode ?code ; dcterms:title ?title .
  OPTIONAL { ?act cami:themeLabel ?theme }
  OPTIONAL { ?act cami:aboutSpecies/skos:prefLabel ?species }
  OPTIONAL { ?act cami:parentActivity ?p . ?p cami:activityCode ?parent ; dcterms:title ?parentTitle }
  OPTIONAL {
    ?a cami:assessedActivity ?act .
    OPTIONAL { ?a cami:ratingLabel ?rating ; cami:rating ?ratingConcept .
               OPTIONAL { ?ratingConcept cami:rank ?rank } }
    OPTIONAL { ?a cami:ratingAsWritten ?raw }
    OPTIONAL { ?a cami:remark ?remark }
    OPTIONAL { ?a cami:ratingSpan ?span .
               ?span oa:hasSelector ?ps . ?ps a oa:TextPositionSelector ; oa:start ?qstart ; oa:end ?qend .
               ?span oa:hasSelector ?qs . ?qs a oa:TextQuoteSelector ; oa:exact ?quote . }
  }
}
"""

_TRACE_PARAGRAPHS = """
SELECT ?a ?n ?ptext ?pstart ?pend ?i ?stext ?sstart ?send WHERE {
  ?a cami:evidenceParagraph ?p .
  ?p cami:paragraphNumber ?n ; cami:text ?ptext ; cami:start ?pstart ; cami:end ?pend .
  ?s cami:inParagraph ?p ; a cami:Sentence ; cami:sentenceIndex ?i ; cami:text ?stext ;
     cami:start ?sstart ; cami:end ?send .
} ORDER BY ?n ?i
"""

_TRACE_MENTIONS = """
SELECT ?a ?n ?i ?name ?type ?polarity ?exact ?mstart ?mend WHERE {
  ?a cami:evidenceParagraph ?p .
  ?p cami:paragraphNumber ?n .
  ?s cami:inParagraph ?p ; cami:sentenceIndex ?i .
  ?m cami:inSentence ?s ; oa:hasBody ?c ; cami:entityType ?type ; cami:polarity ?polarity ;
     oa:hasTarget ?t .
  ?t oa:hasSelector ?ps . ?ps a oa:TextPositionSelector ; oa:start ?mstart ; oa:end ?mend .
  ?t oa:hasSelector ?qs . ?qs a oa:TextQuoteSelector ; oa:exact ?exact .
  ?c skos:prefLabel ?name .
} ORDER BY ?mstart
"""


def trace_activity(graph: Graph, code: str) -> dict[str, Any] | None:
    """The rating of activity ``code`` and everything that supports it, down to sentences and spans."""
    code = code.strip().rstrip(".")
    rows = select_rows(graph, _TRACE, code=Literal(code))
    if not rows:
        return None
    head = rows[0]
    out: dict[str, Any] = {
        "code": code,
        "title": head["title"],
        "theme": head["theme"],
        "species": head["species"],
        "parent": {"code": head["parent"], "title": head["parentTitle"]} if head["parent"] else None,
        "rating": head["rating"],
        "rating_raw": head["raw"],
        "rating_rank": head["rank"],
        "rating_concept": head["ratingConcept"],
        "rating_quote": (
            {"exact": head["quote"], "start": head["qstart"], "end": head["qend"]} if head["quote"] else None
        ),
        "remark": head["remark"],
        "assessment": head["a"],
        "see_also": [],
        "evidence": [],
        "countries": {"positive": [], "negative": []},
    }
    if head["a"] is None:
        return out
    assessment = URIRef(head["a"])
    out["see_also"] = sorted(
        {
            r["text"]
            for r in select_rows(graph, "SELECT ?a ?text WHERE { ?a cami:seeAlsoText ?text }", a=assessment)
        }
    )
    paragraphs: dict[int, dict[str, Any]] = {}
    for r in select_rows(graph, _TRACE_PARAGRAPHS, a=assessment):
        para = paragraphs.setdefault(
            r["n"],
            {
                "paragraph": r["n"],
                "text": r["ptext"],
                "start": r["pstart"],
                "end": r["pend"],
                "sentences": [],
            },
        )
        para["sentences"].append(
            {
                "index": r["i"],
                "text": r["stext"],
                "start": r["sstart"],
                "end": r["send"],
                "mentions": [],
            }
        )
    positive: set[str] = set()
    negative: set[str] = set()
    for r in select_rows(graph, _TRACE_MENTIONS, a=assessment):
        if r["n"] not in paragraphs:
            continue
        para = paragraphs[r["n"]]
        sentence = next((s for s in para["sentences"] if s["index"] == r["i"]), None)
        negated = r["polarity"].endswith("Negative")
        kind = r["type"].rsplit("#", 1)[-1]
        if sentence is not None:
            sentence["mentions"].append(
                {
                    "name": r["name"],
                    "type": kind,
                    "negated": negated,
                    "exact": r["exact"],
                    "start": r["mstart"],
                    "end": r["mend"],
                }
            )
        if kind == "Country":
            (negative if negated else positive).add(r["name"])
    for para in paragraphs.values():
        para["supporting"] = [s["index"] for s in para["sentences"] if s["mentions"]]
    out["evidence"] = [paragraphs[n] for n in sorted(paragraphs)]
    out["countries"] = {"positive": sorted(positive), "negative": sorted(negative)}
    return out


_SPECIES = """
SELECT ?prof ?species ?name ?category ?para WHERE {
  ?prof a cami:SpeciesProfile ; cami:aboutSpecies ?species .
  ?species skos:prefLabel ?name .
  OPTIONAL { ?prof cami:redListCategory/skos:prefLabel ?category }
  OPTIONAL { ?prof cami:profileParagraph/cami:paragraphNumber ?para }
}
"""
_SPECIES_NAMES = """
SELECT ?prof ?sci WHERE { ?prof a cami:SpeciesProfile ; cami:scientificNameAsWritten ?sci }
"""
_SPECIES_VOCAB_NAMES = """
SELECT ?prof ?sci WHERE { ?prof a cami:SpeciesProfile ; cami:aboutSpecies/cami:scientificName ?sci }
ORDER BY ?sci
"""
_SPECIES_LISTINGS = """
SELECT ?prof ?conv ?app ?applies WHERE {
  ?prof cami:listing ?l . ?l cami:conventionName ?conv ; cami:appendix ?app .
  OPTIONAL { ?l cami:appliesTo ?applies }
}
"""
_SPECIES_ESTIMATES = """
SELECT ?prof ?value ?year ?where ?n ?start WHERE {
  ?prof cami:populationEstimate ?e .
  ?e cami:valueAsWritten ?value ; cami:evidenceParagraph/cami:paragraphNumber ?n ;
     cami:evidenceSpan/oa:hasSelector ?sel . ?sel a oa:TextPositionSelector ; oa:start ?start .
  OPTIONAL { ?e cami:yearAsWritten ?year }
  OPTIONAL { ?e cami:where ?where }
}
"""
_SPECIES_THREATS = """
SELECT DISTINCT ?species ?threat WHERE {
  ?st a cami:Statement ; cami:predicate cami:threatenedBy ; cami:subject ?species ; cami:object ?t ;
      cami:polarity cami:Positive ; cami:evidenceParagraph ?p .
  ?prof a cami:SpeciesProfile ; cami:aboutSpecies ?species ; cami:profileParagraph ?p .
  ?t skos:prefLabel ?threat .
}
"""
_SPECIES_ALIASES = """
SELECT DISTINCT ?species ?alias WHERE {
  ?prof a cami:SpeciesProfile ; cami:aboutSpecies ?species .
  ?m oa:hasBody ?species ; oa:hasTarget/oa:hasSelector ?q . ?q a oa:TextQuoteSelector ; oa:exact ?alias .
}
"""


def list_species(graph: Graph) -> list[dict[str, Any]]:
    """Species profiles (the ``species --json`` contract)."""
    out: dict[str, dict[str, Any]] = {}
    species_of: dict[str, str] = {}
    for r in select_rows(graph, _SPECIES):
        item = out.setdefault(
            r["prof"],
            {
                "name": r["name"],
                "aliases": [],
                "scientific_name": None,
                "iucn_category": r["category"],
                "cites_appendix": [],
                "cms_appendix": [],
                "population_estimates": [],
                "threats": [],
                "profile_paragraphs": [],
            },
        )
        species_of[r["prof"]] = r["species"]
        if r["para"] is not None and r["para"] not in item["profile_paragraphs"]:
            item["profile_paragraphs"].append(r["para"])
    for r in select_rows(graph, _SPECIES_NAMES):
        if r["prof"] in out and out[r["prof"]]["scientific_name"] is None:
            out[r["prof"]]["scientific_name"] = r["sci"]
    for r in select_rows(graph, _SPECIES_VOCAB_NAMES):  # the vocabulary's name where the report gives none
        if r["prof"] in out and out[r["prof"]]["scientific_name"] is None:
            out[r["prof"]]["scientific_name"] = r["sci"]
    for r in select_rows(graph, _SPECIES_LISTINGS):
        key = "cites_appendix" if r["conv"] == "CITES" else "cms_appendix"
        value = f"{r['app']} ({r['applies']})" if r["applies"] else r["app"]
        if r["prof"] in out and value not in out[r["prof"]][key]:
            out[r["prof"]][key].append(value)
    estimates = sorted(select_rows(graph, _SPECIES_ESTIMATES), key=lambda r: r["start"])
    for r in estimates:
        if r["prof"] in out:
            out[r["prof"]]["population_estimates"].append(
                {"value": r["value"], "year": r["year"], "where": r["where"], "paragraph": r["n"]}
            )
    by_species = {v: k for k, v in species_of.items()}
    for r in select_rows(graph, _SPECIES_THREATS):
        prof = by_species.get(r["species"])
        if prof and r["threat"] not in out[prof]["threats"]:
            out[prof]["threats"].append(r["threat"])
    aliases: dict[str, list[str]] = {}
    for r in select_rows(graph, _SPECIES_ALIASES):
        prof = by_species.get(r["species"])
        if prof is None:
            continue
        alias = " ".join(str(r["alias"]).replace("*", "").replace("’", "'").split())
        aliases.setdefault(prof, []).append(alias)
    for prof, found in aliases.items():
        out[prof]["aliases"] = _distinct_names(found, exclude=out[prof]["name"])
    items = sorted(out.values(), key=lambda i: i["name"])
    for item in items:
        item["profile_paragraphs"].sort()
        item["aliases"].sort(key=str.lower)
        item["threats"].sort()
        for key in ("cites_appendix", "cms_appendix"):
            item[key].sort()
    return items


def _distinct_names(names: list[str], exclude: str) -> list[str]:
    """One spelling per name: singular over plural, the capitalized form over the lower-case one."""

    def key(name: str) -> str:
        low = name.lower()
        return low[:-1] if low.endswith("s") and not low.endswith("ss") else low

    chosen: dict[str, str] = {}
    for name in sorted(names, key=lambda n: (len(n), n)):
        k = key(name)
        if k == key(exclude):
            continue
        if k not in chosen or (chosen[k].islower() and not name.islower() and len(name) == len(chosen[k])):
            chosen[k] = name
    return sorted(chosen.values(), key=str.lower)


_COUNTRY_STATEMENTS = """
SELECT ?st ?c ?predicate ?object ?objectLabel ?polarity ?n ?text WHERE {
  ?st cami:subject ?c ; cami:predicate ?predicate ; cami:object ?object ; cami:polarity ?polarity ;
      cami:evidenceSentence ?s .
  ?s cami:text ?text ; cami:inParagraph/cami:paragraphNumber ?n .
  ?object skos:prefLabel ?objectLabel .
} ORDER BY ?objectLabel ?n
"""


def country_profile(graph: Graph, code: str) -> dict[str, Any] | None:
    """What the graph says a country (ISO 3166-1 alpha-2) did and did not do, with evidence; with several
    reports, ``by_document`` gives the country's record in each review (oldest first)."""
    iri = URIRef(f"{PREFIX_MAP['country']}{code.upper()}")
    label = select_rows(graph, "SELECT ?c ?l WHERE { ?c skos:prefLabel ?l }", c=iri)
    if not label:
        return None
    name = label[0]["l"]
    statements = [
        {
            "relation": r["predicate"].rsplit("#", 1)[-1],
            "object": {"label": r["objectLabel"], "iri": r["object"]},
            "negated": r["polarity"].endswith("Negative"),
            "paragraph": r["n"],
            "sentence": r["text"],
        }
        for r in select_rows(graph, _COUNTRY_STATEMENTS, c=iri)
    ]
    items = list_activities(graph)
    docs = report_documents(graph)
    for statement, row in zip(statements, select_rows(graph, _COUNTRY_STATEMENTS, c=iri), strict=True):
        doc = document_of(row["st"], docs)
        statement["document"] = doc["symbol"] if doc else None
    by_document = []
    for doc in docs:
        mine = [i for i in items if i.get("document") == doc["symbol"]]
        by_document.append(
            {
                **doc,
                "statements": sum(1 for st in statements if st["document"] == doc["symbol"]),
                "positive": [i["code"] for i in mine if name in i["countries"]["positive"] and i["code"]],
                "negative": [i["code"] for i in mine if name in i["countries"]["negative"] and i["code"]],
            }
        )
    return {
        "iri": str(iri),
        "label": name,
        "statements": statements,
        "activities": {
            "positive": [i for i in items if name in i["countries"]["positive"]],
            "negative": [i for i in items if name in i["countries"]["negative"]],
        },
        "by_document": by_document,
    }


_DOCUMENTS = """
SELECT ?doc ?symbol ?title ?date WHERE {
  ?doc a cami:Report .
  OPTIONAL { ?doc dcterms:identifier ?symbol }
  OPTIONAL { ?doc dcterms:title ?title }
  OPTIONAL { ?doc cami:meetingStartDate ?date }
}
"""


def report_documents(graph: Graph) -> list[dict[str, Any]]:
    """The reports in the graph, oldest review first (by meeting date, then symbol)."""
    rows = select_rows(graph, _DOCUMENTS)
    docs = {
        r["doc"]: {"iri": r["doc"], "symbol": r["symbol"], "title": r["title"], "date": _iso(r["date"])}
        for r in rows
    }
    return sorted(docs.values(), key=lambda d: (d["date"] or "", d["symbol"] or "", d["iri"]))


def _iso(value: Any) -> str | None:
    return value.isoformat() if hasattr(value, "isoformat") else (str(value) if value is not None else None)


def document_of(iri: str, documents: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The report a resource of the graph belongs to (its IRI lies under the document's IRI)."""
    return next((d for d in documents if iri == d["iri"] or iri.startswith(d["iri"] + "/")), None)


def find_document(documents: list[dict[str, Any]], wanted: str | None, default: int) -> dict[str, Any] | None:
    """A report by symbol, IRI or its last path part; ``default`` indexes ``documents`` when not given."""
    if not documents:
        return None
    if not wanted:
        return documents[default] if -len(documents) <= default < len(documents) else None
    for d in documents:
        if wanted in (d["iri"], d["symbol"], d["iri"].rsplit("/", 1)[-1]):
            return d
    return None


RATED_ACTIVITIES = """
SELECT ?a ?code ?title ?rating ?rank ?n WHERE {
  ?a cami:assessedActivity ?act ; cami:ratingLabel ?rating ; cami:rating ?concept .
  ?act cami:activityCode ?code ; dcterms:title ?title .
  OPTIONAL { ?concept cami:rank ?ownRank }
  OPTIONAL { ?concept cami:scopedFormOf/cami:rank ?baseRank }
  BIND(COALESCE(?ownRank, ?baseRank) AS ?rank)
  OPTIONAL { ?a cami:evidenceParagraph/cami:paragraphNumber ?n }
}
"""


def rating_changes(graph: Graph, before: str | None = None, after: str | None = None) -> dict[str, Any]:
    """Activities whose rating differs between two reviews (default: the last two), with evidence.

    ``before`` and ``after`` name reports by symbol or IRI. Each change says whether the rating went up
    or down the ordered scale of ratings (``cami:rank``), or only changed (a rating without rank).
    Raises LookupError when the graph does not hold two such reports.
    """
    docs = report_documents(graph)
    old, new = find_document(docs, before, -2), find_document(docs, after, -1)
    if old is None or new is None or old["iri"] == new["iri"]:
        names = ", ".join(d["symbol"] or d["iri"] for d in docs) or "none"
        raise LookupError(f"need two different reviews to compare (reports in the graph: {names})")
    rated: dict[str, dict[str, dict[str, Any]]] = {old["iri"]: {}, new["iri"]: {}}
    titles: dict[str, str] = {}
    for r in select_rows(graph, RATED_ACTIVITIES):
        doc = document_of(r["a"], [old, new])
        if doc is None:
            continue
        item = rated[doc["iri"]].setdefault(
            r["code"], {"rating": r["rating"], "rank": r["rank"], "paragraphs": set()}
        )
        if r["n"] is not None:
            item["paragraphs"].add(int(r["n"]))
        titles[r["code"]] = r["title"]
    changes = []
    common = set(rated[old["iri"]]) & set(rated[new["iri"]])
    for code in sorted(common, key=activity_sort_key):
        a, b = rated[old["iri"]][code], rated[new["iri"]][code]
        if a["rating"] == b["rating"]:
            continue
        direction = "changed"
        if a["rank"] is not None and b["rank"] is not None and a["rank"] != b["rank"]:
            direction = "improved" if b["rank"] > a["rank"] else "regressed"
        changes.append(
            {
                "code": code,
                "title": titles[code],
                "direction": direction,
                "before": {**a, "paragraphs": sorted(a["paragraphs"])},
                "after": {**b, "paragraphs": sorted(b["paragraphs"])},
            }
        )
    return {
        "from": old,
        "to": new,
        "changes": changes,
        "unchanged": len(common) - len(changes),
        "only_before": sorted(set(rated[old["iri"]]) - common, key=activity_sort_key),
        "only_after": sorted(set(rated[new["iri"]]) - common, key=activity_sort_key),
    }


_STATS = """
SELECT ?cls (COUNT(?s) AS ?n) WHERE {
  VALUES ?cls { cami:Paragraph cami:Sentence cami:Section cami:Theme cami:Activity cami:Assessment
                cami:SpeciesProfile cami:PopulationEstimate cami:Listing cami:Mention cami:Statement
                cami:Report }
  ?s a ?cls .
} GROUP BY ?cls
"""
_RATING_COUNTS = """
SELECT ?rating (COUNT(?a) AS ?n) WHERE { ?a a cami:Assessment ; cami:rating/skos:prefLabel ?rating }
GROUP BY ?rating ORDER BY DESC(?n)
"""


def stats(graph: Graph) -> dict[str, Any]:
    """Counts of what the graph holds."""
    classes = {r["cls"].rsplit("#", 1)[-1]: int(r["n"]) for r in select_rows(graph, _STATS)}
    ratings = {r["rating"]: int(r["n"]) for r in select_rows(graph, _RATING_COUNTS)}
    triples = select_rows(graph, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0]["n"]
    return {"triples": int(triples), "classes": classes, "ratings": ratings}
