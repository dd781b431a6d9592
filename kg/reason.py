"""OWL reasoning with owlready2: a HermiT consistency check and materialized entailments.

HermiT classifies the ontology and checks the whole graph (ontology + vocabularies + data) for
consistency: a paragraph typed as a sentence, a country that is also a species or an assessment with
two ratings makes the build fail. owlready2 keeps what HermiT infers inside its own world rather than
as triples, so the entailments queries rely on are written back here from the classified ontology:

- every inferred superclass of each typed resource (a ``cami:Theme`` is a ``cami:Section`` and a
  ``prov:Entity``);
- every super-property of each asserted property (``cami:evidenceParagraph`` ⊑ ``prov:wasDerivedFrom``);
- the inverse of each property that has one (``cami:assessedActivity`` gives ``cami:hasAssessment``).
"""

from __future__ import annotations

import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from rdflib import OWL, RDF, RDFS, XSD, Graph, Literal, URIRef

from kg.errors import InconsistentGraphError, ReasonerError

__all__ = ["Entailments", "check_consistency", "entailments_of", "materialize"]

_IGNORED = {OWL.Thing, OWL.NamedIndividual, RDFS.Resource}


@dataclass(frozen=True)
class Entailments:
    """What the classified ontology entails for instance data."""

    superclasses: dict[URIRef, frozenset[URIRef]]
    superproperties: dict[URIRef, frozenset[URIRef]]
    inverses: dict[URIRef, frozenset[URIRef]]


def _closure(pairs: dict[URIRef, set[URIRef]]) -> dict[URIRef, frozenset[URIRef]]:
    out: dict[URIRef, frozenset[URIRef]] = {}
    for start in pairs:
        seen: set[URIRef] = set()
        stack = list(pairs[start])
        while stack:
            node = stack.pop()
            if node in seen or node == start:
                continue
            seen.add(node)
            stack.extend(pairs.get(node, ()))
        out[start] = frozenset(seen - _IGNORED)
    return out


def entailments_of(tbox: Graph, classified: dict[URIRef, set[URIRef]] | None = None) -> Entailments:
    """Read the class and property hierarchy and the inverses from ``tbox``.

    ``classified`` holds the reasoner's subclass relation (class -> direct or indirect superclasses);
    without it the asserted ``rdfs:subClassOf`` is used.
    """
    sub_class: dict[URIRef, set[URIRef]] = defaultdict(set)
    for s, o in tbox.subject_objects(RDFS.subClassOf):
        if isinstance(s, URIRef) and isinstance(o, URIRef):
            sub_class[s].add(o)
    for cls, supers in (classified or {}).items():
        sub_class[cls].update(supers)
    sub_prop: dict[URIRef, set[URIRef]] = defaultdict(set)
    for s, o in tbox.subject_objects(RDFS.subPropertyOf):
        if isinstance(s, URIRef) and isinstance(o, URIRef):
            sub_prop[s].add(o)
    inverses: dict[URIRef, set[URIRef]] = defaultdict(set)
    for s, o in tbox.subject_objects(OWL.inverseOf):
        if isinstance(s, URIRef) and isinstance(o, URIRef):
            inverses[s].add(o)
            inverses[o].add(s)
    return Entailments(
        superclasses={k: v for k, v in _closure(sub_class).items() if v},
        superproperties={k: v for k, v in _closure(sub_prop).items() if v},
        inverses={k: frozenset(v) for k, v in inverses.items()},
    )


def materialize(data: Graph, entailments: Entailments) -> Graph:
    """Return the triples ``entailments`` add to ``data`` (not already in it)."""
    added = Graph()
    for s, p, o in data:
        if p == RDF.type and o in entailments.superclasses:
            for sup in entailments.superclasses[o]:  # type: ignore[index]
                added.add((s, RDF.type, sup))
            continue
        if not isinstance(p, URIRef):
            continue
        props = {p, *entailments.superproperties.get(p, ())}
        for q in props:
            if q != p:
                added.add((s, q, o))
            if isinstance(o, URIRef):
                for inv in entailments.inverses.get(q, ()):
                    added.add((o, inv, s))
    return added - data


def check_consistency(
    graph: Graph, java_memory_mb: int = 3000, workdir: Path | None = None
) -> dict[URIRef, set[URIRef]]:
    """Run HermiT over ``graph`` (ontology + data); raise InconsistentGraphError when they contradict.

    HermiT's input is written to a temporary folder in ``workdir`` (default: the system's).

    Returns the classified class hierarchy (class -> inferred superclasses) for ``entailments_of``.
    """
    try:
        import owlready2
    except ImportError as exc:  # pragma: no cover - a dependency of the project
        raise ReasonerError("owlready2 is not installed; run `make install`") from exc
    owlready2.reasoning.JAVA_MEMORY = java_memory_mb
    # Text literals (paragraph text, quotes, labels) take no part in any axiom here; leaving them out
    # shortens HermiT's input by a fifth.
    textual = set(graph.subjects(RDFS.range, XSD.string)) | set(
        graph.subjects(RDF.type, OWL.AnnotationProperty)
    )
    if workdir is not None:
        workdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="camikg-reason-", dir=workdir) as tmp:
        path = Path(tmp) / "graph.nt"
        with path.open("w", encoding="utf-8") as out:
            for s, p, o in graph:
                if isinstance(o, Literal) and (p in textual or o.datatype in (None, XSD.string)):
                    continue
                out.write(f"{s.n3()} {p.n3()} {o.n3()} .\n")
        world = owlready2.World()
        try:
            onto = world.get_ontology(path.as_uri()).load(format="ntriples")
            with onto:
                owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError as exc:
            raise InconsistentGraphError(
                "the graph contradicts the ontology (HermiT found it inconsistent); "
                "check recent vocabulary or parser changes"
            ) from exc
        except owlready2.OwlReadyJavaError as exc:
            raise ReasonerError(
                f"the HermiT reasoner failed: {str(exc).strip().splitlines()[-1][:300]}"
            ) from exc
        classified: dict[URIRef, set[URIRef]] = {}
        for cls in world.classes():
            iri = getattr(cls, "iri", None)
            if not iri:
                continue
            supers = {
                URIRef(a.iri)
                for a in cls.ancestors(include_self=False)
                if getattr(a, "iri", None) and a is not owlready2.Thing
            }
            classified[URIRef(iri)] = supers
        world.close()
    return classified
