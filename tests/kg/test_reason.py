"""Reasoning: HermiT's consistency check and the entailments materialized for queries."""

from __future__ import annotations

import pytest
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV

from kg.errors import InconsistentGraphError
from kg.pipeline import assemble, ontology_graph
from kg.queries import named_query, run_query
from kg.reason import check_consistency, entailments_of, materialize
from ontology import CAMI

EX = Namespace("https://example.org/")


def test_inverse_and_hierarchy_entailments():
    tbox = ontology_graph()
    data = Graph()
    data.add((EX.a, RDF.type, CAMI.Assessment))
    data.add((EX.a, CAMI.assessedActivity, EX.act))
    data.add((EX.a, CAMI.evidenceParagraph, EX.p))
    data.add((EX.t, RDF.type, CAMI.Theme))
    data.add((EX.s, CAMI.inParagraph, EX.p))
    added = materialize(data, entailments_of(tbox))
    assert (EX.act, CAMI.hasAssessment, EX.a) in added
    assert (EX.p, CAMI.hasSentence, EX.s) in added
    assert (EX.t, RDF.type, CAMI.Section) in added
    assert (EX.t, RDF.type, PROV.Entity) in added
    assert (EX.a, PROV.wasDerivedFrom, EX.p) in added
    assert not (added & data)


def test_queries_rely_on_materialized_inverses(report, lexicon):
    """The example query walks cami:hasAssessment, which only reasoning provides."""
    plain, _ = assemble([report], lexicon, reason=False)
    assert list(run_query(plain, named_query("not-achieved-per-species"))) == []


def test_built_graph_holds_the_entailments(graph):
    rows = run_query(graph, "ASK { ?act cami:hasAssessment ?a . ?t a cami:Theme, cami:Section, prov:Entity }")
    assert rows.askAnswer


@pytest.mark.slow
def test_hermit_rejects_a_paragraph_that_is_also_a_sentence():
    data = Graph()
    node = URIRef("https://example.org/p1")
    data.add((node, RDF.type, CAMI.Paragraph))
    data.add((node, RDF.type, CAMI.Sentence))
    data.add((node, CAMI.paragraphNumber, Literal(1)))
    with pytest.raises(InconsistentGraphError):
        check_consistency(ontology_graph() + data)


@pytest.mark.slow
def test_hermit_classifies_the_ontology():
    data = Graph()
    data.add((EX.t, RDF.type, CAMI.Theme))
    data.add((EX.t, DCTERMS.title, Literal("Funding")))
    classified = check_consistency(ontology_graph() + data)
    assert CAMI.Section in classified[CAMI.Theme]
    assert CAMI.Place in classified[CAMI.ProtectedArea]
