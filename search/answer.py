"""Questions answered from the graph, with evidence and the SPARQL that was run; passages otherwise.

The answerer recognizes what a question is about (concepts by label or alias, by meaning through the
vocabulary-label vectors, activities through their titles), recognizes its intent, and answers from the
graph: a SPARQL query over statements, ratings and profiles where the question names a concept, or the
entities of the sentences that best match the question ("sentence-grounded") where it only describes one.
A country named in a negated clause never counts as having done a thing, and vice versa. When no intent
fits or nothing is found, it returns ranked passages, marked as passages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from rdflib import Graph, URIRef

from kg.queries import RATED_ACTIVITIES, document_of, rating_changes, report_documents, select_rows
from ontology import CAMI
from search.index import SearchIndex, hit_json
from search.lexical import tokenize
from search.rank import fuse
from search.units import Unit

__all__ = ["Answer", "Answerer", "detect_intent"]

COUNTRY, SPECIES, ORG = str(CAMI.Country), str(CAMI.Species), str(CAMI.Organisation)
PRACTICE, AGREEMENT, PROJECT = str(CAMI.ToolOrPractice), str(CAMI.Agreement), str(CAMI.Project)
THREAT, PLACE, PROTECTED = str(CAMI.Threat), str(CAMI.Place), str(CAMI.ProtectedArea)

_ACTIVITIES_ABOUT = (
    "SELECT ?species ?code WHERE { ?act cami:aboutSpecies ?species ; cami:activityCode ?code }"
)
_SPECIES_GATE = 0.45  # question-to-species-label cosine below which no species paraphrase is looked for
_CODE = re.compile(r"\b(\d{1,2}\.\d{1,2}(?:\.[a-z])?)\b")
_NEGATED_Q = re.compile(
    r"\b(?:not|never|no|none|neither|nor|lack\w*|fail\w*|without|yet\s+to|forbid\w*|ban\w*|prohibit\w*)\b|n['’]t\b",
    re.I,
)
_COUNTRY_Q = re.compile(
    r"\b(?:which|what)\s+(?:\w+\s+)?(?:countr(?:y|ies)|range\s+states?|nations?|governments?|neighbou?rs?|"
    r"states?)\b|\bin\s+which\s+countr|\bwhich\s+(?:is|are|was|were)\s+(?:the\s+)?(?:only\s+|two\s+)?countr",
    re.I,
)
_WHO_TYPES: tuple[tuple[re.Pattern[str], frozenset[str]], ...] = (
    (
        re.compile(
            r"\b(?:organi[sz]ations?|ngos?|partners?|donors?|agencies|bodies|institutions?|groups|who)\b",
            re.I,
        ),
        frozenset({ORG}),
    ),
    (
        re.compile(r"\b(?:protected\s+areas?|parks?|reserves?|places?|sites?|regions?|areas?)\b", re.I),
        frozenset({PROTECTED, PLACE}),
    ),
    (re.compile(r"\b(?:threats?|dangers?|pressures?)\b", re.I), frozenset({THREAT})),
    (
        re.compile(
            r"\b(?:tools?|gadgets?|devices?|platforms?|software|apps?|technolog\w*|methods?|practices?|"
            r"equipment|measures?)\b",
            re.I,
        ),
        frozenset({PRACTICE}),
    ),
    (
        re.compile(r"\b(?:agreements?|conventions?|treat(?:y|ies)|memorand\w*|programmes?|plans?)\b", re.I),
        frozenset({AGREEMENT, PROJECT}),
    ),
)
_WHO_Q = re.compile(r"^\s*(?:which|what|who|in\s+which|name\s+the)\b", re.I)
_HOW_MANY = re.compile(
    r"\b(?:how\s+many|how\s+much|how\s+large|how\s+big|what\s+(?:number|percentage|share|proportion|portion|"
    r"fraction|amount|sum)|by\s+what\s+percentage|what\s+percent)\b",
    re.I,
)
_YEAR_Q = re.compile(r"\b(?:in\s+)?(?:what|which)\s+year\b|^\s*when\b", re.I)
_STATUS_Q = re.compile(
    r"\b(?:status|rating|rated|achieved|implemented|progress\w*|assess\w*|judged|how\s+far|score[sd]?)\b",
    re.I,
)
_FACTS = {
    "iucn": re.compile(
        r"\b(?:iucn|red\s*list|conservation\s+status|threat\s+(?:status|category)|extinction\s+risk|"
        r"how\s+threatened|category)\b",
        re.I,
    ),
    "appendix": re.compile(r"\b(?:cites|cms|appendix|appendices)\b", re.I),
    "population": re.compile(
        r"\b(?:population|individuals|estimated?|remain(?:ing)?|are\s+there|left\s+in)\b", re.I
    ),
    "scientific": re.compile(r"\b(?:scientific|latin|binomial|taxonomic)\s+name\b", re.I),
    "threats": re.compile(r"\b(?:threats?|threaten\w*|dangers?|pressures?)\b", re.I),
    "range": re.compile(
        r"\b(?:where|occur\w*|found|live|lives|inhabit\w*|surviv\w*|confined|roam\w*)\b", re.I
    ),
    "which_species": re.compile(r"\b(?:which|what)\s+(?:cami\s+)?(?:species|animal|mammal)\b", re.I),
}
_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
}
_QUALIFIER = (
    r"(?:(?:at\s+least|more\s+than|over|about|approximately|around|nearly|almost|fewer\s+than|less\s+than|"
    r"up\s+to|some|only|roughly)\s+)?"
)
_NUMBER = re.compile(
    _QUALIFIER
    + r"((?:US)?\$\s?\d[\d,.]*(?:\s*(?:million|billion))?|\d[\d,.]*(?:\s*(?:million|billion))?|"
    + "|".join(_NUMBER_WORDS)
    + r")(\s*%|\s+per\s*cent)?((?:\s+[A-Za-z’'-]+){0,4})",
    re.I,
)


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


def _rating_words(text: str) -> str | None:
    m = re.search(
        r"\b(not\s+fully\s+achieved|not\s+achieved|partially\s+achieved|partially\s+implemented|"
        r"minimally\s+achieved|fully\s+achieved|in\s+progress|achieved|no\s+information\s+submitted)\b",
        text,
        re.I,
    )
    return " ".join(m.group(1).split()).lower() if m else None


_CHANGE_WORD = re.compile(
    r"\b(?:chang|improv|regress|worsen|declin|downgrad|upgrad|progress(?:ed)?\s+since|better|worse)\w*", re.I
)
_REVIEW_WORD = re.compile(
    r"\b(?:ratings?|reviews?|reports|status(?:es)?|since\s+the\s+(?:last|previous|earlier|first))\b", re.I
)
_IMPROVED = re.compile(r"\b(?:improv|better|upgrad|progress)\w*", re.I)
_REGRESSED = re.compile(r"\b(?:regress|worse|declin|downgrad|deteriorat)\w*", re.I)


def detect_intent(question: str, has_species: bool) -> str:
    """The kind of question, from its wording alone."""
    q = question.strip()
    if _CHANGE_WORD.search(q) and _REVIEW_WORD.search(q) and not _CODE.search(q):
        return "changes"
    if (
        re.search(r"\bactivit(?:y|ies)\b|\bactions?\b", q, re.I)
        and _rating_words(q)
        and re.search(r"\b(?:which|what|list)\b", q, re.I)
        and not _CODE.search(q)
    ):
        return "activity_set"
    if _CODE.search(q) or (
        _STATUS_Q.search(q)
        and re.search(
            r"\b(?:activity|action|work|measure|programme|program|plan|effort|initiative|task)\b", q, re.I
        )
    ):
        return "status"
    if has_species and (
        _FACTS["which_species"].search(q) or (_FACTS["range"].search(q) and not _HOW_MANY.search(q))
    ):
        return "species_fact"
    if _COUNTRY_Q.search(q):
        return "negation" if _NEGATED_Q.search(q) else "which_countries"
    if has_species and (
        _FACTS["iucn"].search(q)
        or _FACTS["appendix"].search(q)
        or _FACTS["scientific"].search(q)
        or _FACTS["threats"].search(q)
        or (
            _FACTS["population"].search(q)
            and not re.search(
                r"\b(?:did|have|has)\b.*\b(?:relocat|transloc|record|identif|release|reintroduc)", q, re.I
            )
        )
    ):
        return "species_fact"
    if _HOW_MANY.search(q) or _YEAR_Q.search(q):
        return "number_fact"
    if _WHO_Q.search(q) and any(rx.search(q) for rx, _ in _WHO_TYPES):
        return "who_what"
    return "passages"


class Answerer:
    """Answers questions over one graph and its search index."""

    def __init__(self, graph: Graph, index: SearchIndex, link_threshold: float = 0.5) -> None:
        self.graph = graph
        self.index = index
        self.lexicon = index.lexicon
        self.link_threshold = link_threshold
        self._sentences = index.sentences_of
        self._paragraph_unit = {(u.document, u.paragraph): u for u in index.paragraphs}
        self._species_rows: np.ndarray | None = None

    # --- helpers ------------------------------------------------------------------------------------
    def _rows(self, sparql: str) -> list[dict[str, Any]]:
        return select_rows(self.graph, sparql)

    def _type(self, iri: str) -> str | None:
        concept = self.lexicon.concepts.get(iri)
        return concept.entity_type if concept else None

    def _item(self, iri: str, written_in: str | None = None) -> dict[str, str]:
        """An answer item; where the evidence writes the concept differently (an acronym, an alias), the
        label keeps that form too: "Biodiversity Research and Conservation Center (BRCC)"."""
        label = self.lexicon.label(iri)
        if written_in:
            surfaces = list(
                dict.fromkeys(
                    written_in[m.start : m.end]
                    for m in self.index.gazetteer.find(written_in)
                    if m.concept.iri == iri
                )
            )
            other = [s for s in surfaces if s.lower().rstrip("s") != label.lower().rstrip("s")]
            if other:
                return {"label": f"{label} ({', '.join(other)})", "iri": iri}
        return {"label": label, "iri": iri}

    def _doc(self) -> str:
        """The latest review (units are stored oldest review first)."""
        return self.index.paragraphs[-1].document if self.index.paragraphs else ""

    def _sentence(self, paragraph: int, index: int | None, document: str | None = None) -> Unit | None:
        sentences = self._sentences.get((document or self._doc(), paragraph), [])
        return next((s for s in sentences if s.sentence == index), sentences[0] if sentences else None)

    def _evidence(
        self, paragraph: int, sentence: int | None = None, document: str | None = None
    ) -> dict[str, Any]:
        doc = document or self._doc()
        unit = self._sentence(paragraph, sentence, doc)
        para = self._paragraph_unit.get((doc, paragraph))
        return {
            "document": doc,
            "paragraph": paragraph,
            "text": para.text if para else "",
            "sentence": unit.text if unit is not None else None,
        }

    def _unit_scores(self, question: str) -> np.ndarray:
        parts = self.index.scores(question)
        return fuse(parts["dense"], parts["lexical"], parts["entity"], self.index.weights)

    def _species_in(self, question: str) -> list[str]:
        found = [
            m.concept.iri for m in self.index.gazetteer.find(question) if m.concept.entity_type == SPECIES
        ]
        if found:
            return found
        # Encoding every phrase of the question is the costly step of answering; a question that is not
        # about a species as a whole (its vector far from every species label) skips it. On our 79
        # questions the gate skips 42 of the 55 naming no species, and drops two false links ("wild").
        if self._species_rows is None:
            self._species_rows = np.array(
                [i for i, e in enumerate(self.index.labels) if e["type"] == SPECIES], dtype=np.int64
            )
        if not len(self._species_rows):
            return []
        closeness = self.index.label_vectors[self._species_rows] @ self.index.query_vector(question)
        if float(closeness.max()) < _SPECIES_GATE:
            return []
        return [iri for iri, _, _ in self.index.similar_concepts(question, {SPECIES}, 0.75)[:1]]

    def _label_similarity(self, question: str, iris: list[str]) -> dict[str, float]:
        phrases = self.index.phrases(question)
        wanted = set(iris)
        rows = [i for i, e in enumerate(self.index.labels) if e["iri"] in wanted]
        if not phrases or not rows:
            return {}
        sims = self.index.query_vectors(phrases) @ self.index.label_vectors[rows].T
        out: dict[str, float] = {}
        for col, row in enumerate(rows):
            iri = self.index.labels[row]["iri"]
            out[iri] = max(out.get(iri, 0.0), float(sims[:, col].max()))
        return out

    def _linked_concepts(self, question: str, types: set[str], hits: list[Any] | None = None) -> list[str]:
        """Concepts of ``types`` the question names by label or alias; else the one it describes, found
        through the best-matching sentences that mention it and checked against its own labels."""
        by_label = [
            m.concept.iri for m in self.index.gazetteer.find(question) if m.concept.entity_type in types
        ]
        if by_label:
            return list(dict.fromkeys(by_label))
        hits = hits if hits is not None else self.index.search(question, limit=10)
        qvec = self.index.query_vector(question)
        best: dict[str, float] = {}
        for h in hits:
            for s in self._sentences.get((h.paragraph.document, h.paragraph.paragraph), []):
                for iri in s.positive:
                    if self._type(iri) in types:
                        best[iri] = max(best.get(iri, 0.0), float(self.index.vectors[s.id] @ qvec))
        if not best:
            return []
        label_sim = self._label_similarity(question, list(best))
        ranked = sorted(best, key=lambda iri: -(best[iri] + 0.5 * label_sim.get(iri, 0.0)))
        return [ranked[0]] if best[ranked[0]] >= self.link_threshold else []

    def _grounded(
        self,
        question: str,
        types: set[str],
        negated: bool = False,
        single: bool = False,
        within: set[int] | None = None,
        margin: float = 0.05,
        sentence_weight: float = 0.7,
    ) -> tuple[list[str], list[Unit]]:
        """Entities of ``types`` in the sentences that best match the question (with the right polarity)."""
        scores = self._unit_scores(question)
        candidates: list[tuple[float, Unit, list[str]]] = []
        for key, sentences in self._sentences.items():
            para = self._paragraph_unit.get(key)
            if para is None or (within is not None and para.paragraph not in within):
                continue
            para_countries = [c for c in para.positive if self._type(c) == COUNTRY]
            for s in sentences:
                pool = s.negative if negated else s.positive
                entities = [c for c in pool if self._type(c) in types]
                if (
                    not entities
                    and not negated
                    and COUNTRY in types
                    and len(set(para_countries)) == 1
                    and not any(self._type(c) == COUNTRY for c in s.negative)
                ):
                    entities = para_countries[:1]  # "The government has ..." in a paragraph about one country
                if entities:
                    score = sentence_weight * float(scores[s.id]) + (1 - sentence_weight) * float(
                        scores[para.id]
                    )
                    candidates.append((score, s, entities))
        if not candidates:
            return [], []
        candidates.sort(key=lambda c: -c[0])
        top = candidates[0][0]
        kept = candidates[:1] if single else [c for c in candidates if c[0] >= top - margin][:3]
        entities = list(dict.fromkeys(e for _, _, found in kept for e in found))
        return entities, [s for _, s, _ in kept]

    def _single(
        self,
        question: str,
        intent: str,
        label: str,
        iri: str,
        paragraph: int,
        sparql: str,
        document: str | None = None,
    ) -> Answer:
        """A one-item answer stated by the first sentence of ``paragraph`` (a rating, a category)."""
        return Answer(
            question,
            "graph",
            intent,
            [{"label": label, "iri": iri}],
            label,
            [self._evidence(paragraph, 1, document)],
            sparql,
        )

    def _passages(self, question: str, intent: str = "passages") -> Answer:
        hits = self.index.search(question, limit=10)
        keys = ("document", "paragraph", "text", "sentence")
        evidence = [{k: v for k, v in hit_json(h).items() if k in keys} for h in hits]
        return Answer(question, "passages", intent, evidence=evidence)

    # --- entry ----------------------------------------------------------------------------------------
    def answer(self, question: str) -> Answer:
        """Answer ``question`` from the graph, or return ranked passages."""
        species = self._species_in(question)
        intent = detect_intent(question, bool(species))
        handler = {
            "changes": self._changes,
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

    # --- status ---------------------------------------------------------------------------------------
    def _status(self, question: str, intent: str, species: list[str]) -> Answer | None:
        code_match = _CODE.search(question)
        if code_match:
            code = code_match.group(1)
        else:
            ranked = self.index.similar_activities(question, species[0] if species else None)
            if not ranked or ranked[0][1] < 0.45:
                return None
            code = ranked[0][0]["code"]
        sparql = f"""SELECT ?a ?rating ?concept ?n WHERE {{
  ?act cami:activityCode "{code}" .
  ?a cami:assessedActivity ?act ; cami:ratingLabel ?rating ; cami:rating ?concept ;
     cami:evidenceParagraph/cami:paragraphNumber ?n .
}} ORDER BY ?n"""
        rows = self._rows(sparql)
        # With several reviews, the status is the latest review's rating of the activity.
        docs = report_documents(self.graph)
        for doc in reversed(docs):
            mine = [r for r in rows if document_of(r["a"], [doc])]
            if mine:
                rows = mine
                break
        if not rows:
            return None
        first = rows[0]
        doc = document_of(first["a"], docs)
        symbol = doc["symbol"] if doc else None
        return self._single(question, intent, first["rating"], first["concept"], first["n"], sparql, symbol)

    def _changes(self, question: str, intent: str, species: list[str]) -> Answer | None:
        """Activities whose rating changed between the last two reviews (or went up / down only)."""
        try:
            result = rating_changes(self.graph)
        except LookupError:
            return None
        wanted = "improved" if _IMPROVED.search(question) else None
        wanted = "regressed" if _REGRESSED.search(question) else wanted
        changes = [c for c in result["changes"] if wanted is None or c["direction"] == wanted]
        if species:
            about = {
                r["code"] for r in select_rows(self.graph, _ACTIVITIES_ABOUT, species=URIRef(species[0]))
            }
            changes = [c for c in changes if c["code"] in about]
        before, after = result["from"]["symbol"], result["to"]["symbol"]
        evidence = []
        for change in changes:
            for doc, side in ((before, "before"), (after, "after")):
                if change[side]["paragraphs"]:
                    evidence.append(self._evidence(change[side]["paragraphs"][0], 1, doc))
        items = [
            {
                "label": f"{c['code']}: {c['before']['rating']} → {c['after']['rating']}",
                "iri": f"{self._programme_of(c['code'])}",
            }
            for c in changes
        ]
        what = {"improved": "improved", "regressed": "regressed"}.get(wanted or "", "changed")
        value = f"{len(changes)} activities {what} between {before} and {after}"
        return Answer(question, "graph", intent, items, value, evidence, RATED_ACTIVITIES)

    @staticmethod
    def _symbol(iri: str, docs: list[dict[str, Any]]) -> str | None:
        doc = document_of(iri, docs)
        return doc["symbol"] if doc else None

    def _programme_of(self, code: str) -> str:
        rows = self._rows(f'SELECT ?act WHERE {{ ?act cami:activityCode "{code}" }} LIMIT 1')
        return rows[0]["act"] if rows else ""

    def _activity_set(self, question: str, intent: str, species: list[str]) -> Answer | None:
        wanted = _rating_words(question)
        if wanted == "fully achieved":
            wanted = "achieved"
        concept = next((c for c in self.lexicon.of_type(str(CAMI.Rating)) if c.label.lower() == wanted), None)
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
        sparql = f"""SELECT ?code ?act ?a ?n WHERE {{
  ?act cami:activityCode ?code .
  ?a cami:assessedActivity ?act ; cami:evidenceParagraph/cami:paragraphNumber ?n .
  {" ".join(where)}
}} ORDER BY ?n"""
        rows = self._rows(sparql)
        # Ratings belong to a review: with several, the set is the latest review's.
        docs = report_documents(self.graph)
        latest = docs[-1] if docs else None
        if latest is not None:
            rows = [r for r in rows if document_of(r["a"], [latest])]
        codes: dict[str, str] = {}
        first_paragraph: dict[str, int] = {}
        for r in rows:
            codes.setdefault(r["code"], r["act"])
            first_paragraph.setdefault(r["code"], r["n"])
        paragraphs = list(dict.fromkeys(first_paragraph.values()))
        symbol = latest["symbol"] if latest else None
        return Answer(
            question,
            "graph",
            intent,
            [{"label": c, "iri": i} for c, i in codes.items()],
            None,
            [self._evidence(n, 1, symbol) for n in paragraphs],
            sparql,
        )

    # --- countries ------------------------------------------------------------------------------------
    def _countries(self, question: str, intent: str, species: list[str]) -> Answer | None:
        negated = intent == "negation"
        single = re.search(r"\bwhich\s+country\b|\bthe\s+only\b|\bwhich\s+one\b", question, re.I) is not None
        targets = [
            m.concept.iri
            for m in self.index.gazetteer.find(question)
            if m.concept.entity_type in {PRACTICE, AGREEMENT, PROJECT}
        ]
        if targets and not negated and self._names_only(question):
            answer = self._countries_by_statement(question, intent, targets)
            if answer is not None:
                return answer
        countries, sentences = self._grounded(question, {COUNTRY}, negated=negated, single=single)
        if not countries:
            return None
        evidence = [self._evidence(s.paragraph, s.sentence, s.document) for s in sentences]
        if not negated:
            # The tool or practice the best sentences speak of: its other mentions by the same countries.
            concepts = [
                c for s in sentences for c in s.positive if self._type(c) in {PRACTICE, AGREEMENT, PROJECT}
            ]
            if concepts:
                sim = self._label_similarity(question, list(dict.fromkeys(concepts)))
                if sim:
                    concept, score = max(sim.items(), key=lambda kv: kv[1])
                    if score >= self.link_threshold:
                        evidence += self._concept_paragraphs(
                            question, [concept], set(countries), {e["paragraph"] for e in evidence}
                        )
        return Answer(
            question, "graph", intent, [self._item(c) for c in countries], None, evidence[:10], None
        )

    def _names_only(self, question: str) -> bool:
        """Whether the question asks about the named concepts alone ("Which countries use SMART?") rather
        than about something more specific, which a sentence answers better than the concept."""
        text = question
        for m in reversed(self.index.gazetteer.find(question)):
            text = text[: m.start] + " " + text[m.end :]
        generic = {
            "country",
            "use",
            "using",
            "signed",
            "sign",
            "adopt",
            "adopted",
            "introduce",
            "introduced",
            "implement",
            "implemented",
            "participate",
            "take",
            "part",
            "member",
            "join",
            "joined",
            "apply",
            "applied",
            "employ",
            "deploy",
            "run",
            "currently",
            "already",
            "engaged",
            "involved",
        }
        return len([t for t in tokenize(text) if t not in generic]) <= 2

    def _countries_by_statement(self, question: str, intent: str, targets: list[str]) -> Answer | None:
        values = " ".join(f"<{t}>" for t in targets)
        sparql = f"""SELECT DISTINCT ?country ?s ?n ?i WHERE {{
  VALUES ?target {{ {values} }}
  ?st cami:object ?target ; cami:subject ?country ; cami:polarity cami:Positive ;
      cami:predicate ?p ; cami:evidenceSentence ?s .
  FILTER (?p IN (cami:usesPractice, cami:participatesIn))
  ?s cami:inParagraph/cami:paragraphNumber ?n ; cami:sentenceIndex ?i .
}} ORDER BY ?n ?i"""
        rows = self._rows(sparql)
        if not rows:
            return None
        countries = list(dict.fromkeys(r["country"] for r in rows))
        docs = report_documents(self.graph)
        cited = dict.fromkeys((self._symbol(r["s"], docs), r["n"], r["i"]) for r in rows)
        evidence = [self._evidence(n, i, d) for d, n, i in cited]
        evidence += self._concept_paragraphs(question, targets, None, {e["paragraph"] for e in evidence})
        return Answer(
            question, "graph", intent, [self._item(c) for c in countries], None, evidence[:10], sparql
        )

    def _concept_paragraphs(
        self, question: str, concepts: list[str], countries: set[str] | None, seen: set[int]
    ) -> list[dict[str, Any]]:
        """Further paragraphs that mention ``concepts`` (and one of ``countries``), best-ranked first."""
        wanted = set(concepts)
        out = []
        for h in self.index.search(question, limit=len(self.index.paragraphs)):
            para = h.paragraph
            if para.paragraph in seen or not wanted & set(para.positive):
                continue
            if countries is not None and not countries & set(para.positive):
                continue
            out.append(
                self._evidence(para.paragraph, h.sentence.sentence if h.sentence else None, para.document)
            )
            seen.add(para.paragraph)
        return out

    # --- species --------------------------------------------------------------------------------------
    def _species_fact(self, question: str, intent: str, species: list[str]) -> Answer | None:
        iri, q = species[0], question
        if _FACTS["which_species"].search(q):
            return self._which_species(question, intent, iri)
        if _FACTS["appendix"].search(q) and not _FACTS["iucn"].search(q):
            return self._appendix(question, intent, iri)
        if _FACTS["scientific"].search(q):
            sparql = f"""SELECT ?name ?n WHERE {{
  ?prof a cami:SpeciesProfile ; cami:aboutSpecies <{iri}> ; cami:scientificNameAsWritten ?name ;
        cami:profileParagraph/cami:paragraphNumber ?n .
}} ORDER BY ?n LIMIT 1"""
            rows = self._rows(sparql)
            if not rows:
                return None
            return Answer(
                question,
                "graph",
                intent,
                [{"label": rows[0]["name"], "iri": iri}],
                rows[0]["name"],
                [self._evidence(rows[0]["n"], 1)],
                sparql,
            )
        if _FACTS["iucn"].search(q):
            return self._red_list(question, intent, iri)
        if _FACTS["threats"].search(q):
            return self._threats(question, intent, iri)
        if _FACTS["range"].search(q) and not _HOW_MANY.search(q):
            profile = {u.paragraph for u in self.index.paragraphs if iri in u.species and u.theme is None}
            types = {COUNTRY} if _COUNTRY_Q.search(q) else {PROTECTED, PLACE, COUNTRY}
            if re.search(r"\bprotected\s+areas?|\bparks?\b|\breserves?\b", q, re.I):
                types = {PROTECTED, PLACE}
            single = re.search(r"\bwhich\s+country\b", q, re.I) is not None
            places, sentences = self._grounded(q, types, single=single, within=profile)
            if not places:
                return None
            return Answer(
                question,
                "graph",
                intent,
                [self._item(p) for p in places],
                None,
                [self._evidence(s.paragraph, s.sentence, s.document) for s in sentences],
                None,
            )
        return self._population(question, intent, iri)

    def _which_species(self, question: str, intent: str, iri: str) -> Answer | None:
        alias = next((m for m in self.index.gazetteer.find(question) if m.concept.iri == iri), None)
        evidence = []
        if alias is not None:
            surface = question[alias.start : alias.end].lower()
            for _key, sentences in self._sentences.items():
                for s in sentences:
                    if iri in s.positive and surface in s.text.lower():
                        evidence.append(self._evidence(s.paragraph, s.sentence, s.document))
                        break
        return Answer(
            question, "graph", intent, [self._item(iri)], self.lexicon.label(iri), evidence[:10], None
        )

    def _appendix(self, question: str, intent: str, iri: str) -> Answer | None:
        q = question
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
        items = []
        for r in rows:
            label = ("" if conv else r["conv"] + " ") + f"Appendix {r['app']}"
            items.append(label + (f" ({r['applies']})" if r["applies"] else ""))
        items = list(dict.fromkeys(items))
        if not items:
            return None
        return Answer(
            question,
            "graph",
            intent,
            [{"label": i, "iri": iri} for i in items],
            "; ".join(items),
            [self._evidence(n, None) for n in dict.fromkeys(r["n"] for r in rows)],
            sparql,
        )

    def _red_list(self, question: str, intent: str, iri: str) -> Answer | None:
        sparql = f"""SELECT ?category ?label ?n WHERE {{
  ?prof a cami:SpeciesProfile ; cami:aboutSpecies <{iri}> ; cami:redListCategory ?category ;
        cami:redListParagraph/cami:paragraphNumber ?n .
  ?category skos:prefLabel ?label .
}}"""
        rows = self._rows(sparql)
        if not rows:
            return None
        r = rows[0]
        return self._single(question, intent, r["label"], r["category"], r["n"], sparql)

    def _threats(self, question: str, intent: str, iri: str) -> Answer | None:
        sparql = f"""SELECT DISTINCT ?threat ?n ?i WHERE {{
  ?st cami:predicate cami:threatenedBy ; cami:subject <{iri}> ; cami:object ?threat ;
      cami:polarity cami:Positive ; cami:evidenceSentence ?s .
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

    def _population(self, question: str, intent: str, iri: str) -> Answer | None:
        q = question
        sparql = f"""SELECT ?value ?year ?where ?n WHERE {{
  ?e a cami:PopulationEstimate ; cami:aboutSpecies <{iri}> ; cami:valueAsWritten ?value ;
     cami:evidenceParagraph/cami:paragraphNumber ?n .
  OPTIONAL {{ ?e cami:yearAsWritten ?year }} OPTIONAL {{ ?e cami:where ?where }}
}} ORDER BY ?n"""
        rows = self._rows(sparql)
        places = [m.concept for m in self.index.gazetteer.find(q) if m.concept.entity_type != SPECIES]
        if places:
            names = {p.label.lower() for p in places} | {a.lower() for p in places for a in p.alt_labels}
            rows = [r for r in rows if any(n in (r["where"] or "").lower() for n in names)]
        elif re.search(r"\b(?:global|world|total|overall|in\s+the\s+wild)\b", q, re.I):
            rows = [r for r in rows if r["where"] == "global"] or rows
        years = re.findall(r"\b(?:19|20)\d{2}\b", q)
        if years:
            rows = [r for r in rows if any(y in (r["year"] or "") for y in years)] or rows
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

    # --- who / what -----------------------------------------------------------------------------------
    def _who_what(self, question: str, intent: str, species: list[str]) -> Answer | None:
        types: set[str] = set()
        for rx, kinds in _WHO_TYPES:
            if rx.search(question):
                types = set(kinds)
                break
        if not types:
            return None
        if types == {ORG}:
            targets = self._linked_concepts(question, {PRACTICE, PROJECT})
            by_statement = self._supporters(question, intent, targets) if targets else None
            if by_statement is not None:
                return by_statement
        countries = {
            m.concept.iri for m in self.index.gazetteer.find(question) if m.concept.entity_type == COUNTRY
        }
        within = None
        if countries and COUNTRY not in types:
            within = {u.paragraph for u in self.index.paragraphs if countries & set(u.positive)}
        # Who did something is often said in the sentence after the one that says what was done.
        found, sentences = self._grounded(question, types, margin=0.02, within=within, sentence_weight=0.4)
        if not found:
            return None
        items = []
        for iri in found:
            where = next((s.text for s in sentences if iri in s.positive), None)
            items.append(self._item(iri, where))
        return Answer(
            question,
            "graph",
            intent,
            items,
            None,
            [self._evidence(s.paragraph, s.sentence, s.document) for s in sentences],
            None,
        )

    def _supporters(self, question: str, intent: str, targets: list[str]) -> Answer | None:
        countries = [
            m.concept.iri for m in self.index.gazetteer.find(question) if m.concept.entity_type == COUNTRY
        ]
        values = " ".join(f"<{t}>" for t in targets)
        country_filter = (
            f"?pm cami:inSentence/cami:inParagraph ?p ; oa:hasBody <{countries[0]}> ." if countries else ""
        )
        sparql = f"""SELECT DISTINCT ?org ?n ?i WHERE {{
  VALUES ?target {{ {values} }}
  ?st cami:predicate cami:supports ; cami:object ?target ; cami:subject ?org ; cami:polarity cami:Positive ;
      cami:evidenceSentence ?s .
  ?s cami:inParagraph ?p ; cami:sentenceIndex ?i . ?p cami:paragraphNumber ?n .
  {country_filter}
}} ORDER BY ?n ?i"""
        rows = self._rows(sparql)
        if not rows:
            return None
        first_seen: dict[str, tuple[int, int]] = {}
        for r in rows:
            first_seen.setdefault(r["org"], (r["n"], r["i"]))
        items = []
        for org, (n, i) in first_seen.items():
            unit = self._sentence(n, i)
            items.append(self._item(org, unit.text if unit else None))
        evidence = [self._evidence(n, i) for n, i in dict.fromkeys((r["n"], r["i"]) for r in rows)]
        return Answer(question, "graph", intent, items, None, evidence, sparql)

    # --- numbers --------------------------------------------------------------------------------------
    def _number(self, question: str, intent: str, species: list[str]) -> Answer | None:
        q = question
        if _YEAR_Q.search(q):
            return self._year(question, intent)
        percent = re.search(r"\b(?:percentage|percent|share|proportion)\b", q, re.I) is not None
        money = re.search(
            r"\b(?:how\s+large|how\s+big|how\s+much|amount|sum|fund\w*|budget|cost|worth)\b", q, re.I
        )
        head_match = re.search(
            r"\bhow\s+many\s+(.+?)\s+(?:had|have|has|did|do|does|were|was|are|is|will|can|could|have\s+been)\b",
            q,
            re.I,
        )
        heads = set(tokenize(head_match.group(1))) if head_match else set()
        for iri in self._linked_concepts(q, {PRACTICE, PROJECT, THREAT}) if head_match else []:
            concept = self.lexicon.concepts.get(iri)
            if concept:
                heads |= {t for label in (concept.label, *concept.alt_labels) for t in tokenize(label)[-1:]}
        if species or any(self._type(m.concept.iri) == SPECIES for m in self.index.gazetteer.find(q)):
            heads |= {"individual", "animal", "head"}
            for iri in species:
                concept = self.lexicon.concepts.get(iri)
                if concept:
                    heads |= {t for label in concept.labels for t in tokenize(label)[-1:]}
        heads -= {"wild", "new", "total"}
        years = re.findall(r"\b(?:19|20)\d{2}\b", q)
        countries = {m.concept.iri for m in self.index.gazetteer.find(q) if m.concept.entity_type == COUNTRY}
        scores = self._unit_scores(q)
        candidates: list[tuple[float, str, Unit]] = []
        for key, sentences in self._sentences.items():
            para = self._paragraph_unit.get(key)
            if para is None:
                continue
            if countries and not countries & set(para.positive):
                continue
            for s in sentences:
                base = 0.7 * float(scores[s.id]) + 0.3 * float(scores[para.id])
                for m in _NUMBER.finditer(s.text):
                    value, pct, after = m.group(1), bool(m.group(2)), m.group(3)
                    if re.fullmatch(r"(?:19|20)\d{2}", value) and not pct:
                        continue
                    if percent != pct:
                        continue
                    is_money = value.lstrip().upper().startswith(("$", "US$"))
                    if money and not percent and not is_money and not heads & set(tokenize(after)):
                        continue
                    words = set(tokenize(after))
                    if species and not set(species) & set(s.species):
                        words -= {"individual", "animal", "head"}  # "152-189 individuals" of another species
                    if not money and not percent and not heads & words:
                        continue
                    score = base
                    if years:  # a year the question names is all but a constraint
                        tail = s.text[m.end() : m.end() + 40]
                        if any(y in tail for y in years):
                            score += 1.0
                        elif any(y in s.text for y in years):
                            score += 0.6
                    written = " ".join(m.group(0)[: m.start(3) - m.start(0)].split())
                    written = written.replace("per cent", "%")
                    candidates.append((score, written, s))
        if not candidates:
            return None
        candidates.sort(key=lambda c: -c[0])
        value = candidates[0][1]
        core = re.sub(_QUALIFIER, "", value, count=1, flags=re.I).strip()
        same = [s for _, v, s in candidates if re.sub(_QUALIFIER, "", v, count=1, flags=re.I).strip() == core]
        keys = list(dict.fromkeys((s.document, s.paragraph, s.sentence) for s in same))
        evidence = [self._evidence(n, i, d) for d, n, i in keys][:10]
        return Answer(question, "graph", intent, [{"label": value, "iri": ""}], value, evidence, None)

    def _year(self, question: str, intent: str) -> Answer | None:
        names = [m for m in self.index.gazetteer.find(question) if m.concept.entity_type != COUNTRY]
        countries = {
            m.concept.iri for m in self.index.gazetteer.find(question) if m.concept.entity_type == COUNTRY
        }
        scores = self._unit_scores(question)
        best: tuple[float, str, Unit] | None = None
        for key, sentences in self._sentences.items():
            para = self._paragraph_unit.get(key)
            if para is None or (countries and not countries & set(para.positive)):
                continue
            for s in sentences:
                years = list(re.finditer(r"\b(?:19|20)\d{2}\b", s.text))
                if not years:
                    continue
                score = 0.7 * float(scores[s.id]) + 0.3 * float(scores[para.id])
                anchor = None
                for m in names:
                    label_hits = [
                        x for x in self.index.gazetteer.find(s.text) if x.concept.iri == m.concept.iri
                    ]
                    if label_hits:
                        anchor = label_hits[0].end
                        score += 0.2
                        break
                year = min(years, key=lambda y: abs(y.start() - anchor)) if anchor is not None else years[0]
                if best is None or score > best[0]:
                    best = (score, year.group(0), s)
        if best is None:
            return None
        _, year_text, unit = best
        return Answer(
            question,
            "graph",
            intent,
            [{"label": year_text, "iri": ""}],
            year_text,
            [self._evidence(unit.paragraph, unit.sentence, unit.document)],
            None,
        )
