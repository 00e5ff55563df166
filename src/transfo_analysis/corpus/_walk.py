"""Walk a source folder, following symbolic links to folders without ever looping.

``Path.rglob`` does not follow links to folders (before Python 3.13), so a ``raw/`` made of
links to a shared drive or a mounted archive loaded nothing and said nothing. Here every real
folder is walked once: the plain tree first, then the links met in it, in order, so that a file
reachable both directly and through a link keeps its direct path (and the territory of its
folder). A link to a folder above it (a loop) or to a folder already walked is reported once
and not walked again; a broken link is reported; with ``follow_links=False`` links to folders
are reported instead of followed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from transfo_analysis.i18n import _


@dataclass
class Walk:
    """Files found under a folder, and the entries passed over with their reason (French)."""

    files: list[Path] = field(default_factory=list)
    passed_over: list[tuple[Path, str]] = field(default_factory=list)


def walk_folder(folder: str | Path, *, follow_links: bool = True) -> Walk:
    """Every file under ``folder``, following links to folders once each.

    Parameters
    ----------
    folder
        The folder to walk; paths returned start with it (links are not resolved in them).
    follow_links
        Follow symbolic links to folders; when false they are listed in ``passed_over``.

    Returns
    -------
    Walk
        Files in a stable order (plain tree first, then each followed link's tree) and the
        links or folders not walked, each with the reason.
    """
    folder = Path(folder)
    out = Walk()
    visited: set[Path] = set()
    links: list[tuple[Path, frozenset[Path]]] = []

    def plain(directory: Path, ancestors: frozenset[Path]) -> None:
        real = directory.resolve()
        visited.add(real)
        ancestors = ancestors | {real}
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError as exc:
            out.passed_over.append(
                (
                    directory,
                    _("unreadable folder ({error}): check the access rights").format(
                        error=exc.strerror or exc
                    ),
                )
            )
            return
        for entry in entries:
            path = Path(entry.path)
            if entry.is_symlink():
                if not path.exists():
                    out.passed_over.append(
                        (path, _("broken symbolic link (its target does not exist): not read"))
                    )
                elif path.is_dir():
                    links.append((path, ancestors))
                else:
                    out.files.append(path)  # a link to a file is read as the file
            elif entry.is_dir(follow_symlinks=False):
                plain(path, ancestors)
            elif entry.is_file(follow_symlinks=False):
                out.files.append(path)

    plain(folder, frozenset())
    while links:
        path, ancestors = links.pop(0)
        target = path.resolve()
        if not follow_links:
            reason = _(
                "link to the folder {target} not followed (setting ingest.follow_links: false); "
                "set follow_links: true in project.yaml or copy the folder into raw/"
            ).format(target=target)
        elif target in ancestors:
            reason = _("link to the parent folder {target} (a loop): not walked").format(
                target=target
            )
        elif target in visited:
            reason = _(
                "link to the folder {target}, already read through another path: not read again"
            ).format(target=target)
        else:
            plain(path, ancestors)
            continue
        out.passed_over.append((path, reason))
    return out
