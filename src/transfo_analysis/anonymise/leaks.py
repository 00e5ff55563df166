"""The leak checker: finds any original identifier of the key in files about to be published.

Every original of the key (names and places, e-mails, phones, NIR, IBAN, plates, addresses, URLs)
is searched in the files given (folders are walked; HTML, notebooks, Parquet, CSV, JSON, XLSX,
text, Markdown, and zips such as ``.qdpx`` with what is inside), case- and accent-insensitively,
on whole words. Numbers match whatever their spacing (``06 12 34 56 78`` = ``0612345678``).
Not reported: originals shorter than ``leak_min_length`` (3), allowed words (territory,
institutions, known places, settings ``allow``), and pseudonym tags. Names that are also everyday
French words (``Pierre``, ``Rose``…, and any original the corpus itself uses as a common word)
count only when capitalised, so that the lemma ``pierre`` in a topic list is not a leak. Originals
that only a guessing layer found (NER, capitals, propagation) are judged at each occurrence by the
context rules the pipeline applied when it searched them again
(:func:`~transfo_analysis.anonymise._in_clear.kept_in_clear`): a common word the pipeline left as
written (``Retraite`` at the start of a sentence), a first name inside an allowed body's name
(``Marine Nationale``) is no leak, by construction; and no original counts after ``Saint``
(``Saint-Germain-en-Laye``, ``Seine-Saint-Denis``): the pipeline never searches a saint's name
in a place as the person. Names a context expression gave (an honorific, a naming verb) are judged
by the guards the pipeline searches them again with (in lower case and made of everyday words,
``une masse critique``, they are no name). Words listed without their sentences (lemmas, terms of
frequency tables and topics) are judged where they come from: such a word is a leak when the
checker finds the same original left in the processed segments
(:mod:`~transfo_analysis.anonymise._wordlists`). A platform account's label (``[AUTEUR_n]``) is
not searched: the pipeline replaces it in the speakers' table only
(:mod:`~transfo_analysis.anonymise._accounts`).

Findings are printed masked (``Fa******``) so that CI logs do not spread what they warn about; the
data-protection officer can ask for the identifiers with ``--show``.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from transfo_analysis.anonymise._accounts import ACCOUNT_TYPE
from transfo_analysis.anonymise._allow import AllowList
from transfo_analysis.anonymise._extract import WordList, texts_of
from transfo_analysis.anonymise._fold import canonical, fold, trie_regex
from transfo_analysis.anonymise._in_clear import kept_in_clear
from transfo_analysis.anonymise._key import read_key
from transfo_analysis.anonymise._lexicon import FrenchWords, french_words
from transfo_analysis.anonymise._names import AMBIGUOUS
from transfo_analysis.anonymise._readiness import project_allow_words
from transfo_analysis.anonymise._spans import TAG_RE
from transfo_analysis.anonymise._wordlists import CorpusVerdicts
from transfo_analysis.config import Project
from transfo_analysis.i18n import _, ngettext

_DIGIT_TYPES = ("TELEPHONE", "NIR", "IBAN", "PLAQUE")
#: where the identifier stands in a leak's context (masked or shown when printed)
_MARK = "\x00"


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
    #: the first occurrence with the words around it (the quote, label or figure text), the
    #: identifier masked unless shown; ``where`` is the part of the file (a zip member, a sheet)
    context: str = field(repr=False, default="")
    where: str = ""

    def excerpt(self, *, show: bool = False) -> str:
        """``…les démarches avec Fa******* à l'accueil…``
        (the identifier masked unless ``show``).
        """
        return self.context.replace(_MARK, self.original if show else self.masked)

    def to_dict(self, *, show: bool = False) -> dict[str, Any]:
        out = {
            "path": self.path,
            "type": self.type,
            "identifier": self.original if show else self.masked,
            "count": self.count,
            "context": self.excerpt(show=show),
        }
        if self.where and self.where != self.path:
            out["where"] = self.where
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
            _("LEAK {path}: {kind} {identifier} ×{count}").format(
                path=leak.path,
                kind=leak.type,
                identifier=leak.original if show else leak.masked,
                count=leak.count,
            )
            + (f" — « {leak.excerpt(show=show)} »" if leak.context else "")
            for leak in self.leaks
        ]
        lines += [
            _("not read: {path} ({reason})").format(path=p, reason=r) for p, r in self.skipped
        ]
        n_found = sum(x.count for x in self.leaks)
        status = (
            _("no leak")
            if self.ok
            else ngettext(
                "{n} identifier found ({occurrences})",
                "{n} identifiers found ({occurrences})",
                len(self.leaks),
            ).format(
                n=len(self.leaks),
                occurrences=ngettext("{n} occurrence", "{n} occurrences", n_found).format(
                    n=n_found
                ),
            )
        )
        lines.append(
            _("{files}, {identifiers} searched: {status}").format(
                files=ngettext("{n} file scanned", "{n} files scanned", self.files_scanned).format(
                    n=self.files_scanned
                ),
                identifiers=ngettext(
                    "{n} identifier", "{n} identifiers", self.identifiers_searched
                ).format(n=self.identifiers_searched),
                status=status,
            )
        )
        return "\n".join(lines)


class _Searcher:
    def __init__(
        self,
        originals: list[tuple[str, str, str]],
        *,
        capital_only: Iterable[str] = frozenset(),
        guessed: Iterable[str] = frozenset(),
        guarded: Iterable[str] = frozenset(),
        words: FrenchWords | None = None,
        sentence_capitals: bool = True,
        allow: AllowList | None = None,
    ) -> None:
        self.allow = allow if allow is not None else AllowList([])
        self.capital_only = {canonical(c) for c in capital_only} | set(AMBIGUOUS)
        # a guess an honorific or a naming verb confirmed is searched with the guards of a name a
        # context gave (the stricter rule), as the pipeline's index does
        self.guarded = set(guarded)
        self.guessed = set(guessed) - self.guarded if words is not None else set()
        self.words = words
        self.sentence_capitals = sentence_capitals
        self.info: dict[str, tuple[str, str]] = {}  # searched form -> (type, original)
        searched: list[str] = []
        flexible: list[str] = []
        for type_, canon, original in originals:
            if type_ in _DIGIT_TYPES and any(c.isdigit() for c in canon):
                forms = [fold(canon)]
                if type_ == "TELEPHONE" and canon.startswith("0") and len(canon) == 10:
                    forms += ["33" + canon[1:]]
                for f in forms:
                    flexible.append(f)
                    self.info[f] = (type_, original)
            else:
                searched.append(canonical(canon))
                self.info[canonical(canon)] = (type_, original)
        self.regex = trie_regex(searched, flexible=flexible)

    def find(
        self, text: str, contexts: dict[str, str] | None = None, *, in_context: bool = True
    ) -> Counter:
        """Occurrences per searched form; ``contexts`` receives the first one's surroundings
        (the identifier replaced by a marker, to be masked or shown). Without ``in_context``
        (words listed without their sentences) every occurrence counts, no context rule applied.
        """
        found: Counter = Counter()
        if self.regex is None or not text:
            return found
        raw = text
        text = TAG_RE.sub(lambda m: " " * len(m.group()), text)
        folded = fold(text)
        for m in self.regex.finditer(folded):
            surface = text[m.start() : m.end()]
            key = canonical(surface)
            if key not in self.info:
                key = "".join(c for c in folded[m.start() : m.end()] if c.isalnum())
            if key not in self.info:
                continue
            if in_context and kept_in_clear(
                raw,
                m.start(),
                m.end(),
                guessed=key in self.guessed,  # empty without words
                guarded=key in self.guarded,
                everyday=key in self.capital_only,
                allow=self.allow,
                words=self.words,
                sentence_capitals=self.sentence_capitals,
            ):
                continue  # left as written by the pipeline, by the same rule
            found[key] += 1
            if contexts is not None and key not in contexts:
                contexts[key] = _around(raw, m.start(), m.end())
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
        if len(c.replace(" ", "")) >= min_length
        and not (t not in _DIGIT_TYPES and c in allow)
        # an account label is replaced in the speakers' table only, never searched in the texts
        # (anonymise._accounts): the checker judges as the pipeline did
        and t != ACCOUNT_TYPE
    ]
    searcher = _Searcher(
        originals,
        capital_only=key.common_words(),
        guessed=key.guessed(),
        guarded=key.guarded(),
        words=french_words(project.settings.nlp.model),
        sentence_capitals=_sentence_capitals(project),
        allow=allow,
    )
    report = LeakReport(identifiers_searched=len(searcher.info))
    verdicts = CorpusVerdicts(
        project.corpus_dir("processed") / "segments.parquet", lambda text: searcher.find(text)
    )
    secure = project.secure_dir.resolve()
    for file in _walk([Path(p) for p in paths], report, secure):
        report.files_scanned += 1
        try:
            data = file.read_bytes()
        except OSError as exc:
            report.skipped.append((str(file), f"cannot read: {exc.strerror}"))
            continue
        totals: Counter = Counter()
        contexts: dict[str, str] = {}
        places: dict[str, str] = {}
        for location, text in texts_of(str(file), data):
            if text is None:
                report.skipped.append((location, "binary or unreadable content"))
                continue
            seen: dict[str, str] = {}
            listed = isinstance(text, WordList)
            found = searcher.find(text, seen, in_context=not listed)
            if listed:
                found = verdicts.judge(found)  # judged in the sentences they come from
            for key_ in found:
                contexts.setdefault(key_, seen[key_])
            totals.update(found)
            for key_ in found:
                places.setdefault(key_, location)
        for key_, count in sorted(totals.items()):
            type_, original = searcher.info[key_]
            report.leaks.append(
                Leak(
                    str(file),
                    type_,
                    mask(original),
                    count,
                    original,
                    context=contexts.get(key_, ""),
                    where=places.get(key_, ""),
                )
            )
    _mask_others(report)
    return report


def _around(text: str, start: int, end: int, *, width: int = 40) -> str:
    """The words around an occurrence on one line, the occurrence itself replaced by a marker."""
    before = " ".join(text[max(0, start - width) : start].split())
    after = " ".join(text[end : end + width].split())
    if start > width:
        before = "…" + before.split(" ", 1)[-1] if " " in before else "…" + before
    if end + width < len(text):
        after = (after.rsplit(" ", 1)[0] if " " in after else after) + "…"
    return f"{before} {_MARK} {after}".strip()


def _mask_others(report: LeakReport) -> None:
    """Mask, in each leak's context, the other identifiers found in the same file."""
    by_file: dict[str, list[Leak]] = {}
    for leak in report.leaks:
        by_file.setdefault(leak.path, []).append(leak)
    for leaks in by_file.values():
        for leak in leaks:
            for other in leaks:
                if other is not leak and other.original and leak.context:
                    leak.context = re.sub(
                        rf"(?i)(?<!\w){re.escape(other.original)}(?!\w)", other.masked, leak.context
                    )


def _sentence_capitals(project: Project) -> bool:
    """Whether the last pseudonymisation read capitals as in texts that capitalise sentences."""
    try:
        report = json.loads(project.pseudonymisation_report_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return True
    return bool(report.get("sentence_capitals", True)) if isinstance(report, dict) else True


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
