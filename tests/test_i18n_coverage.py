"""No user-facing string left untranslated (issue 16, item 4): a scanner of the package's code.

The test walks the syntax tree of every module under ``src/transfo_analysis`` and fails on

1. ``message``: a string literal, f-string, concatenation or ``"...".format()`` passed, not
   wrapped in ``_``/``ngettext``/``N_``, where a user reads it: the first argument of ``print``,
   ``warnings.warn`` and ``logger.warning/error/info/critical/exception``, the arguments (and
   ``hint=``) of a raised exception, ``help=``/``description=``/``epilog=``/``usage=`` of argparse,
   ``desc=`` of tqdm and :func:`transfo_analysis.progress.progress`, the message and hint of the
   load report (``report.add``, ``report.skip``) and the step notices of the run summary
   (``notices.append``, ``notice(...)``);
2. ``french``: any other string literal (docstrings aside) holding French text: an accented
   letter, or a space-separated phrase with a French function word, outside ``_()``, except in
   the label tables and lexicons of :data:`FRENCH_DATA_ALLOWED`;
3. ``fstring-in-gettext``: an f-string, a concatenation or a formatted string inside
   ``_()``/``ngettext()``/``N_()``, which extraction cannot see (a name is fine: it holds a
   constant marked with ``N_()`` and translated when shown);
4. ``gettext-in-fstring``: ``_("literal")`` written inside an f-string's braces, which
   extraction (Babel on Python 3.11) does not see either: the message never reaches the
   catalogue and stays English.

Each rule has a unit test on a small synthetic source below, so the scanner itself can fail.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "transfo_analysis"

GETTEXT = {"_", "ngettext", "N_"}
LOGGER_NAMES = re.compile(r"^_?(log|logger|LOG|LOGGER|log_\w+|\w+_logger)$")
LOG_LEVELS = {"warning", "error", "info", "critical", "exception"}
#: keyword arguments whose value a user reads, on any call
TEXT_KEYWORDS = {"help", "description", "epilog", "usage", "desc", "hint"}
#: receivers of the load report's and the run summary's message methods
REPORT_RECEIVER = re.compile(r"(^|_)(report|load_report|summary)$")
REPORT_METHODS = {"add", "skip", "info", "error"}
NOTICE_RECEIVER = re.compile(r"(^|_)(notices|warnings|problems|messages)$")

ACCENTED = re.compile(r"[àâäçéèêëîïôöûùüÿœæÀÂÄÇÉÈÊËÎÏÔÖÛÙÜŸŒÆ]")
FRENCH_WORDS = re.compile(
    r"(?:^|\s)(le|la|les|des|du|une|est|sont|pas|pour|dans|avec|aucun|aucune|sans|"
    r"leur|leurs|cette|ces|et|au|aux|qui|vous|votre|vos|fichier|fichiers|ligne|colonne)(?=\s|$)"
)

#: a regular expression, not words
REGEX = re.compile(r"\\[bwdsWDS]|\(\?[:!=<P]|\[\^")


def _french_phrase(text: str) -> bool:
    """Two words or more, one of them a French function word (a lone word is an identifier)."""
    words = text.split()
    if len(words) < 2:
        return False
    # lower-case function words anywhere, or a capitalised one opening the text ("Sans" of a
    # font name is not French text, "Aucun document" is)
    return bool(FRENCH_WORDS.search(text) or FRENCH_WORDS.search(words[0].lower() + " "))


#: helpers that turn a string into a word list (``corpus.readers._labels.words``)
LEXICON_HELPERS = {"words"}


def _is_data_call(call: ast.Call) -> bool:
    """Data, not words: ``"a b c".split()`` or ``words("a b c")`` (a word list) or
    ``re.compile("…")`` (a pattern).
    """
    func = call.func
    if isinstance(func, ast.Name):
        return func.id in LEXICON_HELPERS
    if not isinstance(func, ast.Attribute):
        return False
    if func.attr == "split" and isinstance(func.value, ast.Constant):
        return True
    return isinstance(func.value, ast.Name) and func.value.id in {"re", "regex"}


#: modules whose French literals are data (label tables, lexicons, stop words), with the reason
FRENCH_DATA_ALLOWED: dict[str, str] = {
    "labels.py": "the French label table of the stakeholder views (roles, barometer dimensions, "
    "services): domain vocabulary, not sentences",
    "nlp/_stopwords.py": "French stop words and discourse markers (a lexicon)",
    "anonymise/_allow.py": "lexicon of institutions and common words that identify nobody",
    "anonymise/_names.py": "lexicons of first names, words that look like names, role words",
    "anonymise/_patterns.py": "regular-expression fragments of French addresses and numbers",
    "anonymise/_lexicon.py": "French word lists (interjections, street types)",
    "anonymise/_junk.py": "French word lists (legal terms, titles) that are not names",
    "anonymise/_vocabulary.py": "French idioms, fictional characters and derivational endings "
    "that name nobody (word tables of the junk rules)",
    "anonymise/_apply.py": "metadata keys that hold names (nom, prénom, téléphone…): identifiers",
    "barometer/_labels.py": "the French label table of the barometer (columns, scale points, "
    "no-answer words, quadrants, gap readings, trend directions)",
    "topics/_non_answers.py": "lexicon of French non-answers (RAS, néant…) and their group's label",
    "coding/_vocabulary.py": "stored French words of the coding trail and REFI-QDA exchange "
    "(statuses, modes, variable names), read back as data",
    "dashboards/_labels.py": "the dashboards' label table (months, indicators, profiles)",
    "evidence/_labels.py": "the evidence trail's stored French words (statuses, stances, kinds)",
    "reporting/_labels.py": "the reports' label table (column headers, « masqué », methods)",
    "viz/_labels.py": "the figures' label table (masked-cell words, measures, quadrants)",
    "workshops/_labels.py": "the workshops' label table (values a card does not give)",
}

#: single French values that are codes, not messages: (module, literal) -> reason
FRENCH_VALUES_ALLOWED: dict[tuple[str, str], str] = {
    ("corpus/_interviewers.py", "règle"): "value of `interviewers[].how` in load-report.json "
    "(documented in docs/corpus.md)",
    ("corpus/_interviewers.py", "aucun"): "value of `interviewers[].how` in load-report.json "
    "(documented in docs/corpus.md)",
    ("config.py", "aucun"): "a stop word of the topics' default list",
    ("coding/refi/_mapping.py", "departement du service"): "a folded variable name of "
    "REFI-QDA projects, matched against what other software wrote, never shown",
}


@dataclass(frozen=True)
class Finding:
    module: str
    line: int
    rule: str
    text: str

    def __str__(self) -> str:
        return f"{self.module}:{self.line}: [{self.rule}] {self.text[:90]!r}"


def _is_gettext(node: ast.AST) -> bool:
    """``_("...")``, ``ngettext(...)``, ``N_(...)``, possibly followed by ``.format(...)``."""
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "format"
    ):
        return _is_gettext(node.func.value)
    return (
        isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in GETTEXT
    )


def _has_words(text: str) -> bool:
    return bool(re.search(r"[^\W\d_]{2,}", text))


def _unwrapped_text(node: ast.AST | None) -> bool:
    """A literal text built without gettext: a string, an f-string, a concatenation, a format."""
    if node is None or _is_gettext(node):
        return False
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and _has_words(node.value)
    if isinstance(node, ast.JoinedStr):
        return any(isinstance(v, ast.Constant) and _has_words(str(v.value)) for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Mod):
        return _unwrapped_text(node.left) or (
            isinstance(node.op, ast.Add) and _unwrapped_text(node.right)
        )
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "format"
    ):
        return _unwrapped_text(node.func.value)
    if isinstance(node, ast.IfExp):
        return _unwrapped_text(node.body) or _unwrapped_text(node.orelse)
    return False


def _identifier(node: ast.AST) -> bool:
    """A column or element name (``"stance"``), not words."""
    return isinstance(node, ast.Constant) and " " not in str(node.value)


def _name(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _message_arguments(call: ast.Call, raised: bool) -> list[ast.AST]:
    """The arguments of ``call`` that a user reads."""
    func = call.func
    name = _name(func)
    receiver = _name(func.value) if isinstance(func, ast.Attribute) else ""
    found: list[ast.AST] = [k.value for k in call.keywords if k.arg in TEXT_KEYWORDS]
    if raised:
        found += call.args
        found += [k.value for k in call.keywords if k.arg == "message"]
    elif (isinstance(func, ast.Name) and name == "print") or (
        name == "warn" and receiver == "warnings"
    ):
        found += call.args[:1]
    elif name in {"warn", "note"}:  # a reader's document, the cards' helper: message, where
        found += call.args[:1]
        found += [a for a in call.args[1:2] if not _identifier(a)]
    elif name in LOG_LEVELS and LOGGER_NAMES.match(receiver):
        found += call.args[:1]
    elif name in REPORT_METHODS and REPORT_RECEIVER.search(receiver):
        found += call.args[1:]
    elif name == "append" and NOTICE_RECEIVER.search(receiver):
        found += call.args[:1]
    elif isinstance(func, ast.Name) and name == "Issue":  # a load-report issue: message
        found += call.args[2:3]
    elif (
        isinstance(func, ast.Name) and name == "Problem"
    ):  # a survey cell: file, row, column, message
        found += call.args[3:4]
    elif isinstance(func, ast.Name) and name in {"notice", "warn_user"}:
        found += call.args[:1]
    return found


class _Scanner(ast.NodeVisitor):
    def __init__(self, module: str) -> None:
        self.module = module
        self.findings: list[Finding] = []
        self._gettext_depth = 0
        self._docstrings: set[int] = set()
        self._raised: set[int] = set()
        self._data: set[int] = set()

    def _add(self, node: ast.AST, rule: str, text: str) -> None:
        self.findings.append(Finding(self.module, getattr(node, "lineno", 0), rule, text))

    def visit_Module(self, node: ast.Module) -> None:  # noqa: N802 - ast API
        for sub in ast.walk(node):
            body = getattr(sub, "body", None)
            if (
                isinstance(sub, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
                and body
                and isinstance(body[0], ast.Expr)
                and isinstance(body[0].value, ast.Constant)
                and isinstance(body[0].value.value, str)
            ):
                self._docstrings.add(id(body[0].value))
            if isinstance(sub, ast.Raise) and isinstance(sub.exc, ast.Call):
                self._raised.add(id(sub.exc))
            if isinstance(sub, ast.Call) and _is_data_call(sub):
                receiver = [sub.func.value] if isinstance(sub.func, ast.Attribute) else []
                self._data.update(id(a) for a in [*receiver, *sub.args][:2])
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:  # noqa: N802 - ast API
        if isinstance(node.func, ast.Name) and node.func.id in GETTEXT:
            texts = node.args[:2] if node.func.id == "ngettext" else node.args[:1]
            for arg in texts:
                if isinstance(arg, ast.JoinedStr | ast.BinOp | ast.Call):
                    self._add(arg, "fstring-in-gettext", ast.unparse(arg))
            self._gettext_depth += 1
            self.generic_visit(node)
            self._gettext_depth -= 1
            return
        for arg in _message_arguments(node, id(node) in self._raised):
            if _unwrapped_text(arg):
                self._add(arg, "message", ast.unparse(arg))
        self.generic_visit(node)

    def visit_JoinedStr(self, node: ast.JoinedStr) -> None:  # noqa: N802 - ast API
        for value in node.values:
            for sub in ast.walk(value):
                if (
                    isinstance(sub, ast.Call)
                    and isinstance(sub.func, ast.Name)
                    and sub.func.id in GETTEXT
                    and any(isinstance(a, ast.Constant) for a in sub.args)
                ):
                    self._add(sub, "gettext-in-fstring", ast.unparse(sub))
        self.generic_visit(node)

    def visit_Constant(self, node: ast.Constant) -> None:  # noqa: N802 - ast API
        if (
            isinstance(node.value, str)
            and not self._gettext_depth
            and id(node) not in self._docstrings
            and id(node) not in self._data
            and not REGEX.search(node.value)
            and (ACCENTED.search(node.value) or _french_phrase(node.value))
        ):
            self._add(node, "french", node.value)


def scan_source(source: str, module: str = "<test>") -> list[Finding]:
    """Every finding of the three rules in one module's source."""
    scanner = _Scanner(module)
    scanner.visit(ast.parse(source))
    # a message literal that is also French is one finding, not two
    message_lines = {(f.line, f.text) for f in scanner.findings if f.rule == "message"}
    return [
        f
        for f in scanner.findings
        if not (f.rule == "french" and any(f.line == line for line, _ in message_lines))
    ]


