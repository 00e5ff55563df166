"""Transcript readers, chosen by file suffix.

Each module documents the conventions it understands; ``transfo formats`` lists them.
"""

from transfo_analysis.corpus.readers._base import RawDocument, Turn
from transfo_analysis.corpus.readers._labels import Label, find_label
from transfo_analysis.corpus.readers._registry import (
    Reader,
    reader_for,
    readers,
    register,
    sniffed_formats,
    supported_suffixes,
)

__all__ = [
    "Label",
    "RawDocument",
    "Reader",
    "Turn",
    "find_label",
    "reader_for",
    "readers",
    "register",
    "sniffed_formats",
    "supported_suffixes",
]
