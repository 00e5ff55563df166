"""Opening word-processor packages (docx, odt) with messages that say what to do."""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path

from lxml import etree

from transfo_analysis.errors import InputError

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OTHER_PACKAGES = {  # a member that betrays another kind of package -> (what it is, suffix)
    "word/document.xml": ("a Word document", ".docx"),
    "content.xml": ("an OpenDocument file", ".odt"),
    "xl/workbook.xml": ("an Excel workbook", ".xlsx"),
    "ppt/presentation.xml": ("a PowerPoint presentation", ".pptx"),
}
_RESAVE = "open it in Word or LibreOffice and save it again as {suffix}"


def open_package(path: Path, data: bytes, *, suffix: str, required: str) -> zipfile.ZipFile:
    """The zip archive of a ``.docx``/``.odt``, checked whole, holding the ``required`` member.

    Raises
    ------
    InputError
        When the bytes are another format (old binary ``.doc``, RTF, text), the archive is damaged
        or truncated, or the member is missing; the message says which and what to do.
    """
    hint = _RESAVE.format(suffix=suffix)
    if data.startswith(_OLE):
        raise InputError(
            path,
            f"this is an old binary Word .doc or a password-protected file, not a {suffix}",
            hint=f"remove the password if any, then {hint}",
        )
    if data.lstrip().startswith(b"{\\rtf"):
        raise InputError(path, f"this is an RTF file named {suffix}", hint=hint)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        bad = archive.testzip()  # reads every member: catches truncation and damaged data
    except (zipfile.BadZipFile, EOFError, zlib.error, OSError, ValueError) as exc:
        if b"\x00" not in data[:2048] and not data.startswith(b"PK"):
            raise InputError(
                path,
                f"this is not a {suffix} but apparently a plain-text file",
                hint="rename it with the .txt suffix",
            ) from None
        raise InputError(
            path,
            f"not a valid {suffix} (the zip archive is damaged or truncated: {exc})",
            hint=f"re-copy the file, or {hint}",
        ) from None
    if bad is not None:
        raise InputError(
            path,
            f"not a valid {suffix} (the zip archive is damaged: {bad} is corrupt)",
            element=bad,
            hint=f"re-copy the file, or {hint}",
        )
    names = set(archive.namelist())
    if required not in names:
        for member, (what, other) in _OTHER_PACKAGES.items():
            if member in names and other != suffix:
                raise InputError(
                    path,
                    f"this is {what} named {suffix}",
                    hint=f"rename it with the {other} suffix",
                )
        raise InputError(path, f"not a valid {suffix}: the archive has no {required}", hint=hint)
    return archive


def parse_member(
    path: Path, archive: zipfile.ZipFile, member: str, *, suffix: str
) -> etree._Element:
    """A member of the archive parsed as XML (no entity expansion, no network)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    try:
        return etree.fromstring(archive.read(member), parser)
    except etree.XMLSyntaxError as exc:
        raise InputError(
            path,
            f"{member} is damaged (XML error: {exc.msg})",
            element=f"{member} line {exc.lineno}",
            hint=_RESAVE.format(suffix=suffix),
        ) from None


__all__ = ["open_package", "parse_member"]
