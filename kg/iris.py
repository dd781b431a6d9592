"""Stable, readable IRIs for everything extracted from a report: the same input gives the same IRIs."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import URIRef

__all__ = ["Iris", "slug"]


def slug(text: str) -> str:
    """Lower-case ASCII slug with words joined by '-'."""
    text = text.replace("’", "").replace("'", "")
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "untitled"


@dataclass(frozen=True)
class Iris:
    """IRIs of one document's resources under ``base``."""

    base: str
    document_slug: str
    programme_slug: str

    @property
    def doc(self) -> URIRef:
        return URIRef(f"{self.base}doc/{self.document_slug}")

    def _d(self, path: str) -> URIRef:
        return URIRef(f"{self.doc}/{path}")

    def section(self, key: str) -> URIRef:
        return self._d(f"section/{key}")

    def paragraph(self, number: int) -> URIRef:
        return self._d(f"para/{number}")

    def sentence(self, number: int, index: int) -> URIRef:
        return self._d(f"para/{number}/s{index}")

    def span(self, start: int, end: int) -> URIRef:
        return self._d(f"span/{start}-{end}")

    @property
    def programme(self) -> URIRef:
        return URIRef(f"{self.base}pow/{self.programme_slug}")

    def activity(self, code: str) -> URIRef:
        return URIRef(f"{self.programme}/activity/{code}")

    def sub_item(self, code: str, path: str) -> URIRef:
        return URIRef(f"{self.programme}/activity/{code}/item/{path}")

    def assessment(self, code: str | None, section_slug: str | None = None) -> URIRef:
        return self._d(f"assessment/{code}" if code else f"assessment/species/{section_slug}")

    def profile(self, species_slug: str) -> URIRef:
        return self._d(f"species-profile/{species_slug}")

    def listing(self, species_slug: str, name: str) -> URIRef:
        return self._d(f"species-profile/{species_slug}/listing/{name}")

    def estimate(self, species_slug: str, paragraph: int, n: int) -> URIRef:
        return self._d(f"species-profile/{species_slug}/estimate/{paragraph}-{n}")

    def mention(self, start: int, end: int) -> URIRef:
        return self._d(f"mention/{start}-{end}")

    def statement(self, paragraph: int, sentence: int, subject: str, relation: str, obj: str) -> URIRef:
        return self._d(f"statement/{paragraph}-{sentence}-{subject}-{relation}-{obj}")
