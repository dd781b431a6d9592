"""The graph built from the bundled report: SHACL conformance, evidence spans, example queries, IRIs."""

from __future__ import annotations

from rdflib import RDF, Graph, Literal, URIRef

from ingest.load import vocabulary_graph
from kg.build import build_graph, iris_for
from kg.pipeline import ontology_graph, shapes_graph
from kg.queries import named_query, run_query
from kg.validate import validate_graph
from ontology import CAMI, OA

SMART_USERS = {"Kazakhstan", "Kyrgyzstan", "Mongolia", "Pakistan", "Turkmenistan", "Uzbekistan"}


def _data(report, lexicon) -> Graph:
    return build_graph(report, lexicon)


def test_graph_of_the_report_conforms_to_the_shapes(report, lexicon):
    data = _data(report, lexicon)
    assert validate_graph(data + vocabulary_graph(), shapes_graph(), ontology_graph()) == []


def test_shapes_catch_a_paragraph_without_number(report, lexicon):
    data = _data(report, lexicon)
    para = iris_for(report).paragraph(60)
    data.remove((para, CAMI.paragraphNumber, None))
    violations = validate_graph(data + vocabulary_graph(), shapes_graph(), ontology_graph())
    assert [v.focus for v in violations] == [str(para)]
    assert "paragraphNumber" in violations[0].message


def test_same_input_gives_the_same_triples(report, lexicon):
    first = _data(report, lexicon).serialize(format="nt")
    second = _data(report, lexicon).serialize(format="nt")
    assert sorted(first.splitlines()) == sorted(second.splitlines())


def test_iris_are_readable(report, lexicon):
    iri = iris_for(report)
    assert str(iri.paragraph(112)) == "https://w3id.org/cami-kg/id/doc/unep-cms-cami3-doc-2/para/112"
    assert str(iri.activity("1.2.a")).endswith("/activity/1.2.a")
    data = _data(report, lexicon)
    assert (iri.paragraph(112), CAMI.paragraphNumber, Literal(112)) in data


def test_every_span_quotes_the_source_exactly(report, lexicon):
    data = _data(report, lexicon)
    spans = set(data.subjects(RDF.type, CAMI.TextSpan))
    assert len(spans) > 1000
    for span in spans:
        start = end = exact = None
        for sel in data.objects(span, OA.hasSelector):
            if (sel, RDF.type, OA.TextPositionSelector) in data:
                start, end = int(data.value(sel, OA.start)), int(data.value(sel, OA.end))
            else:
                exact = str(data.value(sel, OA.exact))
        assert report.source[start:end] == exact


def test_rating_span_points_at_the_rating_as_written(graph, report):
    rows = list(run_query(graph, named_query("rating-evidence")))
    assert {str(r.rating) for r in rows} == {"Partially achieved"}
    start, end = int(rows[0].start), int(rows[0].end)
    assert report.source[start:end] == "Partially achieved."
    assert {int(r.paragraph) for r in rows} == {112}
    assert any("SMART is used by" in str(r.text) for r in rows)


def test_countries_using_smart_query(graph):
    rows = list(run_query(graph, named_query("countries-using-practice")))
    countries = {str(r.country) for r in rows}
    assert countries == SMART_USERS
    paragraphs = {int(n) for r in rows for n in str(r.paragraphs).split(", ")}
    assert {103, 112} <= paragraphs


def test_not_achieved_per_species_query(graph):
    rows = {(str(r.species), str(r.code)) for r in run_query(graph, named_query("not-achieved-per-species"))}
    assert ("Przewalski's Horse", "20.1") in rows
    assert ("Przewalski's Horse", "20.4") not in rows  # partially achieved
    assert all(species for species, _ in rows)


def test_ratings_per_theme_query_counts_every_rated_activity(graph):
    rows = list(run_query(graph, named_query("ratings-per-theme")))
    total = sum(int(r.activities) for r in rows)
    rated = run_query(
        graph,
        "SELECT (COUNT(*) AS ?n) WHERE { ?a a cami:Assessment ; cami:rating ?r ; cami:assessedActivity ?x }",
    )
    assert total == int(next(iter(rated))[0])
    assert ("Species-specific Measures", "Not achieved") in {(str(r.theme), str(r.rating)) for r in rows}


def test_negated_mentions_are_kept_with_their_polarity(graph):
    rows = run_query(
        graph,
        """SELECT ?name ?polarity WHERE {
             ?m cami:polarity ?polarity ; cami:inSentence/cami:inParagraph/cami:paragraphNumber 202 ;
                cami:entityType cami:Country ; oa:hasBody ?c .
             ?c skos:prefLabel ?name }""",
    )
    assert {(str(r.name), str(r.polarity)) for r in rows} == {
        ("Uzbekistan", str(CAMI.Negative)),
        ("Kazakhstan", str(CAMI.Negative)),
    }


def test_report_metadata_in_the_graph(graph):
    rows = list(
        run_query(
            graph,
            """SELECT ?id ?place ?start (COUNT(DISTINCT ?c) AS ?n) WHERE {
        ?d a cami:Report ; dcterms:identifier ?id ; cami:meetingPlace ?place ; cami:meetingStartDate ?start ;
           cami:reportingCountry ?c } GROUP BY ?id ?place ?start""",
        )
    )
    assert [(str(r.id), str(r.place), str(r.start), int(r.n)) for r in rows] == [
        ("UNEP/CMS/CAMI3/Doc.2", "Tashkent, Uzbekistan", "2025-06-24", 7)
    ]


def test_population_estimates_carry_evidence(graph, report):
    rows = list(
        run_query(
            graph,
            """SELECT ?value ?year ?start ?end WHERE {
        ?e a cami:PopulationEstimate ; cami:aboutSpecies species:asiatic-cheetah ;
           cami:valueAsWritten ?value ; cami:evidenceSpan/oa:hasSelector ?s .
        ?s a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
        OPTIONAL { ?e cami:yearAsWritten ?year } }""",
        )
    )
    values = {str(r.value): str(r.year) for r in rows}
    assert values.get("fewer than 30") == "2025"
    for r in rows:
        assert str(r.value) in " ".join(report.source[int(r.start) : int(r.end)].split())


def test_vocabulary_concepts_are_in_the_graph(graph):
    smart = URIRef("https://w3id.org/cami-kg/vocab/practice/smart")
    rows = list(run_query(graph, "SELECT ?c ?l WHERE { ?c skos:prefLabel ?l }", c=smart))
    assert [str(r.l) for r in rows] == ["SMART"]
