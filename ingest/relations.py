"""Relations between mentioned entities, qualified by polarity and evidence (pure).

A relation is read from one sentence: its type follows from the pair of entity types (a country and a
tool or practice: ``usesPractice``), and some types need a cue word in the sentence (an organisation
``supports`` something only where the sentence speaks of support, funding or partnership). The relation
is negated when the clause of either end is negated ("Kazakhstan has not introduced ...").
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import TYPE_CHECKING

from ingest.lexicon import Lexicon
from ingest.records import Mention, Span, Statement
from ontology import CAMI

if TYPE_CHECKING:
    from ingest.parse import Structure

__all__ = ["RELATIONS", "extract_statements"]

COUNTRY, SPECIES, ORG = str(CAMI.Country), str(CAMI.Species), str(CAMI.Organisation)
AGREEMENT, PROJECT, PRACTICE = str(CAMI.Agreement), str(CAMI.Project), str(CAMI.ToolOrPractice)
THREAT, PLACE, PROTECTED = str(CAMI.Threat), str(CAMI.Place), str(CAMI.ProtectedArea)

_SUPPORT_CUE = re.compile(
    r"\b(?:support(?:ed|s|ing)?|fund(?:ed|ing|s)?|financ\w*|partner\w*|assist\w*|help(?:ed)?|collaborat\w*|"
    r"conducted\s+by|implemented\s+by|organi[sz]ed\s+by|led\s+by|through\s+the\s+efforts\s+of|"
    r"in\s+the\s+frame(?:work)?\s+of|commissioned\s+by|with\s+(?:the\s+)?support)\b",
    re.IGNORECASE,
)
# A country "uses" a tool or practice only where the sentence says it does something with it: training
# others "in SMART patrols" (para 274) is not using SMART.
_USE_CUE = re.compile(
    r"\b(?:us(?:e|es|ed|ing)|introduc\w*|institutionali[sz]\w*|adopt\w*|appl(?:y|ies|ied|ying)|deploy\w*|"
    r"implement\w*|expand\w*|employ\w*|operat\w*|rel(?:y|ies|ied)\s+on|equipp\w*|pilot\w*|launch\w*|"
    r"establish\w*|built|build\w*|creat\w*|construct\w*|install\w*|test\w*|promot\w*|conduct\w*|"
    r"carr(?:y|ies|ied)\s+out|run(?:s|ning)?|maintain\w*|integrat\w*|mandat\w*|enact\w*|initiat\w*|"
    r"celebrat\w*|organi[sz](?:e|es|ed|ing)|host(?:s|ed|ing)?|distribut\w*|developed|insur\w*|retain\w*|"
    r"return\w*)\b",
    re.IGNORECASE,
)
_THREAT_CUE = re.compile(
    r"\b(?:threat\w*|impact\w*|affect\w*|risk\w*|vulnerab\w*|caused\s+by|due\s+to|mortality|decline\w*|"
    r"pressure\w*|conflict\w*|disrupt\w*|fragment\w*|endanger\w*|hinder\w*|obstruct\w*|kill\w*)\b",
    re.IGNORECASE,
)
_PRESENCE_CUE = re.compile(
    r"\b(?:inhabit\w*|found|occur\w*|populations?|live|living|roam\w*|range\w*|hosts?|harbou?rs?|surviv\w*|"
    r"confined|persist\w*|recorded|reintroduc\w*|individuals|estimated?|rediscovered|exist)\b",
    re.IGNORECASE,
)

# (subject type, object types, relation, cue)
RELATIONS: tuple[tuple[str, frozenset[str], str, re.Pattern[str] | None], ...] = (
    (COUNTRY, frozenset({PRACTICE}), "usesPractice", _USE_CUE),
    (COUNTRY, frozenset({AGREEMENT, PROJECT}), "participatesIn", None),
    (ORG, frozenset({PROJECT, PRACTICE}), "supports", _SUPPORT_CUE),
    (SPECIES, frozenset({THREAT}), "threatenedBy", _THREAT_CUE),
)


def extract_statements(
    structure: Structure, mentions: list[Mention], lexicon: Lexicon, masked: str
) -> list[Statement]:
    """Read qualified relations from each sentence's mentions."""
    del lexicon
    sentences = {(p.number, s.index): s for p in structure.paragraphs for s in p.sentences}
    profile_species = {
        p.number: s.species
        for s in structure.sections
        if s.kind == "species" and s.part == "species-status" and s.species
        for p in structure.paragraphs
        if p.section == s.key
    }
    grouped: dict[tuple[int, int], list[Mention]] = defaultdict(list)
    for m in mentions:
        grouped[(m.paragraph, m.sentence)].append(m)
    out: dict[tuple[int, int, str, str, str], Statement] = {}

    def add(subj: Mention | None, subject: str, relation: str, obj: Mention, key: tuple[int, int]) -> None:
        negated = obj.negated or (subj.negated if subj else False)
        ident = (key[0], key[1], subject, relation, obj.concept)
        if ident in out or subject == obj.concept:
            return
        subject_span = Span(subj.start, subj.end) if subj else Span(obj.start, obj.end)
        out[ident] = Statement(
            subject, relation, obj.concept, negated, key[0], key[1], subject_span, Span(obj.start, obj.end)
        )

    # A paragraph about one country ("In Mongolia, ... These rangers use SMART.") lends that country to its
    # sentences that name none.
    countries_in: dict[int, set[str]] = defaultdict(set)
    topic_mention: dict[int, Mention] = {}
    for m in mentions:
        if m.entity_type == COUNTRY:
            countries_in[m.paragraph].add(m.concept)
            topic_mention.setdefault(m.paragraph, m)

    for key, group in sorted(grouped.items()):
        sent = sentences[key]
        text = masked[sent.start : sent.end]
        if not any(m.entity_type == COUNTRY for m in group) and len(countries_in.get(key[0], ())) == 1:
            topic = topic_mention[key[0]]
            if not topic.negated:
                group = [*group, topic]
        for subject_type, object_types, relation, cue in RELATIONS:
            if (
                cue is not None
                and not cue.search(text)
                and not (relation == "threatenedBy" and key[0] in profile_species)
            ):
                continue
            subjects = [m for m in group if m.entity_type == subject_type]
            objects = [m for m in group if m.entity_type in object_types]
            for obj in objects:
                for subj in subjects:
                    add(subj, subj.concept, relation, obj, key)
        species = profile_species.get(key[0])
        if species is None:
            continue
        for obj in group:
            if obj.entity_type == THREAT:
                add(None, species, "threatenedBy", obj, key)
            elif obj.entity_type in {COUNTRY, PLACE, PROTECTED} and _PRESENCE_CUE.search(text):
                add(None, species, "occursIn", obj, key)
    return sorted(out.values(), key=lambda s: (s.paragraph, s.sentence, s.subject_mention.start, s.predicate))
