"""HTML pieces of the dashboards: a style sheet, key-figure cards, tables, quotes and notices.

Everything that comes from the reports is escaped (quotes are people's words and may contain
``<`` or markup), so a dashboard never injects published text as HTML.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from html import escape
from typing import Any

import pandas as pd

from transfo_analysis.dashboards._labels import MONTHS
from transfo_analysis.i18n import N_, _, ngettext
from transfo_analysis.numbers import fr_number

UNAVAILABLE = N_("Data not available")

STYLE = """
<style>
.tr-dash{font-family:"Source Sans Pro","Segoe UI",Helvetica,Arial,sans-serif;color:#1f2933;\
max-width:1180px;line-height:1.4}
.tr-dash h1{font-size:1.9rem;margin:.2em 0 .1em;font-weight:700;color:#0b3d66}
.tr-dash h2{font-size:1.35rem;margin:1.4em 0 .3em;padding-bottom:.25em;border-bottom:2px solid \
#0072B2;color:#0b3d66}
.tr-dash h3{font-size:1.05rem;margin:1em 0 .3em;color:#333}
.tr-sub{color:#52606d;font-size:.98rem;margin:0 0 .6em}
.tr-intro{color:#3e4c59;font-size:.95rem;margin:.2em 0 .6em;max-width:60em}
.tr-cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(170px,1fr));gap:12px;\
margin:.6em 0;align-items:start}
.tr-card{background:#f4f8fb;border:1px solid #d9e6f2;border-left:5px solid #0072B2;\
border-radius:8px;padding:10px 14px}
.tr-card .v{font-size:1.6rem;font-weight:700;color:#0b3d66;line-height:1.2}
.tr-card .l{font-size:.88rem;color:#52606d;margin-top:2px}
.tr-na{color:#7b8794;font-style:italic;background:#f5f7fa;border:1px dashed #cbd2d9;\
border-radius:6px;padding:10px 14px;margin:.4em 0}
.tr-note{color:#52606d;font-size:.85rem;margin:.3em 0}
.tr-note b{color:#3e4c59}
.tr-table{border-collapse:collapse;font-size:.92rem;margin:.5em 0}
.tr-table th{background:#0b3d66;color:white;text-align:left;padding:6px 10px;font-weight:600}
.tr-table td{padding:5px 10px;border-bottom:1px solid #e4e7eb}
.tr-table td.n{text-align:right;font-variant-numeric:tabular-nums}
.tr-table tr:nth-child(even) td{background:#f8fafc}
.tr-theme{margin:.8em 0 .2em;font-weight:600;color:#0b3d66}
.tr-quote{margin:.35em 0 .35em 0;padding:.5em .9em;border-left:4px solid #E69F00;\
background:#fffaf0;border-radius:0 6px 6px 0;font-size:.98rem}
.tr-quote .who{display:block;color:#7b8794;font-size:.82rem;margin-top:.25em;font-style:normal}
.tr-quote.masked{border-left-color:#cbd2d9;background:#f5f7fa;color:#7b8794;font-style:italic}
.tr-badge{display:inline-block;border-radius:10px;padding:1px 8px;font-size:.78rem;color:white;\
margin-right:6px}
.tr-footer{color:#7b8794;font-size:.8rem;margin-top:2em;border-top:1px solid #e4e7eb;\
padding-top:.6em}
.tr-ph{border:1px solid #d9e6f2;padding:10px 14px;margin:4px 0 8px 0;width:fit-content;\
font-size:13px;color:#3e4c59}
.tr-ph-row{height:32px;display:flex;align-items:center;gap:8px}
.tr-ph-label{min-width:62px;text-align:right}
.tr-ph-value{border:1px solid #cbd2d9;border-radius:2px;padding:3px 8px;min-width:260px;\
background:#fff;color:#7b8794}
.tr-ph.inline{border:none;padding:0;margin:2px 0}
.tr-ph-label.above{display:block;text-align:left;height:22px;margin-left:0}
.tr-ph-chip{display:inline-block;background:#eee;color:#3e4c59;padding:0 10px;height:28px;\
line-height:28px;margin:0 4px 0 0;font-size:13px}
.tr-ph-chip.on{background:#bbb}
</style>
"""


def fewer_people(k: int | None) -> str:
    """« moins de 5 personnes » (« trop peu de personnes » without k), plural by the number."""
    if not k:
        return _("too few people")
    return ngettext("fewer than {k} person", "fewer than {k} people", int(k)).format(k=fr_number(k))


def footer_text(k: int | None, updated: Any) -> str:
    """The footer of a dashboard: pseudonymised data, the k rule, the publication date."""
    text = _("All data are pseudonymised.")
    if k:
        text += " " + _("No result rests on {few}.").format(few=fewer_people(k))
    if updated:
        text += " " + _("Reports published on {date}.").format(date=fr_date(updated))
    return text


def fr_date(value: Any) -> str:
    """``2026-11-25T22:30:00`` → ``25 novembre 2026``; anything else as it is."""
    try:
        d = datetime.fromisoformat(str(value))
    except ValueError:
        return escape(str(value))
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def header(title: str, subtitle: str | None = None) -> str:
    """The page title (and a subtitle: project, update date)."""
    sub = f'<p class="tr-sub">{escape(subtitle)}</p>' if subtitle else ""
    return f"{STYLE}<div class='tr-dash'><h1>{escape(title)}</h1>{sub}</div>"


def section(title: str, intro: str | None = None) -> str:
    """A section heading, with one sentence saying what the section shows."""
    text = f'<p class="tr-intro">{escape(intro)}</p>' if intro else ""
    return f"<div class='tr-dash'><h2>{escape(title)}</h2>{text}</div>"


def unavailable(detail: str | None = None) -> str:
    """« Donnée non disponible » (and why, when known)."""
    extra = f" — {escape(detail)}" if detail else ""
    return (
        f"<div class='tr-dash'><div class='tr-na'>{escape(_(UNAVAILABLE), quote=False)}{extra}"
        "</div></div>"
    )


def withheld(k: int | None) -> str:
    """Every value of the choice is withheld: say so instead of drawing an empty chart."""
    text = _("Results hidden: for this choice, each value rests on {few}.").format(
        few=fewer_people(k)
    )
    return f"<div class='tr-dash'><div class='tr-na'>{escape(text, quote=False)}</div></div>"


def note(text: str) -> str:
    return f"<div class='tr-dash'><p class='tr-note'>{escape(text, quote=False)}</p></div>"


def suppression_note(n: int, k: int | None, *, what: str | None = None, secondary: int = 0) -> str:
    """The k-suppression notice: how many values are withheld and why (empty when none).

    ``secondary`` of them are masked only so that a smaller group cannot be deduced from the
    totals (complementary suppression): the notice says so rather than calling them small.
    """
    if n <= 0:
        return ""
    what = what or _("Hidden values")
    why = _("these groups count {few}").format(few=fewer_people(k))
    if secondary > 0:
        why += _(
            ", or would let a group that counts fewer be worked out by difference with the totals"
        )
    head = _("{what}: {n}").format(what=what, n=n)
    rest = _("{why}; their results are hidden so that no one can be recognised.").format(why=why)
    return (
        f"<div class='tr-dash'><p class='tr-note'><b>{escape(head, quote=False)}"
        f"</b> — {escape(rest, quote=False)}</p></div>"
    )


def cards(items: Iterable[tuple[str, str]]) -> str:
    """Key figures as cards (``(label, value)`` pairs; values already formatted)."""
    body = "".join(
        f"<div class='tr-card'><div class='v'>{escape(str(v))}</div>"
        f"<div class='l'>{escape(str(lab))}</div></div>"
        for lab, v in items
    )
    return (
        f"<div class='tr-dash'><div class='tr-cards'>{body}</div></div>" if body else unavailable()
    )


def table(
    df: pd.DataFrame,
    columns: Mapping[str, str],
    *,
    numbers: Mapping[str, dict[str, Any]] | None = None,
) -> str:
    """A small French table: ``columns`` maps column →
    header; ``numbers`` column → ``fr_number`` options.
    """
    numbers = numbers or {}
    cols = [c for c in columns if c in df]
    head = "".join(f"<th>{escape(columns[c])}</th>" for c in cols)
    rows = []
    for _i, row in df.iterrows():
        cells = []
        for c in cols:
            v = row[c]
            if c in numbers:
                cells.append(f"<td class='n'>{escape(fr_number(v, **numbers[c]))}</td>")
            elif isinstance(v, pd.Timestamp):
                cells.append(f"<td>{MONTHS[v.month - 1]} {v.year}</td>")
            else:
                cells.append(f"<td>{escape('–' if v is None or v != v else str(v))}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return (
        f"<div class='tr-dash'><table class='tr-table'><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def quotes(
    df: pd.DataFrame, *, colours: Mapping[str, str], k: int | None, per_theme: int = 3
) -> str:
    """Quotes grouped by theme; withheld quotes keep
    their place with the notice, never their text.
    """
    if df is None or not len(df):
        return unavailable(_("no quote for this choice"))
    parts = []
    sort = [c for c in ("theme", "rank") if c in df]
    for theme, group in (
        df.sort_values(sort).groupby("theme", sort=False) if "theme" in df else [("", df)]
    ):
        kind = str(group["theme_kind"].iloc[0]) if "theme_kind" in group else ""
        kind_label = _("Code") if kind == "code" else _("Topic")
        heading = _("{kind}: {theme}").format(kind=kind_label, theme=theme)
        parts.append(f"<div class='tr-theme'>{escape(heading, quote=False)}</div>")
        for _i, q in group.head(per_theme).iterrows():
            role = str(q.get("role", ""))
            badge = (
                f"<span class='tr-badge' style='background:{escape(colours.get(role, '#7b8794'))}'>"
                f"{escape(str(q.get('role_label', role)))}</span>"
            )
            service = q.get("service_label")
            where = f" · {escape(str(service))}" if isinstance(service, str) and service else ""
            if bool(q.get("suppressed", False)):
                text = _("Quote hidden: this group counts {few}.").format(few=fewer_people(k))
                parts.append(
                    f"<blockquote class='tr-quote masked'>{escape(text, quote=False)}"
                    f"<span class='who'>{badge}{where}</span></blockquote>"
                )
            else:
                text = _("« {text} »").format(text=q.get("text", ""))
                parts.append(
                    f"<blockquote class='tr-quote'>{escape(text, quote=False)}"
                    f"<span class='who'>{badge}{where}</span></blockquote>"
                )
    return "<div class='tr-dash'>" + "".join(parts) + "</div>"


def decisions(section: Mapping[str, Any] | None, *, k: int | None) -> str:
    """« Des voix aux décisions »: proposals with status and decisions, their published findings
    with who stands behind them, quotes, and what contradicts them (all escaped).
    """
    if not section or not section.get("proposals"):
        return unavailable(_("the team has drawn no proposal from what was heard here yet"))

    def people(n: Any) -> str:
        if n is not None:
            return ngettext("{n} person", "{n} people", int(n)).format(n=fr_number(n))
        return fewer_people(k)

    parts = []
    for p in section["proposals"]:
        where = ", ".join(p.get("territories") or []) or _("all territories")
        service = f" · {escape(p['service'])}" if p.get("service") else ""
        parts.append(
            f"<div class='tr-theme'>{escape(p['statement'])}</div>"
            f"<p><span class='tr-badge' style='background:#0072B2'>{escape(p['status'])}</span>"
            f"{service} · {escape(where)}</p>"
        )
        steps = "".join(
            f"<li>{escape(fr_date(d['date']) if d.get('date') else '')} — "
            + escape(
                _("{instance}: {before}").format(instance=d["instance"], before=d["from"]),
                quote=False,
            )
            + f" → <b>{escape(d['to'])}</b>"
            + (f". {escape(d['rationale'])}" if d.get("rationale") else "")
            + "</li>"
            for d in p.get("decisions") or []
        )
        if steps:
            parts.append(f"<ul class='tr-note'>{steps}</ul>")
        for f in p.get("findings") or []:
            s = f["strength"]
            roles = ", ".join(
                "{} {}".format(
                    label, fr_number(n) if n is not None else _("fewer than {k}").format(k=k)
                )
                for label, n in s["by_role"].items()
                if n != 0
            )
            finding = _("Finding: {statement}").format(statement=f["statement"])
            basis = _("Supported by {people} ({roles}), {territories}").format(
                people=people(s["respondents"]),
                roles=roles or _("no voice"),
                territories=ngettext("{n} territory", "{n} territories", s["territories"]).format(
                    n=fr_number(s["territories"])
                ),
            )
            if s.get("survey"):
                basis += ngettext(
                    "; barometer: {n} respondent", "; barometer: {n} respondents", s["survey"]
                ).format(n=fr_number(s["survey"]))
            parts.append(
                f"<p><b>{escape(finding, quote=False)}</b><br>{escape(basis, quote=False)}</p>"
            )
            for q in f.get("quotes") or []:
                text = _("« {text} »").format(text=q["text"])
                parts.append(
                    f"<blockquote class='tr-quote'>{escape(text, quote=False)}<span class='who'>"
                    f"{escape(q['role_label'])} · {escape(q['territory_label'])}</span>"
                    "</blockquote>"
                )
            if f.get("contradicting"):
                items = "".join(
                    f"<li>{escape(c['description'])}"
                    + (
                        escape(_(": « {quote} »").format(quote=c["quote"]), quote=False)
                        if c.get("quote")
                        else ""
                    )
                    + "</li>"
                    for c in f["contradicting"]
                )
                against = _("What points the other way ({people}):").format(
                    people=people(s["contradicting"])
                )
                parts.append(
                    f"<p class='tr-note'>{escape(against, quote=False)}</p><ul>{items}</ul>"
                )
        if p.get("withheld"):
            notice = ngettext(
                "{n} finding not published: it rests on {few} or has no evidence yet.",
                "{n} findings not published: they rest on {few} or have no evidence yet.",
                p["withheld"],
            ).format(n=p["withheld"], few=fewer_people(k))
            parts.append(f"<p class='tr-note'>{escape(notice, quote=False)}</p>")
    return "<div class='tr-dash'>" + "".join(parts) + "</div>"


def placeholder(
    items: Iterable[tuple[str, str]],
    *,
    choices: tuple[str, list[str], str] | None = None,
    inline: bool = False,
) -> str:
    """Where selectors go until the page's widgets are drawn: the current choices, as text.

    ``items``: ``(label, value)`` of drop-downs; ``choices``: ``(label, options, selected)`` of a
    row of toggle buttons.
    """
    rows = "".join(
        f"<div class='tr-ph-row'><span class='tr-ph-label'>{escape(label)}</span>"
        f"<span class='tr-ph-value'>{escape(str(value))}</span></div>"
        for label, value in items
    )
    if choices:
        label, options, selected = choices
        chips = "".join(
            f"<span class='tr-ph-chip{' on' if o == selected else ''}'>{escape(o)}</span>"
            for o in options
        )
        rows += (
            f"<span class='tr-ph-label above'>{escape(label)}</span>"
            f"<div class='tr-ph-row'>{chips}</div>"
        )
    return (
        f"<div class='tr-dash'><div class='tr-ph{' inline' if inline else ''}'>{rows}</div></div>"
    )


def footer(text: str) -> str:
    return f"<div class='tr-dash'><div class='tr-footer'>{escape(text, quote=False)}</div></div>"