def _module(path: Path) -> str:
    return path.relative_to(SRC).as_posix()


def scan_package() -> dict[str, list[Finding]]:
    """Findings by module (``corpus/_report.py``) over the whole package."""
    found: dict[str, list[Finding]] = {}
    for path in sorted(SRC.rglob("*.py")):
        module = _module(path)
        findings = scan_source(path.read_text(encoding="utf-8"), module)
        findings = [
            f
            for f in findings
            if not (
                f.rule == "french"
                and (module in FRENCH_DATA_ALLOWED or (module, f.text) in FRENCH_VALUES_ALLOWED)
            )
        ]
        if findings:
            found[module] = findings
    return found


# --- the scanner on synthetic sources: each rule can fail -----------------------------------


@pytest.mark.parametrize(
    "source",
    [
        'raise ValueError("not a valid file")',
        'raise ValueError(f"not a valid file: {path}")',
        'raise InputError(path, "bad line", hint="fix it")',
        'raise InputError(path, _("bad line"), hint="fix it")',
        'raise ConfigError("bad {x}".format(x=1))',
        'raise ConfigError("bad " + name)',
        'print("Files read:", n)',
        'print(f"Files read: {n}")',
        'warnings.warn("column dropped")',
        'logger.warning("column %s dropped", name)',
        'log.error(f"cannot read {path}")',
        'parser.add_argument("--project", help="the project folder")',
        'sub.add_parser("run", description="run everything")',
        'argparse.ArgumentParser(prog="x", epilog="see the docs")',
        'progress(items, desc="Reading files")',
        'tqdm(items, desc=f"Reading {n} files")',
        'report.add("warning", path, "empty line", where=3)',
        'report.skip(path, "not a valid .docx (damaged)")',
        'notices.append(f"{n} documents dropped")',
        'doc.warn("no header; read anyway", f"line {n}")',
        'warn(f"empty cell {n}", column)',
        'Issue("warning", path, f"{n} turns without a speaker label")',
        'Problem(name, row, column, f"{value} is not a number")',
    ],
)
def test_scanner_finds_unwrapped_messages(source):
    findings = scan_source(source)
    assert findings and {f.rule for f in findings} == {"message"}, findings


