"""A small form to name topics from a notebook (ipywidgets), calling :func:`name_topic`."""

from __future__ import annotations

from typing import Any

from transfo_analysis.config import Project
from transfo_analysis.errors import TransfoError


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

    topic = w.Dropdown(options=options(), description="Thème")
    name = w.Text(placeholder="Nom lisible par les élus", description="Nom")
    author = w.Text(value=project.coder, description="Auteur·rice")
    save = w.Button(description="Enregistrer le nom", button_style="primary")
    output = w.Output()

    def on_save(_: Any) -> None:
        output.clear_output()
        with output:
            try:
                entry = name_topic(
                    project, int(topic.value), name.value, author=author.value or None
                )
            except TransfoError as exc:
                print(f"Nom non enregistré : {exc}")
                return
            was = f" (remplace « {entry['replaced']} »)" if entry["replaced"] else ""
            print(f"Thème {entry['topic']} nommé « {entry['name']} »{was}.")
            topic.options = options()
            topic.value = entry["topic"]
            name.value = ""

    save.on_click(on_save)
    box = w.VBox([topic, name, author, save, output])
    box.topic, box.name, box.author, box.save, box.output = topic, name, author, save, output
    return box
