"""Errors that users see: each says what went wrong, where, and what to do."""

from __future__ import annotations

from pathlib import Path


class TransfoError(Exception):
    """Base class of the errors the suite raises on purpose.

    Parameters
    ----------
    message
        What went wrong, in one sentence.
    hint
        What the user can do about it.
    """

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


class InputError(TransfoError):
    """A problem in an input file, located by path and, when known, line or element.

    Parameters
    ----------
    path
        The file concerned.
    message
        What is wrong.
    line
        1-based line number, when the format has lines.
    element
        XML element, tier, cue or cell reference, when the format has no useful lines.
    hint
        What to do.
    """

    def __init__(
        self,
        path: str | Path,
        message: str,
        *,
        line: int | None = None,
        element: str | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message, hint=hint)
        self.path = str(path)
        self.line = line
        self.element = element

    @property
    def location(self) -> str:
        loc = self.path
        if self.line is not None:
            loc += f":{self.line}"
        if self.element:
            loc += f" [{self.element}]"
        return loc

    def __str__(self) -> str:
        text = f"{self.location}: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text


class ConfigError(TransfoError):
    """Invalid settings, manifest or codebook."""


class SchemaError(TransfoError):
    """A table does not have the columns, types or values the suite relies on."""


class NotReadyError(TransfoError):
    """A step needs the output of an earlier step that has not been run."""