@pytest.mark.parametrize(
    "source",
    [
        'raise ValueError(_("not a valid file"))',
        'raise ValueError(_("not a valid file: {path}").format(path=path))',
        'raise InputError(path, _("bad line"), hint=_("fix it"))',
        "raise KeyError(name)",
        "raise ValueError(message)",
        'print(_("Files read: {n}").format(n=n))',
        'print(ngettext("{n} file", "{n} files", n).format(n=n))',
        "print(json.dumps(data))",
        "print()",
        'logger.debug("internal state %s", state)',
        'parser.add_argument("--project", help=_("the project folder"))',
        'progress(items, desc=_("Reading files"))',
        'report.add("warning", path, _("empty line"), where=3)',
        'LABELS = {"x": N_("Label")}',
        "print(_(LABELS[key]))",
        'value = row["territoire"]',
        'x = "Not French at all, the file is read."',
        "raise SystemExit(1)",
        'raise ValueError("", 1)',
    ],
)
def test_scanner_accepts_wrapped_messages_and_non_messages(source):
    assert scan_source(source) == []


@pytest.mark.parametrize(
    "source",
    [
        'x = "élus"',
        'LABEL = "Fichiers non chargés"',
        'line = f"{n} documents dans le corpus"',
        'text = "aucun document pour ce territoire"',
        'def f():\n    return {"why": "la colonne est vide"}',
    ],
)
def test_scanner_finds_french_literals_outside_gettext(source):
    assert [f.rule for f in scan_source(source)] == ["french"]


