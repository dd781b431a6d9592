"""Settings: the only place that reads the environment (variables prefixed ``CAMIKG_``)."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from ontology import DATA_BASE

__all__ = ["REPO_ROOT", "Settings", "default_corpus"]

REPO_ROOT = Path(__file__).resolve().parent.parent


def default_corpus() -> list[Path]:
    """The bundled report(s): ``../shared/corpus/*.md`` next to the repository, without READMEs."""
    folder = REPO_ROOT.parent / "shared" / "corpus"
    return sorted(p for p in folder.glob("*.md") if p.name.lower() != "readme.md")


class Settings(BaseSettings):
    """Typed settings, built once at the edge and passed down as plain values."""

    model_config = SettingsConfigDict(env_prefix="CAMIKG_", extra="ignore")

    data_dir: Path = Field(default=REPO_ROOT / "data", description="where the graph store lives")
    base_iri: str = Field(default=DATA_BASE, description="base IRI of everything extracted from reports")
    corpus: list[Path] = Field(default_factory=default_corpus, description="reports built by default")
    reason: bool = Field(default=True, description="run HermiT and materialize entailments on build")
