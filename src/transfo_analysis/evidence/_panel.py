"""A widget beside the coding panel: create a finding from the quotes read, attach more evidence.

The logic is :class:`EvidencePanelState` (every action a method, tested without a browser); the
widget only draws it and forwards clicks. Used with the coding panel, the segment shown there is
the one *Ajouter le segment lu* attaches; any target can also be typed (``code:…``, ``topic:3``…).
Refusals (unknown target, empty statement, a store locked by another kernel) become a French
message in the panel, never a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import ipywidgets as widgets

from transfo_analysis.errors import TransfoError
from transfo_analysis.evidence._model import STANCES
from transfo_analysis.evidence._strength import findings, strength
from transfo_analysis.evidence._trail import Trail, add_finding, link_evidence
from transfo_analysis.i18n import _, ngettext


@dataclass
class EvidencePanelState:
    """What the evidence panel shows and does.

    Parameters
    ----------
    trail
        The open trail.
    reading
        The coding panel (or its state) whose current segment can be attached; optional.
    """

    trail: Trail
    reading: Any = None
    finding_id: int | None = None
    message: str = ""
    selected: list[str] = field(default_factory=list)

    def options(self) -> list[tuple[str, int]]:
        """The findings, as (label, id) pairs for a dropdown."""
        return [
            (f"n°{r.finding_id} · {r.statement[:70]}", int(r.finding_id))
            for r in findings(self.trail).itertuples()
        ]

    def _safely(self, fn: Any) -> Any:
        try:
            return fn()
        except TransfoError as exc:
            self.message = _("Refused: {error}").format(error=exc)
            return None

    def current_segment(self) -> str | None:
        """The segment shown by the coding panel, when one is attached."""
        state = getattr(self.reading, "state", self.reading)
        return getattr(state, "current_id", None)

    def keep_current(self) -> None:
        """Remember the segment being read, to make a finding of the selected quotes later."""
        sid = self.current_segment()
        if sid is None:
            self.message = _("No segment shown in the coding panel.")
        elif sid not in self.selected:
            self.selected.append(sid)
            self.message = ngettext(
                "{n} segment kept.", "{n} segments kept.", len(self.selected)
            ).format(n=len(self.selected))

    def create(self, statement: str, *, stance: str = "appuie") -> int | None:
        """Create a finding; the segments kept so far become its evidence."""
        fid = self._safely(lambda: add_finding(self.trail, statement))
        if fid is None:
            return None
        self.finding_id = fid
        linked = sum(1 for sid in self.selected if self.attach(f"segment:{sid}", stance=stance))
        self.selected = []
        self.message = ngettext(
            "Finding no. {id} created with {n} piece of evidence. {summary}",
            "Finding no. {id} created with {n} pieces of evidence. {summary}",
            linked,
        ).format(id=fid, n=linked, summary=self.summary())
        return fid

    def attach(self, target: str, *, stance: str = "appuie", comment: str = "") -> bool:
        """Attach evidence to the chosen finding; ``False`` (and a message) when refused."""
        if self.finding_id is None:
            self.message = _("Choose or create a finding first.")
            return False
        done = self._safely(
            lambda: link_evidence(
                self.trail, self.finding_id, target, stance=stance, comment=comment
            )
        )
        if done is None:
            return False
        self.message = _("Evidence added ({stance}). {summary}").format(
            stance=stance, summary=self.summary()
        )
        return True

    def attach_current(self, *, stance: str = "appuie", comment: str = "") -> bool:
        """Attach the segment shown by the coding panel."""
        sid = self.current_segment()
        if sid is None:
            self.message = _("No segment shown in the coding panel.")
            return False
        return self.attach(f"segment:{sid}", stance=stance, comment=comment)

    def summary(self) -> str:
        """The chosen finding's strength, in one French sentence."""
        if self.finding_id is None:
            return ""
        row = strength(self.trail).set_index("finding_id").loc[self.finding_id]
        return ngettext(
            "State: {state} — {n} person supports, {against} contradict.",
            "State: {state} — {n} people support, {against} contradict.",
            row["n_respondents_appuie"],
        ).format(
            state=row["state"],
            n=row["n_respondents_appuie"],
            against=row["n_respondents_contredit"],
        )


def evidence_panel(trail: Trail, *, reading: Any = None) -> widgets.VBox:
    """The evidence widget (JupyterLab), optionally beside a coding panel.

    Parameters
    ----------
    trail
        The open trail.
    reading
        A coding panel (:func:`~transfo_analysis.coding.coding_panel`) whose current segment
        the buttons attach.

    Returns
    -------
    ipywidgets.VBox
        The widget; its ``state`` attribute is the :class:`EvidencePanelState`.
    """
    state = EvidencePanelState(trail, reading)
    choose = widgets.Dropdown(
        options=state.options(), description=_("Finding"), layout=widgets.Layout(width="600px")
    )
    statement = widgets.Text(
        placeholder=_("New finding, in one sentence"), layout=widgets.Layout(width="600px")
    )
    target = widgets.Text(
        placeholder=_("code:…, topic:3, word:attente@role=usager, segment:ID[start:end]")
    )
    stance = widgets.ToggleButtons(options=list(STANCES), value="appuie", description=_("Stance"))
    comment = widgets.Text(placeholder=_("Comment (optional)"))
    message = widgets.HTML()
    buttons = {
        "keep": widgets.Button(description=_("Keep the segment being read")),
        "create": widgets.Button(description=_("Create the finding"), button_style="primary"),
        "current": widgets.Button(description=_("Add the segment being read")),
        "target": widgets.Button(description=_("Add the target")),
    }

    def refresh() -> None:
        import html

        choose.options = state.options()
        if state.finding_id is not None:
            choose.value = state.finding_id
        message.value = f"<i>{html.escape(state.message)}</i>"

    def on(name: str, action: Any) -> None:
        buttons[name].on_click(lambda _: (action(), refresh()))

    on("keep", state.keep_current)
    on("create", lambda: state.create(statement.value, stance=stance.value))
    on("current", lambda: state.attach_current(stance=stance.value, comment=comment.value))
    on("target", lambda: state.attach(target.value, stance=stance.value, comment=comment.value))
    choose.observe(lambda change: setattr(state, "finding_id", change["new"]), names="value")
    if choose.options:
        state.finding_id = choose.value
    box = widgets.VBox(
        [
            widgets.HTML(_("<b>From voices to decisions</b>: findings and evidence")),
            widgets.HBox([statement, buttons["keep"], buttons["create"]]),
            choose,
            stance,
            widgets.HBox([buttons["current"], target, buttons["target"]]),
            comment,
            message,
        ]
    )
    box.state = state
    box.buttons = buttons
    box.fields = {
        "statement": statement,
        "target": target,
        "stance": stance,
        "comment": comment,
        "choose": choose,
    }
    return box