@pytest.mark.parametrize(
    "source",
    [
        'WORDS = set("lieu date durée titre de la".split())',
        'PATTERN = re.compile(r"\\b(élu|maire)\\b")',
        'ROLE = r"\\b(?:comment|pourquoi|où)\\b"',
        'STANCES = {"1": "pour", "-1": "contre"}',
        'if key == "colonne": pass',
    ],
)
def test_scanner_leaves_french_data_alone(source):
    """Word lists, patterns and lone words are data (lexicons, codes), not messages."""
    assert scan_source(source) == []


def test_scanner_ignores_docstrings_and_translated_french():
    source = (
        '"""Module : les données."""\ndef f():\n    """Les fichiers."""\n    return _("Files")\n'
    )
    assert scan_source(source) == []


@pytest.mark.parametrize(
    "source",
    [
        'print(_(f"Files read: {n}"))',
        'print(_("Files read: " + str(n)))',
        'print(ngettext(f"{n} file", "{n} files", n))',
        'print(_("Files: {n}".format(n=n)))',
    ],
)
def test_scanner_finds_non_literals_inside_gettext(source):
    assert "fstring-in-gettext" in [f.rule for f in scan_source(source)]


@pytest.mark.parametrize(
    "source",
    [
        "print(f\"{_('no.'):>4} {n}\")",
        "label = f\"{t or _('Untitled')} ({d})\"",
    ],
)
def test_scanner_finds_gettext_inside_an_fstring(source):
    assert "gettext-in-fstring" in [f.rule for f in scan_source(source)]


