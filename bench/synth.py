"""Synthetic reports in the bundled report's format, for the scale benchmarks.

Each synthetic report is derived from a real one and varied, not copied: within the numbered paragraphs
the countries, species and organisations are permuted among those of the vocabularies, about a third of
the ratings change, the paragraphs of each block after its first (which carries the rating) are
shuffled, and all paragraphs are renumbered from 1. Every report gets its own document symbol, so each
is its own document in the graph; headings and activity titles stay as they are (every report reviews
the same Programme of Work). Deterministic for a given seed.

    python bench/synth.py OUT_DIR --copies 10 [--source REPORT.md] [--seed 0]
"""

from __future__ import annotations

import argparse
import random
import re
from pathlib import Path

from rdflib import RDF, SKOS, Graph

from ingest.load import read_text
from ontology import CAMI, VOCAB_DIR

__all__ = ["synthesize", "write_corpus"]

_PARAGRAPH = re.compile(r"^(\s*)(\d{1,4})\.(\s+)(?=\S)")
_STRUCTURE = re.compile(r"^\s*(?:\d{1,3}\.\d{1,3}\.?\s|[-•]\s|\(?[a-z]\)\s|[ivx]{1,5}\.\s)")
_RATING = re.compile(r"\*(Achieved|Partially achieved|Minimally achieved|Not achieved|In progress)\.\*")
_RATINGS = ("Achieved", "Partially achieved", "Minimally achieved", "Not achieved", "In progress")
_SYMBOL = re.compile(r"UNEP/CMS/[A-Za-z0-9.]+/Doc\.\d+(?:\.\d+)*")
# Country names a Central Asian report could use in place of one another.
_COUNTRIES = [
    *("Afghanistan", "Bhutan", "China", "India", "Iran", "Kazakhstan", "Kyrgyzstan", "Mongolia", "Nepal"),
    *("Pakistan", "Tajikistan", "Turkmenistan", "Uzbekistan", "Azerbaijan", "Georgia", "Armenia"),
    *("Turkey", "Iraq", "Russia"),
]


def _vocabulary_names() -> tuple[list[str], list[str]]:
    """Preferred labels of the species and organisations in the vocabularies."""
    graph = Graph()
    for name in ("species.ttl", "organisations.ttl"):
        graph.parse(VOCAB_DIR / name, format="turtle")
    species = sorted({str(graph.value(s, SKOS.prefLabel)) for s in graph.subjects(RDF.type, CAMI.Species)})
    orgs = sorted({str(graph.value(s, SKOS.prefLabel)) for s in graph.subjects(RDF.type, CAMI.Organisation)})
    return [s for s in species if s != "None"], [o for o in orgs if o != "None"]


def _permutation(names: list[str], rng: random.Random) -> dict[str, str]:
    shuffled = names[:]
    rng.shuffle(shuffled)
    return dict(zip(names, shuffled, strict=True))


def _substitute(text: str, mapping: dict[str, str]) -> str:
    """Replace every name in ``mapping`` at once (longest first; lower-case forms too)."""
    table = dict(mapping)
    for old, new in mapping.items():
        table.setdefault(old.lower(), new.lower())
    names = "|".join(re.escape(k) for k in sorted(table, key=len, reverse=True))
    pattern = re.compile(rf"\b({names})\b")
    return pattern.sub(lambda m: table[m.group(1)], text)


def _continues(paragraph: list[str], line: str) -> bool:
    """Whether ``line`` continues ``paragraph`` (a page break inside it) rather than starting a heading."""
    if not line.strip():
        return True
    if _STRUCTURE.match(line):
        return False
    if line.lstrip()[:1].islower():
        return True
    if len(line.strip()) < 60 and not line.rstrip().endswith("."):
        return False  # a heading ("Kiang", "Transboundary Cooperation")
    last = next((x for x in reversed(paragraph) if x.strip()), "").rstrip().rstrip("*_")
    return not last.endswith((".", "!", "?", ")", '"', "”", ":", ";"))


def _blocks(lines: list[str]) -> list[tuple[str, list[list[str]]]]:
    """Split into (kind, items): 'text' runs of other lines, 'paragraphs' runs of numbered paragraphs
    (each with its continuation lines)."""
    out: list[tuple[str, list[list[str]]]] = []
    for line in lines:
        if _PARAGRAPH.match(line):
            if not out or out[-1][0] != "paragraphs":
                out.append(("paragraphs", []))
            out[-1][1].append([line])
        elif out and out[-1][0] == "paragraphs" and _continues(out[-1][1][-1], line):
            out[-1][1][-1].append(line)  # a continuation (page break) of the paragraph before
        else:
            if not out or out[-1][0] != "text":
                out.append(("text", []))
            out[-1][1].append([line])
    return out


def synthesize(text: str, seed: int, copy: int) -> str:
    """The ``copy``-th synthetic variant of report ``text``."""
    rng = random.Random(seed * 100_003 + copy)
    species, orgs = _vocabulary_names()
    mapping = {**_permutation(_COUNTRIES, rng), **_permutation(species, rng), **_permutation(orgs, rng)}
    out: list[str] = []
    number = 0
    for kind, items in _blocks(text.splitlines()):
        if kind == "text":
            out.extend(line for item in items for line in item)
            continue
        head, rest = items[:1], items[1:]
        rng.shuffle(rest)
        for item in head + rest:
            number += 1
            first = _PARAGRAPH.sub(lambda m, n=number: f"{m.group(1)}{n}.{m.group(3)}", item[0], count=1)
            body = "\n".join([first, *item[1:]])
            body = _substitute(body, mapping)
            if rng.random() < 0.35:
                body = _RATING.sub(lambda _m: f"*{rng.choice(_RATINGS)}.*", body)
            out.append(body)
    result = "\n".join(out) + "\n"
    return _SYMBOL.sub(lambda m: f"{m.group(0)}/S{copy:03d}", result)


def write_corpus(source: Path, folder: Path, copies: int, seed: int = 0) -> list[Path]:
    """Write ``copies`` synthetic reports derived from ``source`` into ``folder``; return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    text = read_text(source)
    paths = []
    for copy in range(1, copies + 1):
        path = folder / f"synthetic-{copy:03d}.md"
        if not path.exists():
            path.write_text(synthesize(text, seed, copy), encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    from service.config import default_corpus

    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("out", type=Path)
    parser.add_argument("--copies", type=int, default=10)
    parser.add_argument("--source", type=Path, default=None)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    source = args.source or default_corpus()[0]
    for path in write_corpus(source, args.out, args.copies, args.seed):
        print(path)


if __name__ == "__main__":
    main()
