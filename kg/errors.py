"""Errors raised while building, validating, reasoning over and querying the graph.

    GraphError                  base
    ├── StoreMissingError       no graph has been built in the data directory yet
    ├── BuildLockedError        another build holds the lock
    ├── ValidationError         the graph violates the SHACL shapes (the evidence contract)
    ├── InconsistentGraphError  HermiT finds the graph inconsistent with the ontology
    ├── ReasonerError           the reasoner itself failed (Java missing, out of memory)
    ├── DocumentNotFoundError   no report with that id in the store (`camikg remove`)
    ├── DuplicateDocumentError  two reports given together are the same document
    └── QueryError              a SPARQL query is malformed or fails

A failed build raises before the store is switched, so the last good graph stays current.
"""

from __future__ import annotations

__all__ = [
    "BuildLockedError",
    "DocumentNotFoundError",
    "DuplicateDocumentError",
    "GraphError",
    "InconsistentGraphError",
    "QueryError",
    "ReasonerError",
    "StoreMissingError",
    "ValidationError",
]


class GraphError(Exception):
    """A graph operation failed."""


class StoreMissingError(GraphError):
    """No graph has been built yet."""


class BuildLockedError(GraphError):
    """Another build is running."""


class ValidationError(GraphError):
    """The graph violates the SHACL shapes."""

    def __init__(self, message: str, report: str = "") -> None:
        super().__init__(message)
        self.report = report


class InconsistentGraphError(GraphError):
    """The graph is inconsistent with the ontology."""


class ReasonerError(GraphError):
    """The reasoner failed to run."""


class DocumentNotFoundError(GraphError):
    """No report with that id is in the store."""


class DuplicateDocumentError(GraphError):
    """Two reports given together are the same document (same symbol)."""


class QueryError(GraphError):
    """A SPARQL query failed."""
