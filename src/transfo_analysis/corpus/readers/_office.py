"""Opening word-processor packages (docx, odt) with messages that say what to do."""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path

from lxml import etree

from transfo_analysis.errors import InputError
from transfo_analysis.i18n import N_, _

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OTHER_PACKAGES = {  # a member that betrays another kind of package -> (what it is, suffix)
    "word/document.xml": (N_("a Word document"), ".docx"),
    "content.xml": (N_("an OpenDocument file"), ".odt"),
    "xl/workbook.xml": (N_("an Excel workbook"), ".xlsx"),
    "ppt/presentation.xml": (N_("a PowerPoint presentation"), ".pptx"),
}
_RESAVE = N_("open it in Word or LibreOffice and save it again as {suffix}")


def open_package(path: Path, data: bytes, *, suffix: str, required: str) -> zipfile.ZipFile:
    """The zip archive of a ``.docx``/``.odt``, checked whole, holding the ``required`` member.

    Raises
    ------
    InputError
        When the bytes are another format (old binary ``.doc``, RTF, text), the archive is damaged
        or truncated, or the member is missing; the message says which and what to do.
    """
    hint = _(_RESAVE).format(suffix=suffix)
    if data.startswith(_OLE):
        raise InputError(
            path,
            _(
                "this is an old binary Word .doc or a password-protected file, not a {suffix}"
            ).format(suffix=suffix),
            hint=_("remove the password if any, then {hint}").format(hint=hint),
        )
    if data.lstrip().startswith(b"{\\rtf"):
        raise InputError(
            path, _("this is an RTF file named {suffix}").format(suffix=suffix), hint=hint
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        bad = archive.testzip()  # reads every member: catches truncation and damaged data
    except (zipfile.BadZipFile, EOFError, zlib.error, OSError, ValueError) as exc:
        if b"\x00" not in data[:2048] and not data.startswith(b"PK"):
            raise InputError(
                path,
                _("this is not a {suffix} but apparently a plain-text file").format(suffix=suffix),
                hint=_("rename it with the .txt suffix"),
            ) from None
        raise InputError(
            path,
            _("not a valid {suffix} (the zip archive is damaged or truncated: {error})").format(
                suffix=suffix, error=exc
            ),
            hint=_("re-copy the file, or {hint}").format(hint=hint),
        ) from None
    if bad is not None:
        raise InputError(
            path,
            _("not a valid {suffix} (the zip archive is damaged: {member} is corrupt)").format(
                suffix=suffix, member=bad
            ),
            element=bad,
            hint=_("re-copy the file, or {hint}").format(hint=hint),
        )
    names = set(archive.namelist())
    if required not in names:
        for member, (what, other) in _OTHER_PACKAGES.items():
            if member in names and other != suffix:
                raise InputError(
                    path,
                    _("this is {what} named {suffix}").format(what=_(what), suffix=suffix),
                    hint=_("rename it with the {suffix} suffix").format(suffix=other),
                )
        raise InputError(
            path,
            _("not a valid {suffix}: the archive has no {member}").format(
                suffix=suffix, member=required
            ),
            hint=hint,
        )
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
            _("{member} is damaged (XML error: {error})").format(member=member, error=exc.msg),
            element=_("{member} line {line}").format(member=member, line=exc.lineno),
            hint=_(_RESAVE).format(suffix=suffix),
        ) from None


__all__ = ["open_package", "parse_member"]
