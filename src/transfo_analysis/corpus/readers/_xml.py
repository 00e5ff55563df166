"""Safe XML parsing from bytes, shared by the Transcriber and ESLO readers.

Bytes go straight to lxml so that the encoding declared in the XML header is honoured (ISO-8859-1
Transcriber files, UTF-8 ESLO files). No DTD is loaded, no entity resolved, nothing fetched.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from transfo_analysis.corpus.readers._base import RawDocument
from transfo_analysis.errors import InputError
from transfo_analysis.i18n import _

_CP1252_UNDEFINED = (0x81, 0x8D, 0x8F, 0x90, 0x9D)
_SINGLE_BYTE = {"iso-8859-1", "iso-8859-15", "latin-1", "latin1", "windows-1252", "cp1252"}


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _parser(encoding: str | None = None) -> etree.XMLParser:
    return etree.XMLParser(
        encoding=encoding,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        remove_comments=True,
        remove_pis=True,
        huge_tree=True,  # long interviews hold large text nodes
    )


def parse(
    path: Path, data: bytes, *, hint: str, fallback: list[str] | None = None
) -> etree._Element:
    """Parse XML bytes into the root element.

    A file whose bytes contradict its declared encoding is read the way its bytes say, and the
    fact noted in ``fallback`` for a warning: declared UTF-8 but written in cp1252 by an old tool
    (read as cp1252 or latin-1), or declared ISO-8859-1 but saved in UTF-8 by an editor (read as
    UTF-8; valid UTF-8 with accents is practically never genuine Latin-1 French).

    Raises
    ------
    InputError
        Naming the line of the first syntax error, with ``hint`` as the advice.
    """
    try:
        root = etree.fromstring(data, parser=_parser())
    except etree.XMLSyntaxError as exc:
        first = exc
    else:
        declared = (root.getroottree().docinfo.encoding or "").lower().replace("_", "-")
        if declared in _SINGLE_BYTE and not data.isascii() and _is_utf8(data):
            # UTF-8 bytes under a Latin-1 declaration ("Ã©" for "é"): trust the bytes
            if fallback is not None:
                fallback.append(f"declared {declared} but written in UTF-8; read as UTF-8")
            return etree.fromstring(data, parser=_parser("utf-8"))
        return root
    if (
        "encoding" in str(first).lower()
        or "not proper utf-8" in str(first).lower()
        or "bytes:" in str(first)
    ):
        enc = "latin-1" if any(b in data for b in _CP1252_UNDEFINED) else "cp1252"
        try:
            root = etree.fromstring(data, parser=_parser(enc))
        except etree.XMLSyntaxError:
            pass
        else:
            if fallback is not None:
                fallback.append(
                    _("the bytes do not match the declared encoding; read as {encoding}").format(
                        encoding=enc
                    )
                )
            return root
    line = first.lineno if first.lineno else None
    message = (first.msg or str(first)).split(", line ")[0]
    raise InputError(
        path, _("malformed XML: {error}").format(error=message), line=line, hint=hint
    ) from None


def local(tag: object) -> str:
    """Tag name without namespace (``{http://www.tei-c.org/ns/1.0}u`` → ``u``); '' for comments."""
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def seconds(value: str | None, doc: RawDocument, where: str) -> float | None:
    """A time attribute in seconds, or None (with a warning) when it is not a number."""
    if value is None or value.strip() == "":
        return None
    try:
        return float(value.replace(",", "."))
    except ValueError:
        doc.warn(
            _("time {value} is not a number of seconds; ignored").format(value=repr(value)), where
        )
        return None
