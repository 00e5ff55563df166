"""The leak checker: finds any original identifier of the key in files about to be published.

Every original of the key (names and places, e-mails, phones, NIR, IBAN, plates, addresses, URLs)
is searched in the files given (folders are walked; HTML, notebooks, Parquet, CSV, JSON, XLSX,
text, Markdown, and zips such as ``.qdpx`` with what is inside), case- and accent-insensitively,
on whole words. Numbers match whatever their spacing (``06 12 34 56 78`` = ``0612345678``).
Not reported: originals shorter than ``leak_min_length`` (3), allowed words (territory,
institutions, known places, settings ``allow``), and pseudonym tags. Names that are also everyday
French words (``Pierre``, ``Rose``…, and any original the corpus itself uses as a common word)
count only when capitalised, so that the lemma ``pierre`` in a topic list is not a leak.

Findings are printed masked (``Fa******``) so that CI logs do not spread what they warn about; the
data-protection officer can ask for the identifiers with ``--show``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from transfo_analysis.anonymise._allow import AllowList
from transfo_analysis.anonymise._extract import texts_of
from transfo_analysis.anonymise._fold import canonical, fold, trie_regex
from transfo_analysis.anonymise._key import read_key
from transfo_analysis.anonymise._names import AMBIGUOUS
from transfo_analysis.anonymise._readiness import project_allow_words
from transfo_analysis.anonymise._spans import TAG_RE
from transfo_analysis.config import Project

_DIGIT_TYPES = ("TELEPHONE", "NIR", "IBAN", "PLAQUE")


def mask(original: str) -> str:
    """``Fatoumata`` → ``Fa*******`` (one visible character for short ones)."""
    keep = 1 if len(original) <= 4 else 2
    return original[:keep] + "*" * max(1, len(original) - keep)


@dataclass
class Leak:
    """An original identifier found in a file."""

    path: str
    type: str
    masked: str
    count: int
    original: str = field(repr=False, default="")

    def to_dict(self, *, show: bool = False) -> dict[str, Any]:
        out = {
            "path": self.path,
            "type": self.type,
            "identifier": self.original if show else self.masked,
            "count": self.count,
        }
        return out


@dataclass
class LeakReport:
    """What :func:`check_leaks` found."""

    leaks: list[Leak] = field(default_factory=list)
    files_scanned: int = 0
    identifiers_searched: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.leaks

    @property
    def findings(self) -> list[dict[str, Any]]:
        """The leaks as dictionaries with masked identifiers (safe to log or save)."""
        return [leak.to_dict(show=False) for leak in self.leaks]

    def to_dict(self, *, show: bool = False) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "files_scanned": self.files_scanned,
            "identifiers_searched": self.identifiers_searched,
            "n_leaks": len(self.leaks),
            "occurrences": sum(leak.count for leak in self.leaks),
            "leaks": [leak.to_dict(show=show) for leak in self.leaks],
            "skipped": [{"path": p, "reason": r} for p, r in self.skipped],
        }

    def summary(self, *, show: bool = False) -> str:
        lines = [
            f"FUITE {leak.path} : {leak.type} {leak.original if show else leak.masked} ×{leak.count}"
            for leak in self.leaks
        ]
        lines += [f"non lu : {p} ({r})" for p, r in self.skipped]
        status = (
            "aucune fuite"
            if self.ok
            else f"{len(self.leaks)} identifiants retrouvés ({sum(x.count for x in self.leaks)} occurrences)"
        )
        lines.append(
            f"{self.files_scanned} fichiers examinés, {self.identifiers_searched} identifiants cherchés : {status}"
        )
        return "\n".join(lines)


class _Searcher:
    def __init__(
        self, originals: list[tuple[str, str, str]], *, capital_only: set[str] = frozenset()
    ) -> None:
        self.capital_only = {canonical(c) for c in capital_only} | set(AMBIGUOUS)
        self.info: dict[str, tuple[str, str]] = {}  # searched form -> (type, original)
        words, flexible = [], []
        for type_, canon, original in originals:
            if type_ in _DIGIT_TYPES and any(c.isdigit() for c in canon):
                forms = [fold(canon)]
                if type_ == "TELEPHONE" and canon.startswith("0") and len(canon) == 10:
                    forms += ["33" + canon[1:]]
                for f in forms:
                    flexible.append(f)
                    self.info[f] = (type_, original)
            else:
                words.append(canonical(canon))
                self.info[canonical(canon)] = (type_, original)
        self.regex = trie_regex(words, flexible=flexible)

    def find(self, text: str) -> Counter:
        found: Counter = Counter()
        if self.regex is None or not text:
            return found
        text = TAG_RE.sub(lambda m: " " * len(m.group()), text)
        folded = fold(text)
        for m in self.regex.finditer(folded):
            surface = text[m.start() : m.end()]
            key = canonical(surface)
            if key not in self.info:
                key = "".join(c for c in folded[m.start() : m.end()] if c.isalnum())
            if key not in self.info:
                continue
            if key in self.capital_only and not surface[:1].isupper():
                continue
            found[key] += 1
        return found


def check_leaks(
    paths: list[Path], *, project: Project, min_length: int | None = None
) -> LeakReport:
    """Scan files and folders for original identifiers of the project's key.

    Parameters
    ----------
    paths
        Files and folders (walked recursively; the project's secure folder is never read).
    project
        The project whose key holds the originals (an encrypted key needs its passphrase).
    min_length
        Originals shorter than this are ignored (default: settings ``leak_min_length``).

    Returns
    -------
    The report; ``report.ok`` is false when anything leaks.
    """
    settings = project.settings.pseudonymisation
    min_length = settings.leak_min_length if min_length is None else min_length
    key = read_key(project)
    allow = AllowList(project_allow_words(project, None), places=settings.builtin_places)
    originals = [
        (t, c, o)
        for t, c, o in key.originals()
        if len(c.replace(" ", "")) >= min_length and not (t not in _DIGIT_TYPES and c in allow)
    ]
    searcher = _Searcher(originals, capital_only=key.common_words())
    report = LeakReport(identifiers_searched=len(searcher.info))
    secure = project.secure_dir.resolve()
    for file in _walk([Path(p) for p in paths], report, secure):
        report.files_scanned += 1
        try:
            data = file.read_bytes()
        except OSError as exc:
            report.skipped.append((str(file), f"cannot read: {exc.strerror}"))
            continue
        totals: Counter = Counter()
        for location, text in texts_of(str(file), data):
            if text is None:
                report.skipped.append((location, "binary or unreadable content"))
                continue
            totals.update(searcher.find(text))
        for key_, count in sorted(totals.items()):
            type_, original = searcher.info[key_]
            report.leaks.append(Leak(str(file), type_, mask(original), count, original))
    return report


def _walk(paths: list[Path], report: LeakReport, secure: Path):
    for path in paths:
        if not path.exists():
            report.skipped.append((str(path), "not found"))
            continue
        files = (
            [path]
            if path.is_file()
            else sorted(p for p in path.rglob("*") if p.is_file() and ".git" not in p.parts)
        )
        for file in files:
            if file.resolve().is_relative_to(secure):
                report.skipped.append((str(file), "the secure folder holds the key: never scanned"))
                continue
            yield file
