"""Settings: the only place that reads the environment (variables prefixed ``CAMIKG_``)."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from ingest.load import MAX_INPUT_BYTES
from ontology import DATA_BASE

__all__ = ["REPO_ROOT", "Settings", "default_corpus", "offline_model_environment"]

REPO_ROOT = Path(__file__).resolve().parent.parent


def default_corpus() -> list[Path]:
    """The bundled report(s): ``../shared/corpus/*.md`` next to the repository, without READMEs."""
    folder = REPO_ROOT.parent / "shared" / "corpus"
    return sorted(p for p in folder.glob("*.md") if p.name.lower() != "readme.md")


def offline_model_environment() -> None:
    """Keep Hugging Face libraries off the network: the model is read from the installed package."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


class Settings(BaseSettings):
    """Typed settings, built once at the edge and passed down as plain values."""

    model_config = SettingsConfigDict(env_prefix="CAMIKG_", extra="ignore")

    data_dir: Path = Field(default=REPO_ROOT / "data", description="where the graph store lives")
    base_iri: str = Field(default=DATA_BASE, description="base IRI of everything extracted from reports")
    corpus: list[Path] = Field(default_factory=default_corpus, description="reports built by default")
    reason: bool = Field(default=True, description="run HermiT and materialize entailments on build")
    encoder: str = Field(default="minilm", description="minilm (the bundled model) or hashing (tests only)")
    model_dir: Path | None = Field(default=None, description="model folder (default: the bundled package)")
    host: str = Field(default="127.0.0.1", description="address `camikg serve` listens on")
    port: int = Field(default=8000, description="port `camikg serve` listens on")
    sparql_timeout: float = Field(default=10.0, description="seconds before a SPARQL query is stopped")
    sparql_row_cap: int = Field(default=10_000, description="most rows (or triples) a SPARQL answer returns")
    sparql_workers: int = Field(
        default=4, description="SPARQL worker processes (more than the expected slow queries at once)"
    )
    cors_origins: list[str] = Field(
        default_factory=list, description="origins allowed to call the API from browsers (CORS off if empty)"
    )
    sparql_allow_service: bool = Field(
        default=False, description="let SPARQL SERVICE send requests to other endpoints (federation)"
    )
    max_request_bytes: int = Field(default=1_000_000, description="largest accepted request body")
    max_query_bytes: int = Field(default=100_000, description="largest accepted SPARQL query")
    max_input_bytes: int = Field(default=MAX_INPUT_BYTES, description="largest report file a build reads")
    layout: Path | None = Field(
        default=None, description="a layout file (TOML) for reports laid out otherwise (docs/layout.md)"
    )

    @property
    def embedding_cache(self) -> Path:
        return self.data_dir / "cache" / "embeddings.sqlite"
