"""Scoring of extracted activities against a gold file (``shared/eval`` format), pure."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["FIELDS", "ActivityScore", "score_activities"]

FIELDS = ("theme", "species", "rating", "rating_raw", "see_also", "evidence_paragraphs")


@dataclass
class ActivityScore:
    items: int = 0
    found: int = 0
    exact: int = 0
    field_hits: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    field_total: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    evidence_precision: float = 0.0
    evidence_recall: float = 0.0
    misses: list[dict[str, Any]] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        """Share of gold activities whose every given field matches."""
        return self.exact / self.items if self.items else 0.0

    def field_accuracy(self, name: str) -> float:
        total = self.field_total[name]
        return self.field_hits[name] / total if total else 1.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "items": self.items,
            "found": self.found,
            "exact_match": round(self.accuracy, 4),
            "fields": {f: round(self.field_accuracy(f), 4) for f in FIELDS if self.field_total[f]},
            "evidence_precision": round(self.evidence_precision, 4),
            "evidence_recall": round(self.evidence_recall, 4),
            "misses": self.misses,
        }


def _key(item: dict[str, Any]) -> tuple[str | None, str | None]:
    code = item.get("code")
    if code:
        return (str(code).rstrip("."), None)
    return (None, (item.get("species") or "").lower())


def _norm(name: str, value: Any) -> Any:
    if name == "see_also":
        return sorted(str(v) for v in value or [])
    if name == "evidence_paragraphs":
        return sorted(int(v) for v in value or [])
    if isinstance(value, str):
        return value.strip().lower()
    return value


def score_activities(gold: list[dict[str, Any]], predicted: list[dict[str, Any]]) -> ActivityScore:
    """Compare gold activities with predicted ones, matched by code (or by species for code-less items)."""
    by_key = {_key(p): p for p in predicted}
    score = ActivityScore()
    precisions: list[float] = []
    recalls: list[float] = []
    for g in gold:
        score.items += 1
        p = by_key.get(_key(g))
        if p is None:
            score.misses.append({"code": g.get("code"), "species": g.get("species"), "missing": True})
            precisions.append(0.0)
            recalls.append(0.0)
            for f in FIELDS:
                if f in g:
                    score.field_total[f] += 1
            continue
        score.found += 1
        wrong = {}
        for f in FIELDS:
            if f not in g:
                continue
            score.field_total[f] += 1
            if _norm(f, g[f]) == _norm(f, p.get(f)):
                score.field_hits[f] += 1
            else:
                wrong[f] = {"gold": g[f], "predicted": p.get(f)}
        gold_ev = set(_norm("evidence_paragraphs", g.get("evidence_paragraphs")))
        pred_ev = set(_norm("evidence_paragraphs", p.get("evidence_paragraphs")))
        precisions.append(len(gold_ev & pred_ev) / len(pred_ev) if pred_ev else float(not gold_ev))
        recalls.append(len(gold_ev & pred_ev) / len(gold_ev) if gold_ev else 1.0)
        if wrong:
            score.misses.append({"code": g.get("code"), "species": g.get("species"), "fields": wrong})
        else:
            score.exact += 1
    score.evidence_precision = sum(precisions) / len(precisions) if precisions else 0.0
    score.evidence_recall = sum(recalls) / len(recalls) if recalls else 0.0
    return score
