"""What a SPARQL request may do against the graph: read it, and nothing else.

Oxigraph would execute ``SERVICE <iri>`` by sending an HTTP request from the server (a door to the
network behind it), and SPARQL Update would change the graph. The query is therefore read token by
token — comments, strings and IRIs are skipped as units, so a keyword inside them never counts — and
refused when it is an update (``INSERT``, ``LOAD`` …), calls a ``SERVICE`` (unless federation is
switched on), or selects ``file:`` IRIs as its dataset (``FROM``, ``FROM NAMED``, the protocol's
``default-graph-uri``/``named-graph-uri``). Oxigraph never fetches ``FROM`` IRIs — they name graphs in
the store — but a ``file:`` IRI there says the client expects a file to be read, which it never is.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from kg.errors import QueryError

__all__ = ["QueryRefused", "UpdateRefused", "check_query", "tokens"]


class QueryRefused(QueryError):
    """The query asks for something this graph does not allow (federation, file: datasets)."""


class UpdateRefused(QueryRefused):
    """The request is a SPARQL Update; the graph is read-only."""


_TOKEN = re.compile(
    r"""
    (?P<comment>\#[^\n]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
              |'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][A-Za-z0-9_\u00b7-\U000effff]+)
  | (?P<pname>(?:[A-Za-z][\w.-]*)?:[\w.:%\\-]*)
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<space>\s+)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)

_UPDATE_WORDS = frozenset(
    ["INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"]
)
_PROLOGUE_WORDS = frozenset(["PREFIX", "BASE"])

READ_ONLY = "this endpoint is read-only: SPARQL Update is refused (rebuild the graph with `camikg build`)"


@dataclass(frozen=True)
class Token:
    kind: str
    text: str


def tokens(query: str) -> Iterator[Token]:
    """The query's tokens, without whitespace and comments."""
    for m in _TOKEN.finditer(query):
        kind = m.lastgroup or "other"
        if kind not in ("space", "comment"):
            yield Token(kind, m.group())


def _first_keyword(toks: list[Token]) -> str | None:
    """The first keyword after the prologue (PREFIX p: <iri> / BASE <iri>)."""
    i = 0
    while i < len(toks):
        word = toks[i].text.upper() if toks[i].kind == "word" else None
        if word in _PROLOGUE_WORDS:
            i += 3 if word == "PREFIX" else 2
            continue
        return word
    return None


def check_query(
    query: str,
    default_graphs: Sequence[str] = (),
    named_graphs: Sequence[str] = (),
    *,
    allow_service: bool = False,
) -> None:
    """Raise UpdateRefused or QueryRefused unless ``query`` only reads the graph."""
    toks = list(tokens(query))
    if _first_keyword(toks) in _UPDATE_WORDS:
        raise UpdateRefused(READ_ONLY)
    words = [t.text.upper() if t.kind == "word" else "" for t in toks]
    if not allow_service and "SERVICE" in words:
        raise QueryRefused("SERVICE (federated query) is refused: this endpoint makes no outbound requests")
    dataset = list(default_graphs) + list(named_graphs)
    for i, word in enumerate(words):
        if word == "FROM":
            j = i + 2 if i + 1 < len(words) and words[i + 1] == "NAMED" else i + 1
            if j < len(toks) and toks[j].kind == "iri":
                dataset.append(toks[j].text[1:-1])
    for iri in dataset:
        if iri.strip().lower().startswith("file:"):
            raise QueryRefused(f"<{iri}> is a file: IRI; this endpoint reads no files, only its own graph")