def test_scanner_accepts_a_translated_name_inside_an_fstring():
    assert scan_source('text = f"{label} {_(AUTO_MARK)}"') == []


def test_scanner_catches_a_new_unwrapped_raise_in_a_converted_module():
    """The guard the rule asks for: an unwrapped ``raise ValueError("...")`` added to a module of
    the package is reported under that module."""
    path = SRC / "corpus" / "_report.py"
    source = (
        path.read_text(encoding="utf-8") + '\n\ndef _bad():\n    raise ValueError("oops, bad")\n'
    )
    findings = scan_source(source, _module(path))
    assert [f.text for f in findings if f.rule == "message"] == ["'oops, bad'"]


# --- the package ----------------------------------------------------------------------------


def test_no_user_facing_string_is_left_untranslated():
    found = scan_package()
    lines = [str(f) for fs in found.values() for f in fs]
    assert not lines, f"{len(lines)} untranslated strings:\n" + "\n".join(lines[:60])


def test_the_allow_lists_name_what_exists():
    """An entry that no longer applies (module or literal removed) must leave the lists."""
    missing = sorted(m for m in FRENCH_DATA_ALLOWED if not (SRC / m).exists())
    assert not missing, f"FRENCH_DATA_ALLOWED names modules that no longer exist: {missing}"
    for module, literal in FRENCH_VALUES_ALLOWED:
        source = (SRC / module).read_text(encoding="utf-8")
        assert repr(literal) in source or f'"{literal}"' in source, (module, literal)
