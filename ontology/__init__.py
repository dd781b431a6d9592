"""The cami-kg ontology, SHACL shapes and SKOS vocabularies: file paths and namespaces."""

from __future__ import annotations

from pathlib import Path

from rdflib import Namespace

from ontology.terms import CAMI

__all__ = [
    "CAMI",
    "DATA_BASE",
    "OA",
    "ONTOLOGY_FILE",
    "PREFIXES",
    "SHAPES_FILE",
    "VOCAB",
    "VOCAB_DIR",
    "WD",
    "vocab_files",
]

HERE = Path(__file__).parent
ONTOLOGY_FILE = HERE / "cami.ttl"
SHAPES_FILE = HERE / "shapes.ttl"
VOCAB_DIR = HERE / "vocab"

VOCAB = Namespace("https://w3id.org/cami-kg/vocab/")
OA = Namespace("http://www.w3.org/ns/oa#")
WD = Namespace("http://www.wikidata.org/entity/")
DATA_BASE = "https://w3id.org/cami-kg/id/"

# Prefixes predeclared for SPARQL and used in exports. Vocabulary concepts have a prefix per scheme
# because SPARQL local names cannot contain "/": write practice:smart, country:KZ, rating:not-achieved.
PREFIXES: dict[str, str] = {
    "cami": str(CAMI),
    "v": str(VOCAB),
    "country": f"{VOCAB}country/",
    "species": f"{VOCAB}species/",
    "rating": f"{VOCAB}rating/",
    "practice": f"{VOCAB}practice/",
    "threat": f"{VOCAB}threat/",
    "organisation": f"{VOCAB}organisation/",
    "agreement": f"{VOCAB}agreement/",
    "project": f"{VOCAB}project/",
    "place": f"{VOCAB}place/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "dcterms": "http://purl.org/dc/terms/",
    "oa": str(OA),
    "prov": "http://www.w3.org/ns/prov#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "wd": str(WD),
}


def vocab_files() -> list[Path]:
    """Return the SKOS vocabulary files shipped with the ontology, in a stable order."""
    return sorted(VOCAB_DIR.glob("*.ttl"))
