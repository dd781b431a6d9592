"""Scoring of answers and rankings against the eval files (rules of shared/eval/README.md), pure."""

from __future__ import annotations

import math
import re
from collections import defaultdict
from statistics import mean
from typing import Any

__all__ = ["answer_f1", "score_questions", "score_search"]


def _norm(text: str) -> list[str]:
    return re.sub(r"[^\w\s]", " ", str(text).lower()).split()


def _match(a: str, b: str) -> bool:
    """Equal after normalization, or one contains the other as whole words."""
    x, y = _norm(a), _norm(b)
    if not x or not y:
        return False
    if x == y:
        return True
    short, long = (x, y) if len(x) <= len(y) else (y, x)
    return any(long[i : i + len(short)] == short for i in range(len(long) - len(short) + 1))


def answer_f1(predicted: list[str], gold: list[str]) -> float:
    """F1 of predicted answer strings against gold ones (each item matched at most once)."""
    if not predicted and not gold:
        return 1.0
    if not predicted or not gold:
        return 0.0
    used: set[int] = set()
    hits = 0
    for p in predicted:
        for i, g in enumerate(gold):
            if i not in used and _match(p, g):
                used.add(i)
                hits += 1
                break
    if hits == 0:
        return 0.0
    precision, recall = hits / len(predicted), hits / len(gold)
    return 2 * precision * recall / (precision + recall)


def score_questions(gold: list[dict[str, Any]], predicted: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Mean answer F1, evidence recall@10 and evidence precision, overall and per kind.

    ``predicted`` maps a question id to {"answer": [str], "evidence": [int]} (evidence in rank order).
    """
    rows = []
    for q in gold:
        p = predicted.get(q["id"], {"answer": [], "evidence": []})
        gold_ev = set(q.get("evidence_paragraphs", []))
        top = list(dict.fromkeys(p["evidence"]))[:10]
        returned = list(dict.fromkeys(p["evidence"]))
        rows.append(
            {
                "id": q["id"],
                "kind": q.get("kind", "?"),
                "f1": answer_f1(p["answer"], q["answer"]),
                "recall": len(gold_ev & set(top)) / len(gold_ev) if gold_ev else 1.0,
                "precision": len(gold_ev & set(returned)) / len(returned) if returned else 0.0,
                "predicted": p["answer"],
                "gold": q["answer"],
            }
        )
    by_kind: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        by_kind[r["kind"]].append(r)

    def summary(items: list[dict[str, Any]]) -> dict[str, float]:
        return {
            "n": len(items),
            "answer_f1": round(mean(r["f1"] for r in items), 4) if items else 0.0,
            "evidence_recall@10": round(mean(r["recall"] for r in items), 4) if items else 0.0,
            "evidence_precision": round(mean(r["precision"] for r in items), 4) if items else 0.0,
        }

    return {
        "overall": summary(rows),
        "per_kind": {k: summary(v) for k, v in sorted(by_kind.items())},
        "questions": rows,
    }


def _ndcg(ranked: list[int], relevant: dict[int, int], k: int = 10) -> float:
    dcg = sum((2 ** relevant.get(p, 0) - 1) / math.log2(i + 2) for i, p in enumerate(ranked[:k]))
    ideal = sorted(relevant.values(), reverse=True)[:k]
    idcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def score_search(gold: list[dict[str, Any]], ranked: dict[str, list[int]]) -> dict[str, Any]:
    """nDCG@10 (gain 2^grade - 1), recall@10 (grade >= 1) and MRR of the first grade-2 hit."""
    rows = []
    for q in gold:
        relevant = {int(k): int(v) for k, v in q["relevant"].items()}
        run = ranked.get(q["id"], [])
        top = run[:10]
        wanted = {p for p, g in relevant.items() if g >= 1}
        first = next((i for i, p in enumerate(run) if relevant.get(p, 0) >= 2), None)
        rows.append(
            {
                "id": q["id"],
                "ndcg@10": _ndcg(run, relevant),
                "recall@10": len(wanted & set(top)) / len(wanted) if wanted else 0.0,
                "mrr": 1.0 / (first + 1) if first is not None else 0.0,
            }
        )
    return {
        "n": len(rows),
        "ndcg@10": round(mean(r["ndcg@10"] for r in rows), 4) if rows else 0.0,
        "recall@10": round(mean(r["recall@10"] for r in rows), 4) if rows else 0.0,
        "mrr": round(mean(r["mrr"] for r in rows), 4) if rows else 0.0,
        "queries": rows,
    }
