"""Errors raised by search and question answering.

SearchError              base
├── ModelError           the embedding model is missing, altered (checksum) or fails to load
└── IndexMissingError    the current store has no search index; rebuild with `camikg build`
"""

from __future__ import annotations

__all__ = ["IndexMissingError", "ModelError", "SearchError"]


class SearchError(Exception):
    """A search operation failed."""


class ModelError(SearchError):
    """The embedding model cannot be used."""


class IndexMissingError(SearchError):
    """No search index next to the graph."""
