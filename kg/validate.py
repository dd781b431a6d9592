"""SHACL validation of a graph against ``ontology/shapes.ttl`` with pyshacl."""

from __future__ import annotations

from dataclasses import dataclass

from pyshacl import validate
from rdflib import Graph
from rdflib.namespace import SH

__all__ = ["Violation", "validate_graph"]


@dataclass(frozen=True)
class Violation:
    focus: str
    path: str
    message: str


def validate_graph(data: Graph, shapes: Graph, ontology: Graph | None = None) -> list[Violation]:
    """Return the SHACL violations of ``data`` (empty when it conforms)."""
    conforms, results, _ = validate(
        data, shacl_graph=shapes, ont_graph=ontology, inference="none", advanced=True, allow_warnings=True
    )
    if conforms:
        return []
    out = []
    for result in results.subjects(SH.resultSeverity, SH.Violation):
        out.append(
            Violation(
                focus=str(results.value(result, SH.focusNode)),
                path=str(results.value(result, SH.resultPath) or ""),
                message=str(results.value(result, SH.resultMessage) or ""),
            )
        )
    return sorted(out, key=lambda v: (v.focus, v.path, v.message))
