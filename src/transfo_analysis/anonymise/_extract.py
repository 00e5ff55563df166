r"""Text out of the files the leak checker scans, including what is inside zips.

Each reader yields ``(location, text)`` pairs: the location names the file, and for archives the
member (``export.qdpx!sources/3F2A….txt``). File and member names are scanned too (they often hold
names). Escapes are undone so that a name written ``L\\u00e9a`` in JSON or ``L&eacute;a`` in HTML is
found; underscores count as spaces (``Lena_Tessandier.html``).
"""

from __future__ import annotations

import html
import io
import json
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

TEXT_SUFFIXES = {
    ".txt",
    ".md",
    ".csv",
    ".tsv",
    ".yaml",
    ".yml",
    ".log",
    ".tex",
    ".rst",
    ".py",
    ".qmd",
    ".srt",
    ".vtt",
    ".html",
    ".htm",
    ".xml",
    ".qde",
    ".svg",
    ".js",
    ".css",
    ".trs",
    ".textgrid",
    ".eaf",
    ".cha",
    ".rtf",
}
JSON_SUFFIXES = {".json", ".ipynb", ".geojson"}
ZIP_SUFFIXES = {
    ".zip",
    ".qdpx",
    ".qdc",
    ".xlsx",
    ".xlsm",
    ".docx",
    ".pptx",
    ".odt",
    ".ods",
    ".odp",
    ".epub",
}
PARQUET_SUFFIXES = {".parquet", ".pq"}
BINARY_SUFFIXES = {
    ".png",
    ".jpg",
    ".jpeg",
    ".gif",
    ".webp",
    ".ico",
    ".pdf",
    ".mp3",
    ".wav",
    ".mp4",
    ".ogg",
    ".flac",
    ".sqlite",
    ".db",
    ".pkl",
    ".npy",
    ".npz",
    ".enc",
}

_UNICODE_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")
#: between two cells of a table: no name runs across it (``ESLO`` in
#: one row and ``ESLO`` in the next are not ``Eslo Eslo``)
CELL_BREAK = "\n|\n"
#: columns of words without their sentences: lemmas, terms of frequency tables and topics,
#: repeated segments (forms in lower case, out of their sentences)
WORD_COLUMNS = frozenset({"lemma", "lemmas", "term", "terms", "top_terms", "segment"})


class WordList(str):
    """Words read without their sentences (lemmas, terms of a frequency table or a topic).

    The leak checker cannot judge such a word by its context, so it judges it where it comes
    from: in the processed corpus (see :mod:`~transfo_analysis.anonymise._wordlists`).
    """


MAX_DEPTH = 3


def readable(text: str) -> str:
    """Undo HTML and JSON escapes; underscores become spaces."""
    text = _UNICODE_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)
    return html.unescape(text).replace("_", " ")


def _decode(data: bytes) -> str:
    from transfo_analysis.corpus import decode

    try:
        return decode(data, "<scan>")[0]
    except Exception:  # binary content: nothing readable
        return ""


def _json_strings(data: object, out: list[str], *, skip_images: bool, keys: bool = True) -> None:
    """Every string of a JSON document, its keys too unless ``keys`` is false.

    A notebook is read without its keys: they are the words of its format and of the metadata
    Jupyter and papermill write (``start_time``, ``execution_count``), and a junk entry of the
    key such as « Start » would otherwise block every report. The keys of what a cell displayed
    as JSON (``application/json``, ``…+json``) are the cell's data and are read.
    """
    if isinstance(data, dict):
        for k, v in data.items():
            if skip_images and isinstance(k, str) and k.startswith("image/"):
                continue
            if keys:
                out.append(str(k))
            shown = isinstance(k, str) and (k == "application/json" or k.endswith("+json"))
            _json_strings(v, out, skip_images=skip_images, keys=keys or shown)
    elif isinstance(data, list):
        for v in data:
            _json_strings(v, out, skip_images=skip_images, keys=keys)
    elif isinstance(data, str):
        out.append(data)


