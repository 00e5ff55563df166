"""A small form to name topics from a notebook (ipywidgets), calling :func:`name_topic`."""

from __future__ import annotations

from typing import Any

from transfo_analysis.config import Project
from transfo_analysis.errors import TransfoError
from transfo_analysis.i18n import _


def naming_widget(project: Project) -> Any:
    """A form: choose a topic, type its name, save; the answer (or the error) shows below.

    Parameters
    ----------
    project
        The project whose current topics (``processed/topics``) are named.

    Returns
    -------
    An ``ipywidgets.VBox`` (display it as a cell's last expression). Its ``topic``, ``name``,
    ``author``, ``save`` and ``output`` attributes are the form's parts.
    """
    import ipywidgets as w

    from transfo_analysis.topics._io import load_topics
    from transfo_analysis.topics._names import name_topic

    def options() -> list[tuple[str, int]]:
        shown = load_topics(project).display_labels()
        return [(f"{t} · {label}", t) for t, label in sorted(shown.items()) if t >= 0]

    topic = w.Dropdown(options=options(), description=_("Topic"))
    name = w.Text(placeholder=_("Name elected officials can read"), description=_("Name"))
    author = w.Text(value=project.coder, description=_("Author"))
    save = w.Button(description=_("Save the name"), button_style="primary")
    output = w.Output()

    def on_save(_event: Any) -> None:
        output.clear_output()
        with output:
            try:
                entry = name_topic(
                    project, int(topic.value), name.value, author=author.value or None
                )
            except TransfoError as exc:
                print(_("Name not saved: {error}").format(error=exc))
                return
            if entry["replaced"]:
                done = _('Topic {topic} named "{name}" (replaces "{old}").')
            else:
                done = _('Topic {topic} named "{name}".')
            print(done.format(topic=entry["topic"], name=entry["name"], old=entry["replaced"]))
            topic.options = options()
            topic.value = entry["topic"]
            name.value = ""

    save.on_click(on_save)
    box = w.VBox([topic, name, author, save, output])
    box.topic, box.name, box.author, box.save, box.output = topic, name, author, save, output
    return box
