"""The JupyterLab coding panel (ipywidgets): browse, code, review suggestions and disagreements.

>>> from transfo_analysis.coding import coding_panel   # doctest: +SKIP
>>> coding_panel("data")                                # doctest: +SKIP

The panel draws a :class:`~transfo_analysis.coding._panel_state.PanelState` and forwards
clicks to it; nothing else happens here, so the behaviour is tested on the state and on
simulated clicks (``panel.buttons["next"].click()``).
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Mapping
from typing import Any

import ipywidgets as w

from transfo_analysis.coding._panel_state import MODES, PanelState
from transfo_analysis.coding._vocabulary import ANY_CHOICE, MODE_DISAGREEMENTS, PANEL_ROLE_LABELS
from transfo_analysis.config import Stage
from transfo_analysis.i18n import _

_ALL = ANY_CHOICE
_ROLE = PANEL_ROLE_LABELS


def document_options(doc_ids: list[str], titles: Mapping[str, str] | None) -> list[tuple[str, str]]:
    """The Document filter's choices: ``(title, doc_id)`` pairs sorted by title.

    People know their documents by title, not by the hash-like id; a title shared by several
    documents (or missing) is followed by the id, so every choice stays distinct.

    Parameters
    ----------
    doc_ids
        The documents of the corpus.
    titles
        Their titles (``documents.title``).

    Returns
    -------
    The labelled choices.
    """
    titles = titles or {}
    named = {d: str(titles.get(d) or "").strip() for d in doc_ids}
    seen = Counter(named.values())
    untitled = _("Untitled")
    labels = {d: (t if t and seen[t] == 1 else f"{t or untitled} ({d})") for d, t in named.items()}
    return sorted(((labels[d], d) for d in doc_ids), key=lambda p: (p[0].casefold(), p[1]))


class CodingPanel:
    """The widgets of the panel around a :class:`PanelState`; display ``panel.widget``."""

    def __init__(self, state: PanelState, *, titles: Mapping[str, str] | None = None) -> None:
        self.state = state
        self._drawing = False
        self.filters = {
            "territory": w.Dropdown(
                options=[_ALL, *state.options("territory")], description=_("Territory")
            ),
            "role": w.Dropdown(options=[_ALL, *state.options("role")], description=_("Role")),
            "doc_id": w.Dropdown(
                options=[(_ALL, _ALL), *document_options(state.options("doc_id"), titles)],
                description=_("Document"),
            ),
            "code": w.Dropdown(options=[_ALL, *state.codebook.names], description=_("Code")),
            "text": w.Text(
                placeholder=_("word or phrase"), description=_("Search"), continuous_update=False
            ),
        }
        self.mode = w.ToggleButtons(options=list(MODES), value=state.mode, description=_("Show"))
        self.buttons = {
            "previous": w.Button(description=_("◀ Previous")),
            "next": w.Button(description=_("Next ▶")),
            "memo": w.Button(description=_("Save the memo"), icon="save"),
            "accept_all": w.Button(description=_("Accept all"), button_style="success"),
            "reject_all": w.Button(description=_("Reject all"), button_style="danger"),
        }
        self.code_buttons = {
            c.name: w.Button(
                description=c.name, tooltip=c.definition[:300], layout=w.Layout(width="auto")
            )
            for c in state.codebook
            if c.codable
        }
        self.position = w.Label()
        self.context = w.HTML()
        self.codings = w.HTML()
        self.suggestions = w.VBox()
        self.memo_text = w.Textarea(
            placeholder=_("Memo on this segment…"), layout=w.Layout(width="100%")
        )
        self.memos = w.HTML()
        self.status = w.HTML()
        for name, widget in self.filters.items():
            widget.observe(lambda change, n=name: self._on_filter(n, change["new"]), names="value")
        self.mode.observe(
            lambda change: self._do(lambda: self.state.set_mode(change["new"])), names="value"
        )
        self.buttons["previous"].on_click(lambda _: self._do(self.state.previous))
        self.buttons["next"].on_click(lambda _: self._do(self.state.next))
        self.buttons["memo"].on_click(lambda _: self._do(self._save_memo))
        self.buttons["accept_all"].on_click(
            lambda _: self._do(lambda: self.state.review_all_here(True))
        )
        self.buttons["reject_all"].on_click(
            lambda _: self._do(lambda: self.state.review_all_here(False))
        )
        for name, button in self.code_buttons.items():
            button.on_click(lambda _, n=name: self._do(lambda: self.state.toggle_code(n)))
        self.widget = w.VBox(
            [
                w.HBox([self.filters["territory"], self.filters["role"], self.filters["doc_id"]]),
                w.HBox([self.filters["code"], self.filters["text"]]),
                self.mode,
                w.HBox([self.buttons["previous"], self.position, self.buttons["next"]]),
                self.context,
                w.HTML(_("<b>Codes</b> (click to apply or remove)")),
                w.Box(list(self.code_buttons.values()), layout=w.Layout(flex_flow="row wrap")),
                self.codings,
                w.HTML(_("<b>Suggestions to review</b>")),
                self.suggestions,
                w.HBox([self.buttons["accept_all"], self.buttons["reject_all"]]),
                w.HTML(_("<b>Memos</b>")),
                self.memos,
                self.memo_text,
                self.buttons["memo"],
                self.status,
            ]
        )
        self.refresh()

    def _ipython_display_(self) -> None:  # pragma: no cover - needs a notebook front end
        from IPython.display import display

        display(self.widget)

    # -- events -------------------------------------------------------------------------------
    def _do(self, action: Any) -> None:
        if self._drawing:
            return
        action()
        self.refresh()

    def _on_filter(self, name: str, value: Any) -> None:
        self._do(lambda: self.state.set_filter(**{name: None if value in (_ALL, "") else value}))

    def _save_memo(self) -> None:
        self.state.add_memo(self.memo_text.value)
        if self.state.message == _("memo recorded"):
            self.memo_text.value = ""

    # -- drawing ------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Redraw everything from the state."""
        self._drawing = True
        try:
            s = self.state
            n = len(s.view)
            self.position.value = f"{s.position + 1 if n else 0} / {n}"
            rows = []
            for r in s.context().itertuples():
                style = "font-weight:bold;background:#fff7e0" if r.current else "color:#666"
                who = _ROLE.get(r.role, r.role)
                rows.append(
                    f"<p style='{style};margin:2px 0'><i>{html.escape(who)}</i> : "
                    f"{html.escape(str(r.text))}</p>"
                )
            self.context.value = "".join(rows) or "<i>{}</i>".format(
                _("No segment matches the filters.")
            )
            mine = s.my_codes()
            for name, button in self.code_buttons.items():
                button.button_style = "success" if name in mine else ""
                button.icon = "check" if name in mine else ""
            here = s.codings_here()
            others = here[(here["status"] == "accepted") & (here["coder"] != s.coder)]
            self.codings.value = (
                (
                    "<small>"
                    + _("Other coders: ")
                    + html.escape(", ".join(f"{c.code} ({c.coder})" for c in others.itertuples()))
                    + "</small>"
                )
                if len(others)
                else ""
            )
            self.suggestions.children = [
                self._suggestion_row(r) for r in s.suggestions_here().itertuples()
            ]
            dis = s.disagreements_here() if s.mode == MODE_DISAGREEMENTS else None
            memos = s.memos_here()
            parts = [
                f"<p><b>{html.escape(str(m.coder))}</b> : {html.escape(str(m.text))}</p>"
                for m in memos.itertuples()
            ]
            if dis is not None and len(dis):
                parts.insert(
                    0,
                    "<p style='color:#D55E00'>"
                    + html.escape(
                        _("Disagreements: {items}").format(
                            items="; ".join(
                                _("{code} (yes: {yes}; no: {no})").format(
                                    code=d.code, yes=d.coded_by, no=d.not_coded_by
                                )
                                for d in dis.itertuples()
                            )
                        )
                    )
                    + "</p>",
                )
            self.memos.value = "".join(parts)
            self.status.value = f"<small>{html.escape(s.message)}</small>" if s.message else ""
        finally:
            self._drawing = False

    def _suggestion_row(self, r: Any) -> w.HBox:
        ok = w.Button(
            description=_("Accept"), button_style="success", layout=w.Layout(width="auto")
        )
        no = w.Button(description=_("Reject"), button_style="danger", layout=w.Layout(width="auto"))
        ok.on_click(lambda _, i=r.coding_id: self._do(lambda: self.state.review(int(i), True)))
        no.on_click(lambda _, i=r.coding_id: self._do(lambda: self.state.review(int(i), False)))
        conf = (
            ""
            if r.confidence != r.confidence
            else _(" — confidence {value}").format(value=f"{r.confidence:.2f}")
        )
        return w.HBox([w.Label(f"{r.code} ({r.origin}{conf})"), ok, no])


def coding_panel(
    source: Any,
    *,
    coder: str | None = None,
    compare_with: list[str] | None = None,
    stage: Stage = "processed",
) -> CodingPanel:
    """Open the coding panel on a project (or a :class:`~transfo_analysis.coding.CodingSession`).

    Parameters
    ----------
    source
        A project directory, a :class:`~transfo_analysis.config.Project` or a session.
    coder
        Who codes (default: the project's coder identity).
    compare_with
        Other coders whose codings the "désaccords" mode compares with.
    stage
        Corpus stage (``"processed"``: pseudonymised).

    Returns
    -------
    The panel; display it in JupyterLab.
    """
    from transfo_analysis.coding.session import CodingSession, open_session

    session = (
        source
        if isinstance(source, CodingSession)
        else open_session(source, stage=stage, coder=coder)
    )
    state = PanelState(
        segments=session.segments,
        codebook=session.codebook,
        store=session.store,
        coder=coder or session.coder,
        compare_with=list(compare_with or []),
    )
    docs = session.corpus.documents
    titles = dict(zip(docs["doc_id"], docs["title"], strict=True)) if "title" in docs else {}
    return CodingPanel(state, titles=titles)
