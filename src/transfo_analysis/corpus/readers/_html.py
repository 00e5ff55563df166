"""HTML bodies of platform exports and board notes, reduced to plain text.

Participation platforms (Decidim, CONSUL) and whiteboards (Miro) store rich text as HTML. The
markup is parsed (never rendered or executed): ``<script>``, ``<style>`` and similar elements are
dropped with their content, block elements become line breaks, entities are decoded. Only text
comes out, so nothing a participant typed can reach a report as active HTML.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_DROPPED = {"script", "style", "iframe", "object", "embed", "noscript", "template", "svg"}
_BLOCKS = {
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "blockquote",
}
_LOOKS_HTML = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(\s[^<>]*)?/?>|&[a-zA-Z]+;|&#\d+;")


class _TextOnly(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.depth_dropped = 0
        self.dropped: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list) -> None:
        del attrs  # attributes (onclick, href…) are never kept
        if tag in _DROPPED:
            self.depth_dropped += 1
            self.dropped.add(tag)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROPPED:
            self.depth_dropped = max(0, self.depth_dropped - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.depth_dropped:
            self.parts.append(data)


def html_to_text(value: str) -> tuple[str, set[str]]:
    """Plain text of an HTML fragment (text without markup is returned unchanged).

    Returns
    -------
    text, dropped
        The text (paragraphs separated by blank lines, spaces tidied) and the names of the
        active elements removed with their content (``{"script"}``…), for the load report.
    """
    if not value or not _LOOKS_HTML.search(value):
        return value, set()
    parser = _TextOnly()
    parser.feed(value)
    parser.close()
    text = "".join(parser.parts).replace("\xa0", " ")
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return text, parser.dropped
