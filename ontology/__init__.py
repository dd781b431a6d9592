"""The cami-kg ontology, SHACL shapes and SKOS vocabularies: file paths and namespaces."""

from __future__ import annotations

from pathlib import Path

from rdflib import Namespace

__all__ = ["CAMI", "DATA_BASE", "OA", "ONTOLOGY_FILE", "SHAPES_FILE", "VOCAB", "VOCAB_DIR", "WD", "vocab_files"]

HERE = Path(__file__).parent
ONTOLOGY_FILE = HERE / "cami.ttl"
SHAPES_FILE = HERE / "shapes.ttl"
VOCAB_DIR = HERE / "vocab"

CAMI = Namespace("https://w3id.org/cami-kg/ontology#")
VOCAB = Namespace("https://w3id.org/cami-kg/vocab/")
OA = Namespace("http://www.w3.org/ns/oa#")
WD = Namespace("http://www.wikidata.org/entity/")
DATA_BASE = "https://w3id.org/cami-kg/id/"


def vocab_files() -> list[Path]:
    """Return the SKOS vocabulary files shipped with the ontology, in a stable order."""
    return sorted(VOCAB_DIR.glob("*.ttl"))
