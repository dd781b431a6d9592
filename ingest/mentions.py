"""Entity mentions: a gazetteer over the SKOS labels, and negation scope per clause (pure).

A mention is negated when a negation cue sits in the same clause: in "Uzbekistan and Kazakhstan have not
yet reported formal community ranger incentive schemes, although both countries recognize ..." both
countries are in the negated first clause. Clauses are cut at contrast and concession markers
(``text.clauses``), so "X has A, but lacks B" keeps X positive.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from ingest.lexicon import ENTITY_CLASSES, Concept, Lexicon
from ingest.records import Mention, Paragraph
from ingest.text import clauses

__all__ = ["Gazetteer", "Match", "find_mentions", "is_negated"]

_PRIORITY = {str(cls): i for i, cls in enumerate(ENTITY_CLASSES)}
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&]{1,5}$")


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    concept: Concept


_SEPARATOR = r"[\s\-‐–]+"
_END = "\0end"


def _atoms(label: str) -> list[str]:
    """A label as regex atoms: characters, apostrophe variants, and word separators."""
    atoms: list[str] = []
    for n, token in enumerate(re.split(_SEPARATOR, label.strip())):
        if n:
            atoms.append(_SEPARATOR)
        atoms += ["['’]" if ch in "'’" else re.escape(ch) for ch in token]
    return atoms


def _trie_pattern(labels: list[str]) -> str:
    """One regex for many labels, with shared prefixes merged (a trie): Python's ``re`` tries a long
    alternation of literals one by one at every position, a trie only along matching prefixes."""
    trie: dict[str, dict] = {}
    for label in labels:
        node = trie
        for atom in _atoms(label):
            node = node.setdefault(atom, {})
        node[_END] = {"plural": label[-1:].isalpha()}

    def build(node: dict) -> str:
        branches = [atom + build(child) for atom, child in sorted(node.items()) if atom != _END]
        if _END in node:
            # Longer matches first; a label may end here, optionally pluralized, at a word boundary.
            branches.append((r"(?:s|es)?" if node[_END]["plural"] else "") + r"(?![\w])")
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    # "anti-poaching" is no mention of poaching, "non-native" none of a native thing.
    return r"(?<![\w])(?<!anti[-‐])(?<!non[-‐])" + build(trie)


class Gazetteer:
    """Find vocabulary labels in text: longest match wins, acronyms only in capitals."""

    def __init__(self, lexicon: Lexicon, types: tuple[str, ...] | None = None) -> None:
        wanted = {str(t) for t in (types or ENTITY_CLASSES)}
        self._by_label: dict[tuple[str, bool], Concept] = {}
        for concept in lexicon.concepts.values():
            if concept.entity_type not in wanted:
                continue
            for label in concept.labels:
                if not label.strip():
                    continue
                exact = bool(_ACRONYM.match(label))
                key = (label if exact else _loose(label), exact)
                current = self._by_label.get(key)
                if current is None or _PRIORITY.get(concept.entity_type, 99) < _PRIORITY.get(
                    current.entity_type, 99
                ):
                    self._by_label[key] = concept

    @cached_property
    def _regexes(self) -> list[tuple[re.Pattern[str], bool]]:
        out = []
        for exact in (False, True):
            labels = sorted({k for k, e in self._by_label if e is exact})
            if labels:
                flags = 0 if exact else re.IGNORECASE
                out.append((re.compile(_trie_pattern(labels), flags), exact))
        return out

    def _resolve(self, surface: str, exact: bool) -> Concept | None:
        if exact:
            return self._by_label.get((surface, True))
        norm = _loose(surface)
        for cand in (norm, norm[:-1], norm[:-2]):
            concept = self._by_label.get((cand, False))
            if concept:
                return concept
        return None

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[Match]:
        """Return non-overlapping matches in ``text[start:end]``, leftmost-longest first."""
        end = len(text) if end is None else end
        found: list[Match] = []
        for regex, exact in self._regexes:
            for hit in regex.finditer(text, start, end):
                concept = self._resolve(hit.group(), exact)
                if concept is not None:
                    found.append(Match(hit.start(), hit.end(), concept))
        found.sort(key=lambda f: (f.start, -(f.end - f.start), _PRIORITY.get(f.concept.entity_type, 99)))
        kept: list[Match] = []
        for match in found:
            if kept and match.start < kept[-1].end:
                continue
            kept.append(match)
        return kept

    def resolve_whole(self, text: str) -> Concept | None:
        """Return the concept when ``text`` as a whole is one of its labels."""
        stripped = text.strip()
        matches = self.find(stripped)
        if len(matches) == 1 and matches[0].start == 0 and matches[0].end == len(stripped):
            return matches[0].concept
        return None


def _loose(label: str) -> str:
    return re.sub(r"[\s\-‐–]+", " ", label.lower().replace("’", "'")).strip()


# Negation cues. "not only" is no negation; "no-man's-land" is a place; "No. 830" is a number.
_NEGATION = re.compile(
    r"\b(?:not(?!\s+only\b)|no(?![\-‐]man)(?!\.\s*\d)|never|none|neither|nor|without|lacks?|lacking|lacked|"
    r"absence\s+of|yet\s+to|fail(?:s|ed)?\s+to|cannot|unable\s+to)\b|n['’]t\b",
    re.IGNORECASE,
)


def is_negated(text: str, start: int, end: int) -> bool:
    """Return whether ``text[start:end]`` (one clause) carries a negation cue."""
    return _NEGATION.search(text, start, end) is not None


# Text that names no entity however it is spelled: web addresses and document symbols
# ("UNEP/CMS/CAMI3/Doc.2" is not a mention of UNEP or CMS).
_UNMATCHABLE = re.compile(r"https?://\S+|\bwww\.\S+|\b(?:UNEP/)?CMS/[A-Za-z0-9]+(?:/[A-Za-z0-9.]+)+")


def find_mentions(
    masked: str, source: str, paragraphs: list[Paragraph], gazetteer: Gazetteer
) -> list[Mention]:
    """Find every entity mention in every sentence, with its clause's polarity."""
    masked = _UNMATCHABLE.sub(lambda m: " " * len(m.group()), masked)
    mentions: list[Mention] = []
    for para in paragraphs:
        for sent in para.sentences:
            spans = clauses(masked, sent.start, sent.end)
            negated = [is_negated(masked, a, b) for a, b in spans]
            for m in gazetteer.find(masked, sent.start, sent.end):
                clause = next((i for i, (a, b) in enumerate(spans) if a <= m.start < b), 0)
                mentions.append(
                    Mention(
                        concept=m.concept.iri,
                        entity_type=m.concept.entity_type,
                        start=m.start,
                        end=m.end,
                        surface=source[m.start : m.end],
                        paragraph=para.number,
                        sentence=sent.index,
                        negated=negated[clause] if negated else False,
                        clause=clause,
                    )
                )
    return mentions
