"""The load report: what was read, what was skipped and why, and every warning."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any, Literal

from transfo_analysis.i18n import _, ngettext
from transfo_analysis.numbers import fr_number

#: how bad a problem of the load report is
Severity = Literal["error", "warning", "info"]

#: the code of the "no interviewer detected" warning, which a corpus-wide decision replaces
NO_INTERVIEWER = "no-interviewer"


@dataclass
class Issue:
    """A problem found while loading, located in a file."""

    severity: Severity
    path: str
    message: str
    where: str | None = None
    hint: str | None = None
    #: what kind of issue it is, for code that acts on it (the message is translated)
    code: str | None = None

    def __str__(self) -> str:
        if self.where in (None, ""):
            text = _("{path}: {message}").format(path=self.path, message=self.message)
        else:
            text = _("{path}, {where}: {message}").format(
                path=self.path, where=self.where, message=self.message
            )
        return f"{text} ({self.hint})" if self.hint else text


@dataclass
class LoadReport:
    """Outcome of :func:`transfo_analysis.corpus.ingest`.

    ``loaded`` lists files read (at least one document), ``skipped`` files that could not be read
    with the reason, and ``issues`` every error, warning and information, each naming its file.
    """

    loaded: list[str] = field(default_factory=list)
    skipped: list[dict[str, str]] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    n_documents: int = 0
    n_segments: int = 0
    n_words: int = 0
    speakers_by_role: dict[str, int] = field(default_factory=dict)
    formats: dict[str, int] = field(default_factory=dict)
    territories: dict[str, int] = field(default_factory=dict)
    #: per interview or workshop: who interviews, how it was decided, which signals
    interviewers: list[dict[str, Any]] = field(default_factory=list)

    def add(
        self,
        severity: Severity,
        path: str,
        message: str,
        where: Any = None,
        hint: str | None = None,
        *,
        code: str | None = None,
    ) -> None:
        self.issues.append(
            Issue(severity, str(path), message, None if where is None else str(where), hint, code)
        )

    def skip(self, path: str, reason: str) -> None:
        self.skipped.append({"path": str(path), "reason": reason})

    def record_interviewers(self, decisions: list[dict[str, Any]]) -> None:
        """Keep the per-document interviewer decisions; those the corpus pass made replace the
        file's "no interviewer detected" warning by an information naming the signals.
        """
        self.interviewers = decisions
        by_corpus = {d["source_path"]: d for d in decisions if d["added_by_corpus"]}
        if not by_corpus:
            return
        kept = []
        for issue in self.issues:
            stale = issue.code == NO_INTERVIEWER and any(
                issue.path.replace("\\", "/").endswith(p) for p in by_corpus
            )
            if not stale:
                kept.append(issue)
        self.issues = kept
        for path, d in by_corpus.items():
            for label in d["added_by_corpus"]:
                self.add(
                    "info",
                    path,
                    _("interviewer found across the corpus: {label} ({signals})").format(
                        label=label, signals=", ".join(d["signals"].get(label, []))
                    ),
                    hint=_("confirm it with a `speakers:` or `roles.rules` entry of the manifest"),
                )

    def interviewer_lines(self, *, max_lines: int = 40) -> list[str]:
        """The interviewer decisions for the terminal: counts by way, then the documents
        decided across the corpus or left without interviewer.
        """
        if not self.interviewers:
            return []
        hows = Counter(d["how"] for d in self.interviewers)
        n = len(self.interviewers)
        lines = [
            ngettext(
                "Interviewers ({n} interview or workshop): {counts}",
                "Interviewers ({n} interviews or workshops): {counts}",
                n,
            ).format(n=n, counts=", ".join(f"{how} {k}" for how, k in sorted(hows.items())))
        ]
        shown = [d for d in self.interviewers if d["added_by_corpus"] or not d["interviewers"]]
        for d in shown[:max_lines]:
            if not d["interviewers"]:
                lines.append(_("  - {path}: no interviewer found").format(path=d["source_path"]))
                continue
            sig = "; ".join(
                f"{lab} ({', '.join(d['signals'].get(lab, []))})" for lab in d["added_by_corpus"]
            )
            lines.append(_("  - {path}: {signals}").format(path=d["source_path"], signals=sig))
        if len(shown) > max_lines:
            lines.append(_more(len(shown) - max_lines))
        return lines

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "warning"]

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "error"]

    @property
    def ok(self) -> bool:
        """True when at least one document was loaded."""
        return self.n_documents > 0

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["n_files_loaded"] = len(self.loaded)
        d["n_files_skipped"] = len(self.skipped)
        d["n_warnings"] = len(self.warnings)
        return d

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LoadReport:
        """The report back from :meth:`to_dict` (e.g. ``interim/load-report.json``)."""
        names = {f.name for f in fields(cls)}
        report = cls(**{k: v for k, v in data.items() if k in names and k != "issues"})
        report.issues = [Issue(**i) for i in data.get("issues", [])]
        return report

    def notices(self, *, relative_to: Path | None = None) -> list[str]:
        """What the user must know, one French line each: files not loaded, then warnings.

        Parameters
        ----------
        relative_to
            Paths under this folder (the project) are shown relative to it.
        """

        def short(path: str) -> str:
            if relative_to is not None:
                try:
                    return Path(path).relative_to(relative_to).as_posix()
                except ValueError:
                    pass
            return path

        lines = [
            _("{path}: not loaded — {reason}").format(path=short(s["path"]), reason=s["reason"])
            for s in self.skipped
        ]
        for issue in self.issues:
            if issue.severity != "info":
                lines.append(str(Issue(**{**asdict(issue), "path": short(issue.path)})))
        return lines

    def format(self, *, max_issues: int = 40) -> str:
        """A readable report for the terminal."""
        lines = [
            _("Files read: {read} · skipped: {skipped}").format(
                read=len(self.loaded), skipped=len(self.skipped)
            ),
            _("Documents: {documents} · segments: {segments} · words: {words}").format(
                documents=fr_number(self.n_documents),
                segments=fr_number(self.n_segments),
                words=fr_number(self.n_words),
            ),
            _("Speakers by role: {counts}").format(
                counts=", ".join(f"{r} {n}" for r, n in sorted(self.speakers_by_role.items()))
                or _("none")
            ),
        ]
        if self.territories:
            lines.append(
                _("Documents by territory: {counts}").format(
                    counts=", ".join(f"{t} {n}" for t, n in sorted(self.territories.items()))
                )
            )
        if self.formats:
            lines.append(
                _("Formats: {counts}").format(
                    counts=", ".join(f"{f} {n}" for f, n in sorted(self.formats.items()))
                )
            )
        lines += self.interviewer_lines(max_lines=max_issues)
        if self.skipped:
            lines.append(_("Files not loaded:"))
            lines += [
                _("  - {path}: {reason}").format(path=s["path"], reason=s["reason"])
                for s in self.skipped[:max_issues]
            ]
            if len(self.skipped) > max_issues:
                lines.append(_more(len(self.skipped) - max_issues))
        shown = [i for i in self.issues if i.severity != "info"]
        infos = Counter(
            i.message.split(":")[0].strip() for i in self.issues if i.severity == "info"
        )
        if shown:
            lines.append(_("Warnings ({n}):").format(n=len(shown)))
            lines += [f"  - {i}" for i in shown[:max_issues]]
            if len(shown) > max_issues:
                lines.append(_more(len(shown) - max_issues))
        if infos:
            lines.append(
                _("Information: {counts}").format(
                    counts="; ".join(f"{m} ({n}×)" for m, n in infos.most_common(8))
                )
            )
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.format()


def _more(n: int) -> str:
    return ngettext(
        "  … and {n} other (see the JSON report)", "  … and {n} others (see the JSON report)", n
    ).format(n=n)
