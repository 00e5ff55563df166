"""A tiny registry of transcript readers by file suffix (as papermill's I/O handlers)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from transfo_analysis.corpus.readers._base import RawDocument
from transfo_analysis.errors import InputError
from transfo_analysis.i18n import _

#: ``reader(path, data, options) -> list[RawDocument]``; ``data`` is the file's bytes, read once
#: read-only by the caller; ``options`` come from the manifest (e.g. column mapping for tables).
ReaderFunc = Callable[[Path, bytes, dict[str, Any]], list[RawDocument]]
#: ``sniff(path, data) -> bool``: whether the bytes are this reader's format (by header, keys…)
SniffFunc = Callable[[Path, bytes], bool]


@dataclass(frozen=True)
class Reader:
    name: str
    suffixes: tuple[str, ...]
    func: ReaderFunc
    description: str
    sniff: SniffFunc | None = None


_READERS: dict[str, Reader] = {}
_BY_SUFFIX: dict[str, Reader] = {}
#: readers recognised by content, tried in registration order before the suffix's reader
_SNIFFING: dict[str, list[Reader]] = {}


def register(
    name: str,
    suffixes: tuple[str, ...] | list[str],
    *,
    description: str = "",
    sniff: SniffFunc | None = None,
) -> Callable:
    """Register a reader function for file suffixes (decorator).

    Parameters
    ----------
    name
        Short name, also usable in the manifest (``reader: text``) to force a reader.
    suffixes
        Lower-case suffixes with the dot (``".vtt"``).
    description
        One line shown by ``transfo formats``.
    sniff
        For formats sharing a suffix with others (a Decidim export is a ``.csv``): a test of the
        file's first bytes. Such a reader is chosen when its test passes, before the suffix's
        generic reader; it never replaces that reader for other files.

    Returns
    -------
    A decorator that registers the reader function and returns it unchanged.
    """

    def deco(func: ReaderFunc) -> ReaderFunc:
        reader = Reader(
            name,
            tuple(s.lower() for s in suffixes),
            func,
            description or " ".join((func.__doc__ or "").strip().split("\n\n")[0].split()),
            sniff,
        )
        _READERS[name] = reader
        for suffix in reader.suffixes:
            if sniff is None:
                _BY_SUFFIX[suffix] = reader
            else:
                _SNIFFING.setdefault(suffix, []).append(reader)
        return func

    return deco


def reader_for(path: Path, *, name: str | None = None, data: bytes | None = None) -> Reader | None:
    """The reader for a path: the one named, else one recognising ``data``, else by suffix.

    Returns ``None`` when there is none.

    Parameters
    ----------
    path
        The file.
    name
        A reader's name (``reader:`` in the manifest) that takes precedence.
    data
        The file's first bytes, for the readers that recognise their format.

    Returns
    -------
    The reader, or ``None`` when no reader fits.
    """
    _load_builtin_readers()
    if name is not None:
        if name not in _READERS:
            raise InputError(
                path,
                _("unknown reader {name}").format(name=repr(name)),
                hint=_("choose one of {names}").format(names=", ".join(sorted(_READERS))),
            )
        return _READERS[name]
    suffix = path.suffix.lower()
    if data is not None:
        for reader in _SNIFFING.get(suffix, []):
            if reader.sniff is not None and reader.sniff(path, data):
                return reader
    return _BY_SUFFIX.get(suffix)


def readers() -> dict[str, Reader]:
    """All registered readers by name.

    Returns
    -------
    The readers by name, built-in ones included.
    """
    _load_builtin_readers()
    return dict(_READERS)


def supported_suffixes() -> list[str]:
    """The file suffixes a reader is registered for, sorted (``.docx``, ``.srt``…).

    Returns
    -------
    The suffixes with their dot, sorted.
    """
    _load_builtin_readers()
    return sorted(set(_BY_SUFFIX) | set(_SNIFFING))


def sniffed_formats(suffix: str) -> list[str]:
    """Names of the readers recognised by content for a suffix (for messages).

    Parameters
    ----------
    suffix
        A file suffix with its dot (``".json"``).

    Returns
    -------
    list of str
        Reader names, in the order they are tried.
    """
    _load_builtin_readers()
    return [r.name for r in _SNIFFING.get(suffix.lower(), [])]


_LOADED = False


def _load_builtin_readers() -> None:
    global _LOADED
    if _LOADED:
        return
    _LOADED = True
    import importlib

    for module in (
        "text",
        "docx",
        "odt",
        "subtitles",
        "textgrid",
        "transcriber",
        "eslo",
        "tables",
        "decidim",
        "miro",
        "cards",
    ):
        try:
            importlib.import_module(f"transfo_analysis.corpus.readers.{module}")
        except ModuleNotFoundError as exc:  # a reader module not written yet
            if exc.name != f"transfo_analysis.corpus.readers.{module}":
                raise
