"""Errors of the coding step: each names what is wrong and where."""

from __future__ import annotations

from transfo_analysis.errors import TransfoError


class CodebookError(TransfoError):
    """An invalid codebook (duplicate names, cycles, unknown parents, bad colours…)."""


class UnknownCodeError(TransfoError):
    """A code name that the codebook does not define."""


class MissingSegmentsError(TransfoError):
    """Codings that point to segments absent from the corpus."""


class StoreError(TransfoError):
    """A problem with the annotation store (SQLite)."""


class StoreLockedError(StoreError):
    """Another process holds the write lock of the store for longer than the timeout."""


class StoreCorruptError(StoreError):
    """The store file is not a valid SQLite database or fails its integrity check."""


class RefiError(TransfoError):
    """A REFI-QDA file (``.qdpx`` or ``.qdc``) that cannot be read."""
