"""Architecture rules the code must keep: one-way dependencies, config only at the edge, closed terms."""

from __future__ import annotations

import ast
from pathlib import Path

import rdflib

from ontology import CAMI, ONTOLOGY_FILE

ROOT = Path(__file__).resolve().parent.parent
# A package may import only the packages before it in this order (ontology and ingest are the base).
LAYERS = {"ontology": 0, "ingest": 1, "kg": 2, "search": 3, "service": 4}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def test_dependencies_flow_one_way():
    offenders = []
    for package, level in LAYERS.items():
        for path in (ROOT / package).rglob("*.py"):
            for imported in _imports(path) & set(LAYERS):
                allowed = LAYERS[imported] <= level and not (package == "ontology" and imported == "ingest")
                if not allowed:
                    offenders.append(f"{path.relative_to(ROOT)} imports {imported}")
    assert offenders == []


def test_only_the_service_config_reads_the_environment():
    readers = []
    for package in LAYERS:
        for path in (ROOT / package).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            if ("os.environ" in text or "getenv(" in text) and path != ROOT / "service" / "config.py":
                readers.append(str(path.relative_to(ROOT)))
    assert readers == []


def test_cami_namespace_matches_the_ontology():
    graph = rdflib.Graph().parse(ONTOLOGY_FILE)
    ns = str(CAMI._NS)
    declared = {
        str(s)[len(ns) :] for s in graph.subjects() if isinstance(s, rdflib.URIRef) and str(s).startswith(ns)
    }
    assert declared == set(CAMI.__annotations__)
