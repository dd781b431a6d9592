"""The lexicon: SKOS vocabulary labels as the parser sees them (pure; reading files is in ``load``)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from ontology import CAMI

__all__ = ["ENTITY_CLASSES", "Concept", "Lexicon", "lexicon_from_graph"]

# Classes whose concepts are looked for in the text, most specific first.
ENTITY_CLASSES = (
    CAMI.ProtectedArea,
    CAMI.Species,
    CAMI.Organisation,
    CAMI.Agreement,
    CAMI.Project,
    CAMI.ToolOrPractice,
    CAMI.Threat,
    CAMI.Country,
    CAMI.Place,
)


@dataclass(frozen=True)
class Concept:
    iri: str
    label: str  # skos:prefLabel
    entity_type: str  # class IRI (one of ENTITY_CLASSES, or cami:Rating / cami:RedListCategory)
    alt_labels: tuple[str, ...] = ()
    hidden_labels: tuple[str, ...] = ()
    rank: int | None = None
    scoped_form_of: str | None = None
    notation: str | None = None
    countries: tuple[str, ...] = ()  # cami:inCountry for places

    @property
    def labels(self) -> tuple[str, ...]:
        return (self.label, *self.alt_labels, *self.hidden_labels)


@dataclass
class Lexicon:
    concepts: dict[str, Concept] = field(default_factory=dict)

    def of_type(self, entity_type: str) -> list[Concept]:
        return [c for c in self.concepts.values() if c.entity_type == entity_type]

    def get(self, iri: str) -> Concept:
        return self.concepts[iri]

    def label(self, iri: str) -> str:
        concept = self.concepts.get(iri)
        return concept.label if concept else iri.rsplit("/", 1)[-1]

    def find(self, text: str, entity_type: str) -> Concept | None:
        """Return the concept of ``entity_type`` one of whose labels equals ``text`` (case-insensitive)."""
        wanted = _norm(text)
        for concept in self.of_type(entity_type):
            if any(_norm(label) == wanted for label in concept.labels):
                return concept
        return None


def _norm(text: str) -> str:
    return " ".join(text.replace("’", "'").replace("-", " ").lower().split())


def _english(values: Iterable[object]) -> list[str]:
    return sorted(str(v) for v in values if isinstance(v, Literal) and v.language in (None, "en"))


def lexicon_from_graph(graph: Graph) -> Lexicon:
    """Build a lexicon from a graph holding the SKOS vocabularies."""
    lexicon = Lexicon()
    typed = (*ENTITY_CLASSES, CAMI.Rating, CAMI.RedListCategory)
    for cls in typed:
        for iri in sorted(s for s in set(graph.subjects(RDF.type, cls)) if isinstance(s, URIRef)):
            if str(iri) in lexicon.concepts:
                continue
            pref = _english(graph.objects(iri, SKOS.prefLabel))
            if not pref:
                continue
            rank = graph.value(iri, CAMI.rank)
            scoped = graph.value(iri, CAMI.scopedFormOf)
            notation = graph.value(iri, SKOS.notation)
            lexicon.concepts[str(iri)] = Concept(
                iri=str(iri),
                label=pref[0],
                entity_type=str(cls),
                alt_labels=tuple(_english(graph.objects(iri, SKOS.altLabel))),
                hidden_labels=tuple(_english(graph.objects(iri, SKOS.hiddenLabel))),
                rank=int(rank.toPython()) if isinstance(rank, Literal) else None,
                scoped_form_of=str(scoped) if scoped is not None else None,
                notation=str(notation) if notation is not None else None,
                countries=tuple(sorted(str(c) for c in graph.objects(iri, CAMI.inCountry))),
            )
    return lexicon
