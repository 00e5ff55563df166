"""The coding panel's logic, without widgets: filters, navigation, coding, suggestions, memos.

Every user action of the panel is a method here, so it is tested without a browser; the view
(:mod:`.panel`) only draws this state and forwards clicks. Errors from the store (a lock held
by another kernel, an unknown code) become a French message instead of breaking the panel.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from transfo_analysis.coding import api
from transfo_analysis.coding._vocabulary import (
    MODE_ALL,
    MODE_DISAGREEMENTS,
    MODE_SUGGESTIONS,
    MODE_UNCODED,
    MODES,
)
from transfo_analysis.coding.disagreement import disagreements
from transfo_analysis.errors import TransfoError
from transfo_analysis.i18n import _, ngettext


@dataclass
class PanelState:
    """State of one coder's panel over a corpus.

    Parameters
    ----------
    segments
        The segments table (pseudonymised corpus).
    codebook, store, coder
        What the coder codes with, into, and as.
    compare_with
        Other coders, for the "désaccords" mode.
    """

    segments: pd.DataFrame
    codebook: Any
    store: Any
    coder: str
    compare_with: list[str] = field(default_factory=list)
    filters: dict[str, Any] = field(default_factory=dict)
    mode: str = MODE_ALL
    position: int = 0
    message: str = ""
    _view: pd.DataFrame | None = field(default=None, repr=False)
    _disagreements: pd.DataFrame | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self.segments = self.segments.sort_values(["doc_id", "turn"], kind="stable").reset_index(
            drop=True
        )

    # -- what is shown ------------------------------------------------------------------------
    @property
    def view(self) -> pd.DataFrame:
        """The segments passing the filters and the mode, in corpus order."""
        if self._view is None:
            self._view = self._compute_view()
        return self._view

    def _compute_view(self) -> pd.DataFrame:
        s = self.segments
        for col in ("territory", "role", "doc_id", "service"):
            value = self.filters.get(col)
            if value:
                s = s[s[col].isin([value] if isinstance(value, str) else list(value))]
        text = (self.filters.get("text") or "").strip()
        if text:
            s = s[s["text"].str.contains(text, case=False, regex=False)]
        code = self.filters.get("code")
        if code:
            coded = self.store.codings(code=code, status="accepted")["segment_id"]
            s = s[s["segment_id"].isin(coded)]
        if self.mode == MODE_UNCODED:
            mine = self.store.codings(coder=self.coder, status="accepted")["segment_id"]
            s = s[~s["segment_id"].isin(mine) & (s["role"] != "enqueteur")]
        elif self.mode == MODE_SUGGESTIONS:
            s = s[
                s["segment_id"].isin(
                    self.store.codings(coder=self.coder, status="suggested")["segment_id"]
                )
            ]
        elif self.mode == MODE_DISAGREEMENTS:
            s = s[s["segment_id"].isin(self.disagreements()["segment_id"])]
        return s.reset_index(drop=True)

    def disagreements(self) -> pd.DataFrame:
        """Disagreements between this coder and ``compare_with`` (documents both coded)."""
        if self._disagreements is None:
            coders = [self.coder, *self.compare_with]
            codings = self.store.codings(coder=coders, status="accepted")
            self._disagreements = (
                disagreements(codings, coders=coders, segments=self.segments)
                if len(coders) > 1
                else pd.DataFrame(columns=["segment_id", "code", "coded_by", "not_coded_by"])
            )
        return self._disagreements

    @property
    def current(self) -> pd.Series | None:
        v = self.view
        return v.iloc[self.position] if len(v) else None

    @property
    def current_id(self) -> str | None:
        c = self.current
        return None if c is None else str(c["segment_id"])

    def context(self, *, before: int = 2, after: int = 2) -> pd.DataFrame:
        """The current turn and its neighbours in the document (``current`` flags which)."""
        c = self.current
        if c is None:
            return self.segments.iloc[0:0].assign(current=[])
        doc = self.segments[self.segments["doc_id"] == c["doc_id"]]
        near = doc[(doc["turn"] >= c["turn"] - before) & (doc["turn"] <= c["turn"] + after)]
        return near.assign(current=near["segment_id"] == c["segment_id"])

    def codings_here(self) -> pd.DataFrame:
        """Every coding of the current segment (all coders, all statuses)."""
        sid = self.current_id
        return self.store.codings(segment_ids=[sid]) if sid else self.store.codings(segment_ids=[])

    def my_codes(self) -> set[str]:
        c = self.codings_here()
        return set(c.loc[(c["coder"] == self.coder) & (c["status"] == "accepted"), "code"])

    def suggestions_here(self) -> pd.DataFrame:
        c = self.codings_here()
        return c[(c["coder"] == self.coder) & (c["status"] == "suggested")]

    def memos_here(self) -> pd.DataFrame:
        sid = self.current_id
        return (
            self.store.memos(target_type="segment", target=sid)
            if sid
            else self.store.memos(target_type="segment", target="")
        )

    def disagreements_here(self) -> pd.DataFrame:
        d = self.disagreements()
        return d[d["segment_id"] == self.current_id]

    # -- actions ------------------------------------------------------------------------------
    def _changed(self, *, view: bool = True) -> None:
        if view:
            self._view = None
        self._disagreements = None
        self.position = max(0, min(self.position, len(self.view) - 1))

    def set_filter(self, **filters: Any) -> None:
        """Change filters (``territory``, ``role``, ``doc_id``,
        ``service``, ``text``, ``code``); None clears.
        """
        self.filters.update(filters)
        self.position = 0
        self._changed()
        self.message = ngettext("{n} segment", "{n} segments", len(self.view)).format(
            n=len(self.view)
        )

    def set_mode(self, mode: str) -> None:
        if mode not in MODES:
            raise ValueError(_("mode must be one of {modes}").format(modes=", ".join(MODES)))
        self.mode = mode
        self.position = 0
        self._changed()
        self.message = ngettext("{n} segment", "{n} segments", len(self.view)).format(
            n=len(self.view)
        )

    def next(self) -> None:
        self.position = min(self.position + 1, max(len(self.view) - 1, 0))

    def previous(self) -> None:
        self.position = max(self.position - 1, 0)

    def go(self, segment_id: str) -> None:
        hits = self.view.index[self.view["segment_id"] == segment_id]
        if len(hits):
            self.position = int(hits[0])
        else:
            self.message = _("segment outside the current selection")

    def _safely(self, action: str, fn: Any) -> Any:
        try:
            out = fn()
        except TransfoError as exc:
            self.message = _("{action} impossible: {error}").format(action=action, error=exc)
            return None
        self.message = action
        # the current segment may leave the view (e.g. "non codés"): keep the position, not the id
        self._changed(view=self.mode != MODE_ALL or bool(self.filters.get("code")))
        return out

    def toggle_code(self, code: str) -> None:
        """Apply a code to the current segment, or remove it if this coder already applied it."""
        sid = self.current_id
        if sid is None:
            return
        if self.codebook.check([code])[0] in self.my_codes():
            self._safely(
                _("« {code} » removed").format(code=code),
                lambda: api.uncode_segments(
                    self.store, [sid], code, coder=self.coder, codebook=self.codebook
                ),
            )
        else:
            self._safely(
                _("« {code} » applied").format(code=code),
                lambda: api.code_segments(
                    self.store,
                    [sid],
                    code,
                    coder=self.coder,
                    codebook=self.codebook,
                    segments=self.segments,
                ),
            )

    def review(self, coding_id: int, accept: bool) -> None:
        """Accept or reject one suggestion."""
        status = "accepted" if accept else "rejected"
        self._safely(
            _("suggestion accepted") if accept else _("suggestion rejected"),
            lambda: self.store.set_status([coding_id], status, reviewer=self.coder),
        )

    def review_all_here(self, accept: bool) -> None:
        ids = self.suggestions_here()["coding_id"].tolist()
        if ids:
            self._safely(
                (
                    ngettext("{n} suggestion accepted", "{n} suggestions accepted", len(ids))
                    if accept
                    else ngettext("{n} suggestion rejected", "{n} suggestions rejected", len(ids))
                ).format(n=len(ids)),
                lambda: self.store.set_status(
                    ids, "accepted" if accept else "rejected", reviewer=self.coder
                ),
            )

    def add_memo(self, text: str) -> None:
        sid = self.current_id
        if sid is None or not text.strip():
            self.message = _("empty memo: nothing is recorded")
            return
        self._safely(
            _("memo recorded"),
            lambda: self.store.add_memo(
                text.strip(), coder=self.coder, target_type="segment", target=sid
            ),
        )

    def options(self, column: str) -> list[str]:
        """Values offered by a filter's drop-down."""
        return (
            sorted(self.segments[column].dropna().astype(str).unique().tolist())
            if column in self.segments
            else []
        )
