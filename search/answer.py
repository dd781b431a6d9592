"""Questions answered from the graph, with evidence and the SPARQL that was run; passages otherwise.

The answerer recognizes what a question is about (concepts by label or alias, or by meaning through the
vocabulary-label vectors), recognizes its intent, runs a SPARQL query and returns the items with the
paragraphs and sentences that support them. A country named in a negated clause never counts as having
done a thing. When no intent fits or the graph has nothing, it returns ranked passages marked as such.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from rdflib import Graph

from kg.queries import select_rows
from ontology import CAMI
from search.index import SearchIndex, hit_json
from search.lexical import tokenize

__all__ = ["Answer", "Answerer", "detect_intent"]

COUNTRY, SPECIES, ORG = str(CAMI.Country), str(CAMI.Species), str(CAMI.Organisation)
PRACTICE, AGREEMENT, PROJECT = str(CAMI.ToolOrPractice), str(CAMI.Agreement), str(CAMI.Project)
THREAT, PLACE, PROTECTED = str(CAMI.Threat), str(CAMI.Place), str(CAMI.ProtectedArea)
TARGET_TYPES = {PRACTICE, AGREEMENT, PROJECT, THREAT}

_CODE = re.compile(r"\b(\d{1,2}\.\d{1,2}(?:\.[a-z])?)\b")
_NEGATED_Q = re.compile(r"\b(?:not|never|no|n't|lack\w*|fail\w*|without|yet\s+to)\b|n['’]t\b", re.I)
_COUNTRY_Q = re.compile(r"\b(?:which|what)\s+(?:\w+\s+)?(?:countr(?:y|ies)|range\s+states?|nations?)\b", re.I)
_ORG_Q = re.compile(
    r"\b(?:organi[sz]ations?|ngos?|partners?|donors?|agencies|institutions?|who\s+(?:supported|funded|helped))\b",
    re.I,
)
_ACTIVITIES_Q = re.compile(r"\bactivit(?:y|ies)\b|\bactions?\b|\bmeasures\b", re.I)
_HOW_MANY = re.compile(
    r"\b(?:how\s+many|how\s+much|what\s+(?:number|percentage|share|proportion|portion|fraction)|"
    r"what\s+percent)\b",
    re.I,
)
_FACTS = {
    "iucn": re.compile(
        r"\b(?:iucn|red\s*list|conservation\s+status|threat\s+(?:status|category)|"
        r"extinction\s+risk|endangered\s+status|category)\b",
        re.I,
    ),
    "appendix": re.compile(r"\b(?:cites|cms|appendix|appendices|listed|listing)\b", re.I),
    "population": re.compile(r"\b(?:population|individuals|how\s+many|numbers?|estimates?d?|remain)\b", re.I),
    "scientific": re.compile(r"\b(?:scientific|latin|binomial|taxonomic)\s+name\b", re.I),
    "threats": re.compile(r"\b(?:threats?|threaten\w*|dangers?|pressures?|risks?)\b", re.I),
    "range": re.compile(r"\b(?:where|occur\w*|found|range|live|lives|inhabit\w*|survive\w*)\b", re.I),
}
_STATUS_Q = re.compile(r"\b(?:status|rating|rated|achieved|implemented|progress|assess\w*|how\s+far)\b", re.I)


@dataclass
class Answer:
    question: str
    kind: str  # graph | passages
    intent: str
    answer: list[dict[str, str]] = field(default_factory=list)
    value: str | None = None
    evidence: list[dict[str, Any]] = field(default_factory=list)
    sparql: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "answer": self.answer,
            "value": self.value,
            "kind": self.kind,
            "intent": self.intent,
            "evidence": self.evidence,
            "sparql": self.sparql,
        }


def detect_intent(question: str, has_species: bool) -> str:
    """The kind of question, from its wording alone."""
    q = question.strip()
    if _CODE.search(q) and (_STATUS_Q.search(q) or re.search(r"\bactivity\b", q, re.I)):
        return "status"
    if re.search(r"\bactivities\b", q, re.I) and _rating_words(q):
        return "activity_set"
    if _ORG_Q.search(q):
        return "who_what"
    if _COUNTRY_Q.search(q):
        return "negation" if _NEGATED_Q.search(q) else "which_countries"
    if (has_species and any(rx.search(q) for key, rx in _FACTS.items() if key != "threats")) or (
        has_species and _FACTS["threats"].search(q)
    ):
        return "species_fact"
    if _HOW_MANY.search(q):
        return "number_fact"
    if re.search(
        r"\b(?:which|what)\s+(?:tools?|technolog\w*|methods?|practices?|threats?|places?|areas?)\b", q, re.I
    ):
        return "who_what"
    return "passages"


def _rating_words(text: str) -> str | None:
    m = re.search(
        r"\b(not\s+fully\s+achieved|not\s+achieved|partially\s+achieved|partially\s+implemented|"
        r"minimally\s+achieved|fully\s+achieved|in\s+progress|achieved|no\s+information\s+submitted)\b",
        text,
        re.I,
    )
    return " ".join(m.group(1).split()).lower() if m else None


class Answerer:
    """Answers questions over one graph and its search index."""

    def __init__(self, graph: Graph, index: SearchIndex) -> None:
        self.graph = graph
        self.index = index
        self.lexicon = index.lexicon
        self._para_text: dict[int, str] = {u.paragraph: u.text for u in index.paragraphs}
        self._sentences = index.sentences_of
        self.link_threshold = 0.5

    # --- helpers ------------------------------------------------------------------------------------
    def _rows(self, sparql: str) -> list[dict[str, Any]]:
        return select_rows(self.graph, sparql)

    def _item(self, iri: str, written_in: str | None = None) -> dict[str, str]:
        """An answer item; where the evidence writes the concept differently (an acronym, an alias), the
        label keeps that form too: "BRCC (Biodiversity Research and Conservation Center)"."""
        label = self.lexicon.label(iri)
        if written_in:
            for m in self.index.gazetteer.find(written_in):
                if m.concept.iri != iri:
                    continue
                surface = written_in[m.start : m.end]
                if surface.lower().rstrip("s") != label.lower().rstrip("s"):
                    return {"label": f"{surface} ({label})", "iri": iri}
                break
        return {"label": label, "iri": iri}

    def _sentence_text(self, paragraph: int, sentence: int | None) -> str:
        doc = self.index.paragraphs[0].document if self.index.paragraphs else ""
        unit = next((s for s in self._sentences.get((doc, paragraph), []) if s.sentence == sentence), None)
        return unit.text if unit is not None else self._para_text.get(paragraph, "")

    def _evidence(
        self, paragraph: int, sentence: int | None = None, document: str | None = None
    ) -> dict[str, Any]:
        doc = document or (self.index.paragraphs[0].document if self.index.paragraphs else "")
        sentences = self._sentences.get((doc, paragraph), [])
        chosen = next((s for s in sentences if s.sentence == sentence), None)
        if chosen is None and sentences:
            chosen = sentences[0]
        return {
            "document": doc,
            "paragraph": paragraph,
            "text": self._para_text.get(paragraph, ""),
            "sentence": chosen.text if chosen is not None else None,
        }

    def _best_sentence(self, paragraph: int, query: str) -> int | None:
        sentences = self._sentences.get((self.index.paragraphs[0].document, paragraph), [])
        if not sentences:
            return None
        wanted = set(tokenize(query))
        return max(sentences, key=lambda s: len(wanted & set(tokenize(s.text)))).sentence

    def _concepts(self, question: str, types: set[str], hits: list[Any] | None = None) -> list[str]:
        """Concepts of ``types`` the question names: by label or alias first, else by meaning.

        By meaning, a concept is linked through the sentences that mention it: the concept whose mention
        sentences (among the best-ranked passages) are closest to the question wins, so "a messaging app
        for reporting wildlife crime" finds Telegram bots through "Telegram-based bots to allow citizens
        to report wildlife crimes".
        """
        by_label = [
            m.concept.iri for m in self.index.gazetteer.find(question) if m.concept.entity_type in types
        ]
        if by_label:
            return list(dict.fromkeys(by_label))
        hits = hits if hits is not None else self.index.search(question, limit=10)
        qvec = self.index.encoder.encode_query([question])[0]
        best: dict[str, float] = {}
        for h in hits:
            for s in self._sentences.get((h.paragraph.document, h.paragraph.paragraph), []):
                for iri in s.positive:
                    concept = self.lexicon.concepts.get(iri)
                    if concept is None or concept.entity_type not in types:
                        continue
                    score = float(self.index.vectors[s.id] @ qvec)
                    best[iri] = max(best.get(iri, 0.0), score)
        if not best:
            return []
        # Several concepts share a sentence: prefer the one whose own labels are closest to the question.
        label_sim = self._label_similarity(question, list(best))
        ranked = sorted(best, key=lambda iri: -(best[iri] + 0.5 * label_sim.get(iri, 0.0)))
        return [ranked[0]] if best[ranked[0]] >= self.link_threshold else []

    def _label_similarity(self, question: str, iris: list[str]) -> dict[str, float]:
        phrases = self.index.phrases(question)
        rows = [i for i, e in enumerate(self.index.labels) if e["iri"] in set(iris)]
        if not phrases or not rows:
            return {}
        sims = self.index.encoder.encode_query(phrases) @ self.index.label_vectors[rows].T
        out: dict[str, float] = {}
        for col, row in enumerate(rows):
            iri = self.index.labels[row]["iri"]
            out[iri] = max(out.get(iri, 0.0), float(sims[:, col].max()))
        return out

    def _passages(self, question: str, intent: str = "passages") -> Answer:
        hits = self.index.search(question, limit=10)
        evidence = [
            {k: v for k, v in hit_json(h).items() if k in ("document", "paragraph", "text", "sentence")}
            for h in hits
        ]
        return Answer(question, "passages", intent, evidence=evidence)

    # --- intents ------------------------------------------------------------------------------------
    def answer(self, question: str) -> Answer:
        """Answer ``question`` from the graph, or return ranked passages."""
        species = [
            m.concept.iri for m in self.index.gazetteer.find(question) if m.concept.entity_type == SPECIES
        ]
        if not species and any(rx.search(question) for rx in _FACTS.values()):
            species = [iri for iri, s, _ in self.index.similar_concepts(question, {SPECIES}, 0.7)[:1]]
        intent = detect_intent(question, bool(species))
        handler = {
            "status": self._status,
            "activity_set": self._activity_set,
            "which_countries": self._countries,
            "negation": self._countries,
            "species_fact": self._species_fact,
            "number_fact": self._number,
            "who_what": self._who_what,
        }.get(intent)
        result = handler(question, intent, species) if handler else None
        if result is None or (not result.answer and result.value is None):
            return self._passages(question, intent)
        return result

    def _status(self, question: str, intent: str, species: list[str]) -> Answer | None:
        code = _CODE.search(question).group(1)  # type: ignore[union-attr]
        sparql = f"""SELECT ?rating ?concept ?n ?raw WHERE {{
  ?act cami:activityCode "{code}" ; ^cami:assessedActivity ?a .
  ?a cami:ratingLabel ?rating ; cami:rating ?concept ; cami:evidenceParagraph/cami:paragraphNumber ?n .
  OPTIONAL {{ ?a cami:ratingAsWritten ?raw }}
}} ORDER BY ?n"""
        rows = self._rows(sparql)
        if not rows:
            return None
        first = rows[0]
        return Answer(
            question,
            "graph",
            intent,
            [{"label": first["rating"], "iri": first["concept"]}],
            first["rating"],
            [self._evidence(rows[0]["n"], 1)],
            sparql,
        )

    def _activity_set(self, question: str, intent: str, species: list[str]) -> Answer | None:
        wanted = _rating_words(question)
        concept = next((c for c in self.lexicon.of_type(str(CAMI.Rating)) if c.label.lower() == wanted), None)
        if concept is None and wanted == "fully achieved":
            concept = self.lexicon.find("Achieved", str(CAMI.Rating))
        if concept is None:
            return None
        where = [f"?a cami:rating <{concept.iri}> ."]
        if species:
            where.append(f"?act cami:aboutSpecies <{species[0]}> .")
        theme = next(
            (u.theme for u in self.index.paragraphs if u.theme and u.theme.lower() in question.lower()), None
        )
        if theme:
            where.append(f'?act cami:themeLabel "{theme}" .')
        if not species and not theme:
            return None
        sparql = f"""SELECT ?code ?act ?n WHERE {{
  ?act cami:activityCode ?code ; ^cami:assessedActivity ?a .
  ?a cami:evidenceParagraph/cami:paragraphNumber ?n .
  {" ".join(where)}
}} ORDER BY ?n"""
        rows = self._rows(sparql)
        codes: dict[str, str] = {}
        paragraphs: list[int] = []
        for r in rows:
            codes.setdefault(r["code"], r["act"])
            if r["n"] not in paragraphs:
                paragraphs.append(r["n"])
        return Answer(
            question,
            "graph",
            intent,
            [{"label": c, "iri": i} for c, i in codes.items()],
            None,
            [self._evidence(n, 1) for n in paragraphs],
            sparql,
        )

    def _countries(self, question: str, intent: str, species: list[str]) -> Answer | None:
        hits = self.index.search(question, limit=10)
        targets = self._concepts(question, {PRACTICE, AGREEMENT, PROJECT}, hits)
        negated = intent == "negation"
        if targets:
            values = " ".join(f"<{t}>" for t in targets)
            polarity = "cami:Negative" if negated else "cami:Positive"
            if negated:
                sparql = f"""SELECT DISTINCT ?country ?n ?i WHERE {{
  VALUES ?target {{ {values} }}
  ?mt oa:hasBody ?target ; cami:inSentence ?s .
  ?m cami:inSentence ?s ; cami:entityType cami:Country ; cami:polarity {polarity} ; oa:hasBody ?country .
  ?s cami:inParagraph/cami:paragraphNumber ?n ; cami:sentenceIndex ?i .
}} ORDER BY ?n ?i"""
            else:
                sparql = f"""SELECT DISTINCT ?country ?n ?i WHERE {{
  VALUES ?target {{ {values} }}
  ?st cami:object ?target ; cami:subject ?country ; cami:polarity {polarity} ;
      cami:predicate ?p ; cami:evidenceSentence ?s .
  FILTER (?p IN (cami:usesPractice, cami:participatesIn))
  ?s cami:inParagraph/cami:paragraphNumber ?n ; cami:sentenceIndex ?i .
}} ORDER BY ?n ?i"""
            rows = self._rows(sparql)
            if negated and rows:
                rows = self._closest_sentences(question, rows)
            if rows:
                countries = list(dict.fromkeys(r["country"] for r in rows))
                paragraphs = list(dict.fromkeys((r["n"], r["i"]) for r in rows))
                evidence = [self._evidence(n, i) for n, i in paragraphs]
                seen = {e["paragraph"] for e in evidence}
                if not negated:
                    for n in self._paragraphs_mentioning(targets, question):
                        if n not in seen and len(evidence) < 10:
                            evidence.append(self._evidence(n, self._best_sentence(n, question)))
                            seen.add(n)
                return Answer(
                    question, "graph", intent, [self._item(c) for c in countries], None, evidence[:10], sparql
                )
        if negated:
            return self._negated_from_passages(question, hits)
        return None

    def _closest_sentences(self, question: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Keep the rows whose sentence is, in meaning, close to the best match for the question."""
        doc = self.index.paragraphs[0].document
        texts = {}
        for r in rows:
            unit = next((s for s in self._sentences.get((doc, r["n"]), []) if s.sentence == r["i"]), None)
            if unit is not None:
                texts[(r["n"], r["i"])] = unit
        if not texts:
            return rows
        qvec = self.index.encoder.encode_query([question])[0]
        sims = {k: float(self.index.vectors[u.id] @ qvec) for k, u in texts.items()}
        best = max(sims.values())
        keep = {k for k, v in sims.items() if v >= best - 0.08}
        return [r for r in rows if (r["n"], r["i"]) in keep]

    def _negated_from_passages(self, question: str, hits: list[Any]) -> Answer | None:
        """Countries named in a negated clause of the sentence that best matches the question."""
        qvec = self.index.encoder.encode_query([question])[0]
        candidates = []
        for h in hits[:5]:
            for s in self._sentences.get((h.paragraph.document, h.paragraph.paragraph), []):
                countries = [
                    c
                    for c in s.negative
                    if self.lexicon.concepts.get(c) and self.lexicon.concepts[c].entity_type == COUNTRY
                ]
                if countries:
                    candidates.append((float(self.index.vectors[s.id] @ qvec), s, countries))
        if not candidates:
            return None
        candidates.sort(key=lambda c: -c[0])
        score, sentence, countries = candidates[0]
        if score < 0.5:
            return None
        return Answer(
            question,
            "graph",
            "negation",
            [self._item(c) for c in countries],
            None,
            [self._evidence(sentence.paragraph, sentence.sentence, sentence.document)],
            None,
        )

    def _paragraphs_mentioning(self, concepts: list[str], question: str) -> list[int]:
        wanted = set(concepts)
        ranked = self.index.search(question, limit=len(self.index.paragraphs))
        return [h.paragraph.paragraph for h in ranked if wanted & set(h.paragraph.positive)]

    def _species_fact(self, question: str, intent: str, species: list[str]) -> Answer | None:
        iri = species[0]
        q = question
        if _FACTS["appendix"].search(q) and not _FACTS["iucn"].search(q):
            conv = (
                "CITES"
                if re.search(r"\bcites\b", q, re.I)
                else ("CMS" if re.search(r"\bcms\b", q, re.I) else None)
            )
            conv_filter = f'FILTER (?conv = "{conv}")' if conv else ""
            sparql = f"""SELECT ?conv ?app ?applies ?n WHERE {{
  ?prof a cami:SpeciesProfile ; cami:aboutSpecies <{iri}> ; cami:listing ?l .
  ?l cami:conventionName ?conv ; cami:appendix ?app ; cami:evidenceParagraph/cami:paragraphNumber ?n .
  OPTIONAL {{ ?l cami:appliesTo ?applies }} {conv_filter}
}} ORDER BY ?conv ?app"""
            rows = self._rows(sparql)
            items = [
                f"{'' if conv else r['conv'] + ' '}Appendix {r['app']}"
                + (f" ({r['applies']})" if r["applies"] else "")
                for r in rows
            ]
            items = list(dict.fromkeys(items))
            return Answer(
                question,
                "graph",
                intent,
                [{"label": i, "iri": iri} for i in items],
                "; ".join(items) or None,
                [self._evidence(n, None) for n in dict.fromkeys(r["n"] for r in rows)],
                sparql,
            )
        if _FACTS["scientific"].search(q):
            sparql = f"""SELECT ?name ?n WHERE {{
  ?prof a cami:SpeciesProfile ; cami:aboutSpecies <{iri}> ; cami:scientificNameAsWritten ?name ;
        cami:profileParagraph/cami:paragraphNumber ?n .
}} ORDER BY ?n LIMIT 1"""
            rows = self._rows(sparql)
            return Answer(
                question,
                "graph",
                intent,
                [{"label": r["name"], "iri": iri} for r in rows[:1]],
                rows[0]["name"] if rows else None,
                [self._evidence(r["n"], 1) for r in rows[:1]],
                sparql,
            )
        if _FACTS["population"].search(q) and not _FACTS["iucn"].search(q):
            sparql = f"""SELECT ?value ?year ?where ?n WHERE {{
  ?e a cami:PopulationEstimate ; cami:aboutSpecies <{iri}> ; cami:valueAsWritten ?value ;
     cami:evidenceParagraph/cami:paragraphNumber ?n .
  OPTIONAL {{ ?e cami:yearAsWritten ?year }} OPTIONAL {{ ?e cami:where ?where }}
}} ORDER BY ?n"""
            rows = self._rows(sparql)
            place = [m.concept for m in self.index.gazetteer.find(q) if m.concept.entity_type != SPECIES]
            if place:
                names = {p.label.lower() for p in place} | {a.lower() for p in place for a in p.alt_labels}
                rows = [r for r in rows if (r["where"] or "").lower() in names] or rows
            elif re.search(r"\b(?:global|world|total|overall)\b", q, re.I):
                rows = [r for r in rows if r["where"] == "global"] or rows
            if not rows:
                return None
            return Answer(
                question,
                "graph",
                intent,
                [{"label": r["value"], "iri": iri} for r in rows],
                rows[0]["value"],
                [self._evidence(n, None) for n in dict.fromkeys(r["n"] for r in rows)],
                sparql,
            )
        if _FACTS["threats"].search(q) and not _FACTS["iucn"].search(q):
            sparql = f"""SELECT DISTINCT ?threat ?n ?i WHERE {{
  ?st cami:predicate cami:threatenedBy ; cami:subject <{iri}> ; cami:object ?threat ;
      cami:polarity cami:Positive ;
      cami:evidenceSentence ?s .
  ?prof a cami:SpeciesProfile ; cami:aboutSpecies <{iri}> ; cami:profileParagraph ?p .
  ?s cami:inParagraph ?p . ?p cami:paragraphNumber ?n . ?s cami:sentenceIndex ?i .
}} ORDER BY ?n ?i"""
            rows = self._rows(sparql)
            threats = list(dict.fromkeys(r["threat"] for r in rows))
            return Answer(
                question,
                "graph",
                intent,
                [self._item(t) for t in threats],
                None,
                [self._evidence(n, i) for n, i in dict.fromkeys((r["n"], r["i"]) for r in rows)],
                sparql,
            )
        if _FACTS["range"].search(q) and not _FACTS["iucn"].search(q):
            sparql = f"""SELECT DISTINCT ?place ?n ?i WHERE {{
  ?st cami:predicate cami:occursIn ; cami:subject <{iri}> ; cami:object ?place ; cami:polarity cami:Positive ;
      cami:evidenceSentence ?s .
  ?s cami:inParagraph/cami:paragraphNumber ?n ; cami:sentenceIndex ?i .
}} ORDER BY ?n ?i"""
            rows = self._rows(sparql)
            places = list(dict.fromkeys(r["place"] for r in rows))
            return Answer(
                question,
                "graph",
                intent,
                [self._item(p) for p in places],
                None,
                [self._evidence(n, i) for n, i in dict.fromkeys((r["n"], r["i"]) for r in rows)],
                sparql,
            )
        sparql = f"""SELECT ?category ?label ?n WHERE {{
  ?prof a cami:SpeciesProfile ; cami:aboutSpecies <{iri}> ; cami:redListCategory ?category ;
        cami:redListParagraph/cami:paragraphNumber ?n .
  ?category skos:prefLabel ?label .
}}"""
        rows = self._rows(sparql)
        if not rows:
            return None
        r = rows[0]
        return Answer(
            question,
            "graph",
            intent,
            [{"label": r["label"], "iri": r["category"]}],
            r["label"],
            [self._evidence(r["n"], 1)],
            sparql,
        )

    def _who_what(self, question: str, intent: str, species: list[str]) -> Answer | None:
        hits = self.index.search(question, limit=10)
        targets = self._concepts(question, {PRACTICE, PROJECT, AGREEMENT}, hits)
        countries = [
            m.concept.iri for m in self.index.gazetteer.find(question) if m.concept.entity_type == COUNTRY
        ]
        if _ORG_Q.search(question) and targets:
            values = " ".join(f"<{t}>" for t in targets)
            country_filter = ""
            if countries:
                country_filter = f"?p ^cami:inParagraph/^cami:inSentence/oa:hasBody <{countries[0]}> ."
            sparql = f"""SELECT DISTINCT ?org ?n ?i WHERE {{
  VALUES ?target {{ {values} }}
  ?st cami:predicate cami:supports ; cami:object ?target ; cami:subject ?org ; cami:polarity cami:Positive ;
      cami:evidenceSentence ?s .
  ?s cami:inParagraph ?p ; cami:sentenceIndex ?i . ?p cami:paragraphNumber ?n .
  {country_filter}
}} ORDER BY ?n ?i"""
            rows = self._rows(sparql)
            first_seen: dict[str, tuple[int, int]] = {}
            for r in rows:
                first_seen.setdefault(r["org"], (r["n"], r["i"]))
            orgs = list(first_seen)
            return Answer(
                question,
                "graph",
                intent,
                [self._item(o, self._sentence_text(*first_seen[o])) for o in orgs],
                None,
                [self._evidence(n, i) for n, i in dict.fromkeys((r["n"], r["i"]) for r in rows)],
                sparql,
            )
        kind = re.search(
            r"\b(tools?|technolog\w*|methods?|practices?|threats?|places?|areas?)\b", question, re.I
        )
        if kind is None:
            return None
        word = kind.group(1).lower()
        wanted = (
            THREAT
            if word.startswith("threat")
            else (PRACTICE if not word.startswith(("place", "area")) else PROTECTED)
        )
        found: list[str] = []
        evidence = []
        for h in hits[:5]:
            concepts = [
                c
                for c in h.paragraph.positive
                if self.lexicon.concepts.get(c) and self.lexicon.concepts[c].entity_type in {wanted, PLACE}
                if wanted != PRACTICE or self.lexicon.concepts[c].entity_type == PRACTICE
            ]
            if concepts:
                found += concepts
                evidence.append(
                    self._evidence(h.paragraph.paragraph, h.sentence.sentence if h.sentence else None)
                )
        found = list(dict.fromkeys(found))
        return Answer(question, "graph", intent, [self._item(c) for c in found], None, evidence, None)

    def _number(self, question: str, intent: str, species: list[str]) -> Answer | None:
        head_match = re.search(
            r"\bhow\s+many\s+([a-z][a-z\s-]*?)\s+(?:had|have|has|did|do|does|were|was|are|is|will|"
            r"can|in|of)\b",
            question,
            re.I,
        )
        percent = re.search(r"\b(?:percentage|percent|share|proportion)\b", question, re.I) is not None
        head_words = tokenize(head_match.group(1)) if head_match else []
        hits = self.index.search(question, limit=10)
        targets = self._concepts(question, TARGET_TYPES, hits)
        heads = set(head_words[-1:])
        for t in targets:
            concept = self.lexicon.concepts.get(t)
            if concept:
                heads |= {
                    tokenize(label)[-1] for label in (concept.label, *concept.alt_labels) if tokenize(label)
                }
        years = re.findall(r"\b(?:19|20)\d{2}\b", question)
        countries = {
            m.concept.iri for m in self.index.gazetteer.find(question) if m.concept.entity_type == COUNTRY
        }
        candidates: list[tuple[float, str, int, int]] = []
        for rank, h in enumerate(hits):
            for s in self._sentences.get((h.paragraph.document, h.paragraph.paragraph), []):
                if countries and not (countries & (set(s.positive) | set(h.paragraph.positive))):
                    continue
                for m in re.finditer(r"(\d[\d,.]*)(\s*%|\s+per\s*cent)?((?:\s+[A-Za-z-]+){0,4})", s.text):
                    number, pct = m.group(1).rstrip(".,"), bool(m.group(2))
                    if re.fullmatch(r"(?:19|20)\d{2}", number) and not pct:
                        continue
                    if percent != pct:
                        continue
                    if not percent and not (set(tokenize(m.group(3))) & heads):
                        continue
                    score = 1.0 / (1 + rank)
                    if years:
                        after = s.text[m.end() : m.end() + 40]
                        if any(y in after for y in years):
                            score += 1.0
                        elif any(y in s.text for y in years):
                            score += 0.3
                    candidates.append((score, number + ("%" if pct else ""), s.paragraph, s.sentence or 0))
        if not candidates:
            return None
        candidates.sort(key=lambda c: -c[0])
        value = candidates[0][1]
        evidence_keys = list(dict.fromkeys((n, i) for _, v, n, i in candidates if v == value))
        return Answer(
            question,
            "graph",
            intent,
            [{"label": value, "iri": ""}],
            value,
            [self._evidence(n, i) for n, i in evidence_keys][:10],
            None,
        )
