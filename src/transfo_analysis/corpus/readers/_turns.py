"""Rebuilding speaker turns from timed pieces (Praat intervals, ESLO utterances)."""

from __future__ import annotations

from transfo_analysis.corpus.readers._base import Turn

#: seconds of silence up to which two consecutive pieces of one speaker form one turn
DEFAULT_MERGE_GAP = 1.0


def merge_turns(pieces: list[Turn], max_gap: float | None = DEFAULT_MERGE_GAP) -> list[Turn]:
    """Merge consecutive timed pieces of one speaker into turns.

    Two pieces merge when nobody else's piece comes between them, neither is marked as
    overlapping, and the silence between them is at most ``max_gap`` seconds (``None``: never
    merge). The merged turn keeps the first piece's line.

    Parameters
    ----------
    pieces
        Pieces in time order.
    max_gap
        Longest silence inside a turn, in seconds.
    """
    if max_gap is None:
        return list(pieces)
    out: list[Turn] = []
    for piece in pieces:
        last = out[-1] if out else None
        if (
            last is not None
            and last.speaker == piece.speaker
            and not (last.overlap or piece.overlap)
            and last.end is not None
            and piece.start is not None
            and 0 <= piece.start - last.end <= max_gap
        ):
            last.text = f"{last.text} {piece.text}"
            last.end = max(last.end, piece.end if piece.end is not None else last.end)
        else:
            out.append(
                Turn(
                    piece.speaker,
                    piece.text,
                    piece.start,
                    piece.end,
                    piece.overlap,
                    piece.line,
                    dict(piece.attributes),
                )
            )
    return out
