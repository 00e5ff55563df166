"""What a reader returns: documents made of speaker
turns, before any metadata or role is applied.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Turn:
    """One speaker turn as found in the source.

    Attributes
    ----------
    speaker
        The speaker label exactly as written in the source (tier name, voice tag, ``who``…);
        ``None`` when the source does not say who speaks.
    text
        The words of the turn (transcription markup such as ``[rire]`` is kept).
    start, end
        Times in seconds, when the source has them.
    overlap
        True when the source marks this turn as overlapping another speaker's.
    line
        1-based line (or cue/element number) in the source, for messages.
    attributes
        Turn-level metadata (``question`` for survey answers, ``service``…).
    """

    speaker: str | None
    text: str
    start: float | None = None
    end: float | None = None
    overlap: bool = False
    line: int | None = None
    attributes: dict[str, Any] = field(default_factory=dict)


@dataclass
class RawDocument:
    """A document as read from a file, before the manifest and the role rules are applied.

    Attributes
    ----------
    turns
        Turns in document order.
    speakers
        Attributes per speaker label found in the file (e.g. Transcriber's ``<Speaker>`` records).
        Labels appearing in turns but missing here are added by the ingest step.
    metadata
        Document-level metadata read from the file (``date``, ``title``, ``interviewer``…) or from
        configured columns (``territory``, ``service``, ``method``).
    warnings
        Problems that did not stop reading: ``(message, line_or_element)`` pairs.
    part
        Distinguishes several documents read from one file (one per territory of a survey file);
        ``None`` for the usual one-document file.
    roles
        Roles fixed by the source itself (e.g. a ``profil`` column of a survey), per speaker label.
    notes
        Information that is not a problem (reported at the ``info`` level).
    written
        True for written contributions (idea cards, platform proposals and comments): there is
        no interviewer to guess, and a turn's ``voters`` attribute (labels of the participants
        who voted for it) is turned into speaker ids.
    """

    turns: list[Turn]
    speakers: dict[str, dict[str, Any]] = field(default_factory=dict)
    metadata: dict[str, Any] = field(default_factory=dict)
    warnings: list[tuple[str, str | int | None]] = field(default_factory=list)
    part: str | None = None
    roles: dict[str, str] = field(default_factory=dict)

    notes: list[tuple[str, str | int | None]] = field(default_factory=list)
    written: bool = False

    def warn(self, message: str, where: str | int | None = None) -> None:
        """Record a problem that did not stop reading."""
        self.warnings.append((message, where))

    def note(self, message: str, where: str | int | None = None) -> None:
        """Record something normal worth knowing (e.g. rows without a comment skipped)."""
        self.notes.append((message, where))