def _parquet_text(data: bytes) -> tuple[str, str]:
    """The texts of a Parquet file, then its words without sentences (:data:`WORD_COLUMNS`)."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    table = pq.read_table(io.BytesIO(data))
    parts = list(table.column_names)
    meta = table.schema.metadata or {}
    parts += [v.decode("utf-8", "replace") for v in meta.values()]
    words: list[str] = []
    if {"segment_id", "text", "lemma"} <= set(table.column_names):
        lines, lemmas = _token_lines(table)
        parts += lines
        words += lemmas
        table = table.drop_columns(["text", "lemma"])
    for name, column in zip(table.column_names, table.columns, strict=True):
        col = column
        while pa.types.is_list(col.type) or pa.types.is_large_list(col.type):
            col = pc.list_flatten(col)
        if pa.types.is_dictionary(col.type):
            col = col.cast(col.type.value_type)
        if pa.types.is_string(col.type) or pa.types.is_large_string(col.type):
            (words if name in WORD_COLUMNS else parts).extend(v for v in col.to_pylist() if v)
    return CELL_BREAK.join(parts), CELL_BREAK.join(words)


def _token_lines(table) -> tuple[list[str], list[str]]:
    """A tokens table read as its texts: one line per segment, tokens in order, so that the
    checker judges each word in its sentence as the pipeline did (``Marine Nationale``, not
    ``Marine`` alone on a line); and apart, the lemmas that differ from their token
    (``national``), the others being the token itself: words without their sentences.
    """
    segments = table.column("segment_id").to_pylist()
    texts = table.column("text").to_pylist()
    lemmas = table.column("lemma").to_pylist()
    n = len(segments)
    starts = table.column("start").to_pylist() if "start" in table.column_names else [None] * n
    ends = table.column("end").to_pylist() if "end" in table.column_names else [None] * n
    lines: list[str] = []
    lemma_lines: list[str] = []
    words: list[str] = []
    other: list[str] = []
    previous, last_end = None, None
    for seg, text, lemma, start, end in zip(segments, texts, lemmas, starts, ends, strict=True):
        if seg != previous and (words or other):
            lines.append("".join(words))
            lemma_lines.append(" ".join(other))
            words, other = [], []
            last_end = None
        previous = seg
        if text:
            # tokens written together in the text stay together (Aix-en-Provence, Saint-Pierre)
            joined = words and start is not None and last_end is not None and start <= last_end
            words.append(str(text) if joined or not words else " " + str(text))
            last_end = end
        if lemma and (not text or str(lemma).casefold() != str(text).casefold()):
            other.append(str(lemma))
    lines.append("".join(words))
    lemma_lines.append(" ".join(other))
    return [line for line in lines if line], [line for line in lemma_lines if line]


_STYLE = re.compile(r"<style\b[^>]*>.*?</style>", re.IGNORECASE | re.DOTALL)
_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.IGNORECASE | re.DOTALL)


def _html_text(text: str) -> str:
    """An HTML page without its style sheets and embedded third-party libraries.

    CSS (``word-wrap``) and a library's code (plotly.js holds country and font names) are not
    data: scanning them reports false leaks as soon as a key holds a common word. Scripts that
    carry data (a figure's ``Plotly.newPlot(…)`` with its labels) are kept.
    """

    def script(match: re.Match[str]) -> str:
        attrs, body = match.group(1), match.group(2)
        vendor = "data-vendor" in attrs or re.search(r"plotly\.js v\d", body[:600]) is not None
        return "" if vendor else match.group(0)

    return _SCRIPT.sub(script, _STYLE.sub("", text))


def texts_of(name: str, data: bytes, *, depth: int = 0) -> Iterator[tuple[str, str | None]]:
    """``(location, text)`` for a file's content; ``text`` is ``None`` for content not scanned."""
    suffix = Path(name).suffix.lower()
    yield name, readable(name)
    if suffix in ZIP_SUFFIXES or (
        suffix not in TEXT_SUFFIXES | JSON_SUFFIXES and data[:4] == b"PK\x03\x04"
    ):
        if depth >= MAX_DEPTH:
            yield name, None
            return
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
        except zipfile.BadZipFile:
            yield name, None
            return
        with archive:
            for info in archive.infolist():
                if info.is_dir():
                    continue
                for loc, text in texts_of(info.filename, archive.read(info), depth=depth + 1):
                    yield f"{name}!{loc}", text
        return
    if suffix in PARQUET_SUFFIXES:
        try:
            text, words = _parquet_text(data)
        except Exception:
            yield name, None
            return
        yield name, readable(text)
        if words:
            yield name, WordList(readable(words))
        return
    if suffix in JSON_SUFFIXES:
        text = _decode(data)
        try:
            strings: list[str] = []
            _json_strings(json.loads(text), strings, skip_images=True, keys=suffix != ".ipynb")
            yield name, readable("\n".join(strings))
        except ValueError:
            yield name, readable(text)
        return
    if suffix in BINARY_SUFFIXES or (suffix not in TEXT_SUFFIXES and b"\x00" in data[:8192]):
        yield name, None
        return
    text = _decode(data)
    if suffix in (".html", ".htm"):
        text = _html_text(text)
    yield name, readable(text)
