#!/usr/bin/env python3
"""Render the fictional demo corpus of transfo-analysis.

Reads every ``tools/demo_corpus/sources/**/*.md`` (YAML front matter followed by
``LABEL: text`` turns, see ``SPEC.md``) and writes the rendered interviews to
``data/raw/<territory>/entretiens/<id>.<ext>`` (``method: atelier`` goes to
``data/raw/<territory>/ateliers/``).  Files found in ``tools/demo_corpus/static/``
are copied verbatim to the same relative path under ``data/raw/``.

The output is deterministic: the same sources give byte-identical files (all
pseudo-random choices are seeded from the interview id, zip members and document
properties carry fixed dates derived from the interview date).

Usage (from the repository root)::

    python tools/demo_corpus/build.py            # render everything, print a summary
    python tools/demo_corpus/build.py --check    # parse and count words, write nothing
    python tools/demo_corpus/build.py --only val-u03 --out /tmp/x --format trs

Front-matter keys understood (besides those of SPEC.md):

``format``        txt | docx | odt | vtt | srt | textgrid | trs | xml
``label_style``   names | letters | qr | roles | initials
``roles_style``   brackets ("[Enquêtrice]", "[Usager]") | colon ("Enquêteur·rice :", "Agent :");
                  only for label_style roles, default chosen from the id
``timestamps``    true: prefix every turn with ``[hh:mm:ss]`` (txt, docx, odt)
``filename``      output file name without extension (default: the id)
``encoding``      utf-8 (default) | utf-8-sig | cp1252 (txt, vtt, srt, xml; TextGrid is always
                  UTF-8, trs always ISO-8859-1)
``newline``       lf (default) | crlf (text formats)
``bold_labels``   true: in docx/odt, the label is a separate bold run
``cue_ids``       true/false: numbered cue identifiers in vtt (default chosen from the id)
``title``, ``lieu``  header lines of txt/docx/odt (defaults derived from territory and service)

Speakers may carry ``label:`` to force their label in the roles style
(e.g. ``label: "Participant 3"`` gives ``[Participant 3]``).  Body lines starting
with ``## `` are section headings (rendered in txt/docx/odt only, ignored in timed
formats).  Single-line ``<!-- comments -->`` are ignored.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import random
import re
import shutil
import sys
import unicodedata
import zipfile
import zlib
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
DEFAULT_SOURCES = HERE / "sources"
DEFAULT_STATIC = HERE / "static"
DEFAULT_OUT = REPO / "data" / "raw"

FORMATS = ("txt", "docx", "odt", "vtt", "srt", "textgrid", "trs", "xml")
TIMED_FORMATS = ("vtt", "srt", "textgrid", "trs", "xml")
LABEL_STYLES = ("names", "letters", "qr", "roles", "initials")
ENCODINGS = ("utf-8", "utf-8-sig", "cp1252")
WORD_GOAL = 60_000
WORDS_MIN, WORDS_MAX = 1300, 1700
TURNS_MIN, TURNS_MAX = 25, 60

TERRITORY_NAMES = {
    "valcourt": "Métropole de Valcourt",
    "sarne": "Pays de la Sarne",
    "bourg-senac": "Ville de Bourg-Sénac",
    "hautes-combes": "Communauté de communes des Hautes-Combes",
    "valliere": "Département de la Vallière",
}

SERVICE_NAMES = {
    "transports": "transports",
    "etat-civil": "état civil",
    "accueil": "accueil",
    "accueil-social": "accueil social",
    "action-sociale": "action sociale",
    "apa-aide-a-domicile": "APA et aide à domicile",
    "ccas": "CCAS",
    "dechets": "déchets",
    "eau-assainissement": "eau et assainissement",
    "france-services": "France services",
    "numerique": "numérique",
    "petite-enfance": "petite enfance",
    "relation-usagers": "relation aux usagers",
    "rsa-insertion": "RSA et insertion",
    "titres-identite": "titres d'identité",
    "transport-a-la-demande": "transport à la demande",
}

# Role nouns used by label_style "roles".
ROLE_NOUNS_BRACKETS = {  # role -> (feminine, masculine, unknown)
    "enqueteur": ("Enquêtrice", "Enquêteur", "Enquêteur·rice"),
    "usager": ("Usagère", "Usager", "Usager"),
    "agent": ("Agente", "Agent", "Agent"),
    "encadrant": ("Encadrante", "Encadrant", "Encadrant·e"),
    "elu": ("Élue", "Élu", "Élu·e"),
}
ROLE_NOUNS_COLON = {
    "enqueteur": "Enquêteur·rice",
    "usager": "Usager",
    "agent": "Agent",
    "encadrant": "Encadrant·e",
    "elu": "Élu·e",
}

WORDS_PER_SECOND = 2.6
ANNOT_RE = re.compile(r"\[[^\]]*\]")
HAS_WORD_RE = re.compile(r"[^\W_]")
TURN_RE = re.compile(r"^\s*([A-Za-z][A-Za-z0-9_]*)\s*:\s?(.*)$")
SENT_END = (".", "?", "!", "…")
CLAUSE_END = (".", "?", "!", "…", ",", ";", ":")


# --------------------------------------------------------------------------- model


@dataclass
class Speaker:
    key: str
    name: str
    role: str
    genre: str | None = None
    age: int | None = None
    label: str | None = None  # forced label (roles style)

    @property
    def is_interviewer(self) -> bool:
        return self.role == "enqueteur"


@dataclass
class Turn:
    speaker: str | None  # None for a heading
    text: str
    line: int
    heading: bool = False
    start: float = 0.0
    end: float = 0.0
    overlap: bool = False  # a backchannel overlapping the end of the previous turn

    @property
    def words(self) -> int:
        return count_words(self.text)


@dataclass
class Doc:
    path: Path
    meta: dict
    speakers: dict[str, Speaker]
    turns: list[Turn]
    warnings: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        return str(self.meta["id"])

    @property
    def territory(self) -> str:
        return str(self.meta["territory"])

    @property
    def fmt(self) -> str:
        return str(self.meta["format"])

    @property
    def method(self) -> str:
        return str(self.meta.get("method", "entretien"))

    @property
    def date(self) -> dt.date:
        d = self.meta["date"]
        if isinstance(d, dt.datetime):
            return d.date()
        if isinstance(d, dt.date):
            return d
        return dt.date.fromisoformat(str(d))

    @property
    def speech(self) -> list[Turn]:
        return [t for t in self.turns if not t.heading]

    @property
    def words(self) -> int:
        return sum(t.words for t in self.speech)

    def flag(self, name: str, default: bool = False) -> bool:
        v = self.meta.get(name, default)
        return bool(v)


class SourceError(Exception):
    pass


# --------------------------------------------------------------------------- helpers


def count_words(text: str) -> int:
    """Words of a turn: whitespace tokens holding a letter or digit, annotations excluded."""
    return sum(1 for tok in ANNOT_RE.sub(" ", text).split() if HAS_WORD_RE.search(tok))


def stable_int(*parts: str) -> int:
    return zlib.crc32("\x1f".join(parts).encode("utf-8"))


def ascii_fold(s: str) -> str:
    return unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode("ascii")


def initials(name: str) -> str:
    parts = [p for p in re.split(r"[\s\-]+", name.strip()) if p]
    return "".join(p[0].upper() for p in parts)


def hms(t: float) -> str:
    s = int(t)
    return f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}"


def ts_vtt(t: float, sep: str = ".") -> str:
    ms = int(round(t * 1000))
    h, ms = divmod(ms, 3_600_000)
    m, ms = divmod(ms, 60_000)
    s, ms = divmod(ms, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}"


def fnum(t: float) -> str:
    """Seconds as Praat / Transcriber write them: no useless trailing zeros."""
    s = f"{t:.3f}".rstrip("0").rstrip(".")
    return s or "0"


def fr_date(d: dt.date) -> str:
    return d.strftime("%d/%m/%Y")


def write_text(path: Path, text: str, doc: Doc, encoding: str | None = None) -> None:
    enc = encoding or str(doc.meta.get("encoding", "utf-8")).lower()
    if doc.meta.get("newline", "lf") == "crlf":
        text = text.replace("\r\n", "\n").replace("\n", "\r\n")
    try:
        data = text.encode(enc)
    except UnicodeEncodeError as exc:
        bad = text[exc.start : exc.end]
        raise SourceError(f"{doc.path}: character {bad!r} cannot be encoded in {enc}") from exc
    path.write_bytes(data)


def normalize_zip(data: bytes, when: dt.date) -> bytes:
    """Rewrite a zip container with fixed member dates (byte-identical rebuilds)."""
    stamp = (when.year, when.month, when.day, 18, 0, 0)
    zin = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            content = zin.read(info.filename)
            zi = zipfile.ZipInfo(info.filename, date_time=stamp)
            zi.compress_type = info.compress_type
            zi.create_system = 3
            zi.external_attr = 0o644 << 16
            zout.writestr(zi, content)
    return out.getvalue()


# --------------------------------------------------------------------------- parsing


def parse_source(path: Path) -> Doc:
    raw = path.read_text(encoding="utf-8")
    if raw.startswith("\ufeff"):
        raw = raw[1:]
    lines = raw.splitlines()
    if not lines or lines[0].strip() != "---":
        raise SourceError(f"{path}: missing YAML front matter (first line must be ---)")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        raise SourceError(f"{path}: unterminated YAML front matter") from None
    try:
        meta = yaml.safe_load("\n".join(lines[1:end])) or {}
    except yaml.YAMLError as exc:
        raise SourceError(f"{path}: invalid YAML front matter: {exc}") from None

    for key in ("id", "territory", "date", "format", "speakers"):
        if key not in meta:
            raise SourceError(f"{path}: front matter lacks '{key}'")
    meta.setdefault("method", "entretien")
    meta.setdefault("label_style", "names")
    meta["format"] = str(meta["format"]).lower()
    if meta["format"] not in FORMATS:
        raise SourceError(
            f"{path}: unknown format {meta['format']!r} (one of {', '.join(FORMATS)})"
        )
    if meta["label_style"] not in LABEL_STYLES:
        raise SourceError(f"{path}: unknown label_style {meta['label_style']!r}")
    enc = str(meta.get("encoding", "utf-8")).lower()
    if enc not in ENCODINGS:
        raise SourceError(f"{path}: unsupported encoding {enc!r} (one of {', '.join(ENCODINGS)})")
    meta["encoding"] = enc
    if meta.get("newline", "lf") not in ("lf", "crlf"):
        raise SourceError(f"{path}: newline must be lf or crlf")

    speakers: dict[str, Speaker] = {}
    if not isinstance(meta["speakers"], dict) or not meta["speakers"]:
        raise SourceError(f"{path}: 'speakers' must be a mapping LABEL -> {{name, role, ...}}")
    for key, info in meta["speakers"].items():
        if not isinstance(info, dict) or "name" not in info or "role" not in info:
            raise SourceError(f"{path}: speaker {key} needs at least name and role")
        role = str(info["role"]).lower()
        if role not in ROLE_NOUNS_BRACKETS:
            raise SourceError(f"{path}: speaker {key} has unknown role {role!r}")
        genre = info.get("genre")
        speakers[str(key)] = Speaker(
            key=str(key),
            name=str(info["name"]).strip(),
            role=role,
            genre=str(genre).upper() if genre else None,
            age=info.get("age"),
            label=str(info["label"]) if info.get("label") else None,
        )

    turns: list[Turn] = []
    warnings: list[str] = []
    continuation_lines = 0
    for lineno in range(end + 1, len(lines)):
        line = lines[lineno].strip()
        if not line or (line.startswith("<!--") and line.endswith("-->")):
            continue
        if line.startswith("## "):
            turns.append(Turn(None, line[3:].strip(), lineno + 1, heading=True))
            continue
        m = TURN_RE.match(line)
        if m and m.group(1) in speakers:
            text = " ".join(m.group(2).split())
            if not text:
                raise SourceError(f"{path}:{lineno + 1}: empty turn")
            turns.append(Turn(m.group(1), text, lineno + 1))
        elif m and m.group(1).isupper() and len(m.group(1)) <= 5:
            raise SourceError(f"{path}:{lineno + 1}: unknown speaker label {m.group(1)!r}")
        elif turns and not turns[-1].heading:
            turns[-1].text += " " + " ".join(line.split())
            continuation_lines += 1
        else:
            raise SourceError(f"{path}:{lineno + 1}: text before the first turn")
    if continuation_lines:
        warnings.append(f"{continuation_lines} line(s) without label appended to the previous turn")
    if not any(not t.heading for t in turns):
        raise SourceError(f"{path}: no turns")
    if str(meta["id"]) != path.stem:
        warnings.append(f"id {meta['id']!r} differs from the file name {path.stem!r}")
    if path.parent.name != str(meta["territory"]):
        warnings.append(
            f"territory {meta['territory']!r} differs from the folder {path.parent.name!r}"
        )
    return Doc(path, meta, speakers, turns, warnings)


# --------------------------------------------------------------------------- labels


def roles_style(doc: Doc) -> str:
    style = doc.meta.get("roles_style")
    if style in ("brackets", "colon"):
        return style
    return "brackets" if stable_int("roles", doc.id) % 2 == 0 else "colon"


def compute_labels(doc: Doc) -> dict[str, str]:
    """Speaker key -> label as printed in txt/docx/odt/vtt/srt (without ' :' or brackets)."""
    style = doc.meta["label_style"]
    spk = list(doc.speakers.values())
    labels: dict[str, str] = {}
    if style == "names":
        labels = {s.key: s.name for s in spk}
    elif style in ("letters", "qr"):
        interviewer_letter = "E" if style == "letters" else "Q"
        n_int = n_resp = 0
        for s in spk:
            if s.is_interviewer:
                n_int += 1
                labels[s.key] = interviewer_letter + ("" if n_int == 1 else str(n_int))
            else:
                n_resp += 1
                labels[s.key] = "R" + ("" if n_resp == 1 else str(n_resp))
    elif style == "initials":
        for s in spk:
            labels[s.key] = initials(s.name)
    elif style == "roles":
        rstyle = roles_style(doc)
        for s in spk:
            if s.label:
                labels[s.key] = s.label
            elif rstyle == "brackets":
                fem, masc, unk = ROLE_NOUNS_BRACKETS[s.role]
                labels[s.key] = fem if s.genre == "F" else masc if s.genre == "M" else unk
            else:
                labels[s.key] = ROLE_NOUNS_COLON[s.role]
    # disambiguate duplicates: "Usager" x2 -> "Usager 1", "Usager 2"; "JM" x2 -> "JM", "JM2"
    groups: dict[str, list[str]] = defaultdict(list)
    for key, lab in labels.items():
        groups[lab].append(key)
    for lab, keys in groups.items():
        if len(keys) > 1:
            for i, key in enumerate(keys, 1):
                if style == "roles":
                    labels[key] = f"{lab} {i}"
                else:
                    labels[key] = lab if i == 1 else f"{lab}{i}"
    return labels


def label_prefix(doc: Doc, label: str) -> str:
    """The printed speaker marker: '[Usager]' or 'Julie Marchand :'."""
    if doc.meta["label_style"] == "roles" and roles_style(doc) == "brackets":
        return f"[{label}]"
    return f"{label} :"


def xml_codes(doc: Doc) -> dict[str, str]:
    codes: dict[str, str] = {}
    used: set[str] = set()
    for s in doc.speakers.values():
        base = ascii_fold(initials(s.name)) or "LOC"
        if s.is_interviewer:
            base = "ch_" + base
        code, n = base, 1
        while code in used:
            n += 1
            code = f"{base}{n}"
        used.add(code)
        codes[s.key] = code
    return codes


# --------------------------------------------------------------------------- timing


def compute_timeline(doc: Doc) -> float:
    """Give every speech turn a start/end; returns the total duration."""
    rng = random.Random("timeline:" + doc.id)
    speech = doc.speech
    timed = doc.fmt in TIMED_FORMATS
    eligible = []
    for i in range(1, len(speech)):
        cur, prev = speech[i], speech[i - 1]
        if (
            cur.speaker != prev.speaker
            and cur.words <= 3
            and prev.words >= 15
            and "?" not in cur.text
        ):
            if i >= 2 and i - 1 in eligible:
                continue
            eligible.append(i)
    chosen: set[int] = set()
    if timed and eligible:
        k = min(len(eligible), 5, max(2, round(len(eligible) * 0.4)))
        chosen = set(rng.sample(eligible, k))

    cursor = round(rng.uniform(0.8, 4.0), 3)
    for i, turn in enumerate(speech):
        wc = turn.words
        extra = 1.4 * turn.text.count("[pause]") + 0.8 * turn.text.count("[rire]")
        extra += 0.45 * sum(1 for tok in turn.text.split() if tok == "+")
        if i in chosen:
            prev = speech[i - 1]
            prev_dur = prev.end - prev.start
            lead = rng.uniform(0.5, min(1.8, 0.35 * prev_dur))
            turn.start = round(prev.end - lead, 3)
            turn.end = round(turn.start + max(0.35, wc / WORDS_PER_SECOND * 0.7), 3)
            turn.overlap = True
            cursor = round(max(prev.end, turn.end) + rng.uniform(0.15, 0.7), 3)
            continue
        dur = max(0.5, wc / WORDS_PER_SECOND * rng.uniform(0.88, 1.12) + extra)
        turn.start = cursor
        turn.end = round(cursor + dur, 3)
        gap = rng.uniform(0.25, 1.3)
        if turn.text.rstrip().endswith("?"):
            gap += rng.uniform(0.2, 0.9)  # respondents think before answering
        cursor = round(turn.end + gap, 3)
    total = max(t.end for t in speech) + rng.uniform(1.0, 3.0)
    return round(total, 3)


def split_chunks(text: str, max_words: int = 15) -> list[str]:
    """Split a turn into subtitle-sized chunks (<= max_words words), preferring punctuation."""
    tokens = text.split()
    chunks: list[list[str]] = []
    cur: list[str] = []

    def wc(toks: list[str]) -> int:
        return count_words(" ".join(toks))

    for tok in tokens:
        cur.append(tok)
        n = wc(cur)
        if n >= 8 and tok.endswith(SENT_END):
            chunks.append(cur)
            cur = []
        elif n >= max_words:
            cut = None
            for j in range(len(cur) - 1, 0, -1):
                if cur[j - 1].endswith(CLAUSE_END) and wc(cur[:j]) >= 5:
                    cut = j
                    break
            if cut is None:
                chunks.append(cur)
                cur = []
            else:
                chunks.append(cur[:cut])
                cur = cur[cut:]
    if cur:
        if chunks and wc(cur) == 0:
            chunks[-1].extend(cur)
        else:
            chunks.append(cur)
    return [" ".join(c) for c in chunks]


def timed_chunks(turn: Turn, max_words: int = 15) -> list[tuple[float, float, str]]:
    chunks = split_chunks(turn.text, max_words)
    weights = [max(1, count_words(c)) for c in chunks]
    total = sum(weights)
    out, t = [], turn.start
    for c, w in zip(chunks, weights, strict=False):
        d = (turn.end - turn.start) * w / total
        out.append((round(t, 3), round(t + d, 3), c))
        t += d
    return out


# --------------------------------------------------------------------------- headers


def title_of(doc: Doc) -> str:
    if doc.meta.get("title"):
        return str(doc.meta["title"])
    terr = TERRITORY_NAMES.get(doc.territory, doc.territory)
    service = SERVICE_NAMES.get(str(doc.meta.get("service", "")), str(doc.meta.get("service", "")))
    kind = "Atelier" if doc.method == "atelier" else "Entretien"
    return f"{terr} – {kind} {service} ({doc.id})".replace("  ", " ")


def interviewers(doc: Doc) -> list[Speaker]:
    return [s for s in doc.speakers.values() if s.is_interviewer]


def interviewer_phrase(doc: Doc) -> str:
    ints = interviewers(doc)
    if not ints:
        return ""
    if doc.method == "atelier":
        return "Animation : " + ", ".join(s.name for s in ints)
    noun = (
        "Enquêtrice"
        if all(s.genre == "F" for s in ints)
        else "Enquêteur"
        if all(s.genre == "M" for s in ints)
        else "Enquêteur·rice"
    )
    return f"{noun} : " + ", ".join(s.name for s in ints)


def header_lines(doc: Doc, total: float) -> list[str]:
    kind = "Atelier" if doc.method == "atelier" else "Entretien"
    lines = [title_of(doc), f"{kind} réalisé le {fr_date(doc.date)}"]
    if doc.meta.get("lieu"):
        lines.append(f"Lieu : {doc.meta['lieu']}")
    if len(lines) < 4:
        if stable_int("header", doc.id) % 2 == 0:
            lines.append(f"Durée : {max(1, round(total / 60))} min")
        elif interviewers(doc):
            lines.append(interviewer_phrase(doc))
    return lines[:4]


def metadata_paragraph(doc: Doc, total: float) -> str:
    kind = "Atelier" if doc.method == "atelier" else "Entretien"
    parts = [f"{kind} réalisé le {fr_date(doc.date)}"]
    if doc.meta.get("lieu"):
        parts.append(f"Lieu : {doc.meta['lieu']}")
    if interviewers(doc):
        parts.append(interviewer_phrase(doc))
    parts.append(f"Durée : {max(1, round(total / 60))} min")
    return " – ".join(parts)


# --------------------------------------------------------------------------- renderers


def turn_line(doc: Doc, labels: dict[str, str], turn: Turn) -> str:
    prefix = f"[{hms(turn.start)}] " if doc.flag("timestamps") else ""
    return f"{prefix}{label_prefix(doc, labels[turn.speaker])} {turn.text}"


def render_txt(doc: Doc, path: Path, total: float) -> None:
    labels = compute_labels(doc)
    blank_between = stable_int("txt-sep", doc.id) % 3 != 0
    out = header_lines(doc, total) + [""]
    body: list[str] = []
    for turn in doc.turns:
        if turn.heading:
            body.append(turn.text.upper())
        else:
            body.append(turn_line(doc, labels, turn))
    out.extend(("\n\n" if blank_between else "\n").join(body).split("\n"))
    write_text(path, "\n".join(out) + "\n", doc)


def render_docx(doc: Doc, path: Path, total: float) -> None:
    import docx  # python-docx

    labels = compute_labels(doc)
    d = docx.Document()
    d.add_paragraph(title_of(doc), style="Title")
    meta_p = d.add_paragraph()
    meta_p.add_run(metadata_paragraph(doc, total)).italic = True
    bold = doc.flag("bold_labels")
    for turn in doc.turns:
        if turn.heading:
            d.add_paragraph(turn.text, style="Heading 2")
            continue
        p = d.add_paragraph()
        prefix = f"[{hms(turn.start)}] " if doc.flag("timestamps") else ""
        marker = label_prefix(doc, labels[turn.speaker])
        if bold:
            if prefix:
                p.add_run(prefix)
            p.add_run(marker).bold = True
            p.add_run(" " + turn.text)
        else:
            p.add_run(f"{prefix}{marker} {turn.text}")
    when = dt.datetime(doc.date.year, doc.date.month, doc.date.day, 18, 0, 0)
    cp = d.core_properties
    cp.title = title_of(doc)
    cp.author = ", ".join(s.name for s in interviewers(doc)) or TERRITORY_NAMES.get(
        doc.territory, ""
    )
    cp.last_modified_by = cp.author
    cp.created = when
    cp.modified = when
    cp.last_printed = when
    cp.revision = 1
    cp.language = "fr-FR"
    cp.subject = TERRITORY_NAMES.get(doc.territory, doc.territory)
    cp.keywords = "la Transfo; corpus de démonstration; fictif"
    cp.comments = "Corpus de démonstration entièrement fictif (transfo-analysis)."
    cp.category = doc.method
    cp.identifier = doc.id
    buf = io.BytesIO()
    d.save(buf)
    path.write_bytes(normalize_zip(buf.getvalue(), doc.date))


def render_odt(doc: Doc, path: Path, total: float) -> None:
    from odf import dc, meta
    from odf.opendocument import OpenDocumentText
    from odf.style import ParagraphProperties, Style, TextProperties
    from odf.text import H, P, Span

    labels = compute_labels(doc)
    od = OpenDocumentText()
    st_title = Style(name="Titre", family="paragraph")
    st_title.addElement(TextProperties(fontsize="16pt", fontweight="bold"))
    st_title.addElement(ParagraphProperties(marginbottom="0.3cm"))
    st_meta = Style(name="Metadonnees", family="paragraph")
    st_meta.addElement(TextProperties(fontstyle="italic"))
    st_meta.addElement(ParagraphProperties(marginbottom="0.4cm"))
    st_turn = Style(name="Tour", family="paragraph")
    st_turn.addElement(ParagraphProperties(marginbottom="0.2cm"))
    st_head = Style(name="Intertitre", family="paragraph")
    st_head.addElement(TextProperties(fontsize="13pt", fontweight="bold"))
    for s in (st_title, st_meta, st_turn, st_head):
        od.styles.addElement(s)
    st_bold = Style(name="Locuteur", family="text")
    st_bold.addElement(TextProperties(fontweight="bold"))
    od.automaticstyles.addElement(st_bold)

    od.text.addElement(P(stylename=st_title, text=title_of(doc)))
    od.text.addElement(P(stylename=st_meta, text=metadata_paragraph(doc, total)))
    bold = doc.flag("bold_labels")
    for turn in doc.turns:
        if turn.heading:
            od.text.addElement(H(outlinelevel=2, stylename=st_head, text=turn.text))
            continue
        prefix = f"[{hms(turn.start)}] " if doc.flag("timestamps") else ""
        marker = label_prefix(doc, labels[turn.speaker])
        if bold:
            p = P(stylename=st_turn)
            if prefix:
                p.addText(prefix)
            p.addElement(Span(stylename=st_bold, text=marker))
            p.addText(" " + turn.text)
        else:
            p = P(stylename=st_turn, text=f"{prefix}{marker} {turn.text}")
        od.text.addElement(p)
    stamp = f"{doc.date.isoformat()}T18:00:00"
    author = ", ".join(s.name for s in interviewers(doc))
    od.meta.addElement(dc.Title(text=title_of(doc)))
    od.meta.addElement(dc.Language(text="fr-FR"))
    od.meta.addElement(dc.Date(text=stamp))
    od.meta.addElement(meta.CreationDate(text=stamp))
    if author:
        od.meta.addElement(meta.InitialCreator(text=author))
        od.meta.addElement(dc.Creator(text=author))
    buf = io.BytesIO()
    od.write(buf)
    path.write_bytes(normalize_zip(buf.getvalue(), doc.date))


def render_vtt(doc: Doc, path: Path, total: float) -> None:
    labels = compute_labels(doc)
    cue_ids = doc.meta.get("cue_ids")
    if cue_ids is None:
        cue_ids = stable_int("cue-ids", doc.id) % 2 == 0
    cues = []
    for turn in doc.speech:
        for s, e, text in timed_chunks(turn):
            cues.append((s, e, labels[turn.speaker], text))
    cues.sort(key=lambda c: c[0])
    out = ["WEBVTT", ""]
    for n, (s, e, lab, text) in enumerate(cues, 1):
        if cue_ids:
            out.append(str(n))
        out.append(f"{ts_vtt(s)} --> {ts_vtt(e)}")
        out.append(f"<v {lab}>{text}")
        out.append("")
    write_text(path, "\n".join(out), doc)


def render_srt(doc: Doc, path: Path, total: float) -> None:
    labels = compute_labels(doc)
    cues = []
    for turn in doc.speech:
        for s, e, text in timed_chunks(turn):
            cues.append((s, e, labels[turn.speaker], text))
    cues.sort(key=lambda c: c[0])
    out = []
    for n, (s, e, lab, text) in enumerate(cues, 1):
        out += [str(n), f"{ts_vtt(s, ',')} --> {ts_vtt(e, ',')}", f"{lab}: {text}", ""]
    write_text(path, "\n".join(out), doc)


def tier_name(s: Speaker) -> str:
    return f"{s.name} (ENQ)" if s.is_interviewer else s.name


def render_textgrid(doc: Doc, path: Path, total: float) -> None:
    order = [s for s in doc.speakers.values() if s.is_interviewer] + [
        s for s in doc.speakers.values() if not s.is_interviewer
    ]
    out = [
        'File type = "ooTextFile"',
        'Object class = "TextGrid"',
        "",
        "xmin = 0 ",
        f"xmax = {fnum(total)} ",
        "tiers? <exists> ",
        f"size = {len(order)} ",
        "item []: ",
    ]
    for ti, spk in enumerate(order, 1):
        segs: list[list] = []
        for turn in doc.speech:
            if turn.speaker != spk.key:
                continue
            s, e, text = turn.start, turn.end, turn.text
            if segs and s < segs[-1][1]:  # defensive: never overlap inside a tier
                if e <= segs[-1][1]:
                    segs[-1][2] += " " + text
                    continue
                s = segs[-1][1]
            segs.append([s, e, text])
        intervals: list[tuple[float, float, str]] = []
        t = 0.0
        for s, e, text in segs:
            if s > t:
                intervals.append((t, s, ""))
            intervals.append((s, e, text))
            t = e
        if t < total:
            intervals.append((t, total, ""))
        out += [
            f"    item [{ti}]:",
            '        class = "IntervalTier" ',
            f'        name = "{tier_name(spk)}" ',
            "        xmin = 0 ",
            f"        xmax = {fnum(total)} ",
            f"        intervals: size = {len(intervals)} ",
        ]
        for k, (s, e, text) in enumerate(intervals, 1):
            out += [
                f"        intervals [{k}]:",
                f"            xmin = {fnum(s)} ",
                f"            xmax = {fnum(e)} ",
                '            text = "{}" '.format(text.replace('"', '""')),
            ]
    write_text(path, "\n".join(out) + "\n", doc, encoding="utf-8")  # Praat reads UTF-8 (or UTF-16)


def _sync_segments(text: str, start: float, end: float) -> list[tuple[float, str]]:
    """Cut a turn into Transcriber segments of about 20-30 words, each with its Sync time."""
    chunks = split_chunks(text, max_words=28)
    # glue very short chunks to keep segments breath-group sized
    merged: list[str] = []
    for c in chunks:
        if merged and count_words(merged[-1]) < 12:
            merged[-1] += " " + c
        else:
            merged.append(c)
    weights = [max(1, count_words(c)) for c in merged]
    tot = sum(weights)
    out, t = [], start
    for c, w in zip(merged, weights, strict=False):
        out.append((round(t, 3), c))
        t += (end - start) * w / tot
    return out


def render_trs(doc: Doc, path: Path, total: float) -> None:
    spk_ids = {s.key: f"spk{i}" for i, s in enumerate(doc.speakers.values(), 1)}
    speech = doc.speech
    # 1. build Transcriber turns: (start, end, [(speaker_key, [(sync_time, text)])])
    tturns: list[dict] = []
    i = 0
    while i < len(speech):
        cur = speech[i]
        nxt = speech[i + 1] if i + 1 < len(speech) else None
        if nxt is not None and nxt.overlap:
            toks = cur.text.split()
            frac = (nxt.start - cur.start) / max(0.001, cur.end - cur.start)
            cut = min(len(toks) - 1, max(1, round(len(toks) * frac)))
            first, last = " ".join(toks[:cut]), " ".join(toks[cut:])
            tturns.append(
                {
                    "start": cur.start,
                    "end": nxt.start,
                    "parts": [(cur.speaker, _sync_segments(first, cur.start, nxt.start))],
                }
            )
            tturns.append(
                {
                    "start": nxt.start,
                    "end": max(cur.end, nxt.end),
                    "who": True,
                    "parts": [
                        (cur.speaker, [(nxt.start, last)]),
                        (nxt.speaker, [(nxt.start, nxt.text)]),
                    ],
                }
            )
            i += 2
            continue
        tturns.append(
            {
                "start": cur.start,
                "end": cur.end,
                "parts": [(cur.speaker, _sync_segments(cur.text, cur.start, cur.end))],
            }
        )
        i += 1
    # 2. contiguous timeline: each turn lasts until the next one starts
    for a, b in zip(tturns, tturns[1:], strict=False):
        if a["end"] < b["start"]:
            a["end"] = b["start"]
        elif b["start"] < a["end"]:
            b["start"] = a["end"]
    tturns[-1]["end"] = max(tturns[-1]["end"], total)

    def sp_type(s: Speaker) -> str:
        return {"F": "female", "M": "male"}.get(s.genre or "", "unknown")

    scribe = ", ".join(s.name for s in interviewers(doc)) or "transfo"
    out = [
        '<?xml version="1.0" encoding="ISO-8859-1"?>',
        '<!DOCTYPE Trans SYSTEM "trans-14.dtd">',
        '<Trans scribe="{}" audio_filename="{}" version="3" version_date="{}">'.format(
            xml_escape(scribe, {'"': "&quot;"}),
            xml_escape(doc.meta.get("filename") or doc.id),
            doc.date.strftime("%y%m%d"),
        ),
        "<Speakers>",
    ]
    for s in doc.speakers.values():
        out.append(
            '<Speaker id="{}" name="{}" check="no" type="{}" dialect="native" accent="" '
            'scope="local"/>'.format(
                spk_ids[s.key], xml_escape(s.name, {'"': "&quot;"}), sp_type(s)
            )
        )
    out += [
        "</Speakers>",
        "<Episode>",
        f'<Section type="report" startTime="0" endTime="{fnum(total)}">',
    ]
    first = tturns[0]["start"]
    if first > 0:
        out += [f'<Turn startTime="0" endTime="{fnum(first)}">', '<Sync time="0"/>', "</Turn>"]
    for tt in tturns:
        spk_attr = " ".join(spk_ids[k] for k, _ in tt["parts"])
        out.append(
            f'<Turn speaker="{spk_attr}" startTime="{fnum(tt["start"])}" '
            f'endTime="{fnum(tt["end"])}">'
        )
        if tt.get("who"):
            out.append(f'<Sync time="{fnum(tt["start"])}"/>')
            for nb, (_, segs) in enumerate(tt["parts"], 1):
                out.append(f'<Who nb="{nb}"/>')
                out.append(xml_escape(" ".join(t for _, t in segs)))
        else:
            for k, (t, text) in enumerate(tt["parts"][0][1]):
                out.append(f'<Sync time="{fnum(tt["start"] if k == 0 else t)}"/>')
                out.append(xml_escape(text))
        out.append("</Turn>")
    out += ["</Section>", "</Episode>", "</Trans>", ""]
    text = "\n".join(out)
    if doc.meta.get("newline", "lf") == "crlf":
        text = text.replace("\n", "\r\n")
    path.write_bytes(text.encode("iso-8859-1", errors="xmlcharrefreplace"))


def render_xml(doc: Doc, path: Path, total: float) -> None:
    codes = xml_codes(doc)
    enc = doc.meta.get("encoding", "utf-8")
    decl = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8", "cp1252": "windows-1252"}[enc]
    out = [f'<?xml version="1.0" encoding="{decl}"?>', f'<text id="{xml_escape(doc.id)}">']
    for turn in sorted(doc.speech, key=lambda t: t.start):
        out.append(
            f'<u who="{codes[turn.speaker]}" start="{turn.start:.3f}" end="{turn.end:.3f}">'
            f"{xml_escape(turn.text)}</u>"
        )
    out += ["</text>", ""]
    write_text(path, "\n".join(out), doc)


RENDERERS = {
    "txt": render_txt,
    "docx": render_docx,
    "odt": render_odt,
    "vtt": render_vtt,
    "srt": render_srt,
    "textgrid": render_textgrid,
    "trs": render_trs,
    "xml": render_xml,
}
EXTENSIONS = {f: f for f in FORMATS} | {"textgrid": "TextGrid"}


def output_path(doc: Doc, out_root: Path) -> Path:
    sub = "ateliers" if doc.method == "atelier" else "entretiens"
    name = str(doc.meta.get("filename") or doc.id)
    if "/" in name or "\\" in name:
        raise SourceError(f"{doc.path}: filename must not contain a path")
    return out_root / doc.territory / sub / f"{name}.{EXTENSIONS[doc.fmt]}"


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sources", type=Path, default=DEFAULT_SOURCES)
    ap.add_argument("--static", type=Path, default=DEFAULT_STATIC)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument(
        "--only", action="append", default=[], help="render only these ids (repeatable)"
    )
    ap.add_argument("--format", choices=FORMATS, help="override every file's format (for testing)")
    ap.add_argument("--check", action="store_true", help="parse and count, write nothing")
    ap.add_argument(
        "--no-clean",
        action="store_true",
        help="keep stale files in the entretiens/ateliers folders of rendered territories",
    )
    ap.add_argument("-q", "--quiet", action="store_true", help="only the summary tables")
    args = ap.parse_args(argv)
    if args.format and args.out.resolve() == DEFAULT_OUT.resolve():
        ap.error("--format is for testing: give an --out folder outside data/raw")

    errors: list[str] = []
    docs: list[Doc] = []
    for src in sorted(args.sources.rglob("*.md")):
        if src.name.lower() in ("readme.md",) or src.name.startswith(("_", ".")):
            continue
        try:
            doc = parse_source(src)
        except SourceError as exc:
            errors.append(str(exc))
            continue
        if args.only and doc.id not in args.only:
            continue
        if args.format:
            doc.meta["format"] = args.format
        docs.append(doc)

    seen_ids: dict[str, Path] = {}
    seen_paths: dict[Path, str] = {}
    written: set[Path] = set()
    rows = []
    for doc in docs:
        if doc.id in seen_ids:
            errors.append(f"{doc.path}: duplicate id {doc.id} (also in {seen_ids[doc.id]})")
            continue
        seen_ids[doc.id] = doc.path
        try:
            target = output_path(doc, args.out)
            if target in seen_paths:
                raise SourceError(
                    f"{doc.path}: output {target} already produced by {seen_paths[target]}"
                )
            seen_paths[target] = doc.id
            total = compute_timeline(doc)
            if not args.check:
                target.parent.mkdir(parents=True, exist_ok=True)
                RENDERERS[doc.fmt](doc, target, total)
                written.add(target.resolve())
        except SourceError as exc:
            errors.append(str(exc))
            continue
        rows.append((doc, target, total))

    copied = []
    if args.static.is_dir() and not args.check and not args.only and not args.format:
        for f in sorted(args.static.rglob("*")):
            if f.is_file() and not f.name.startswith("."):
                dest = args.out / f.relative_to(args.static)
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(f, dest)
                written.add(dest.resolve())
                copied.append(dest)

    removed = []
    if not args.check and not args.no_clean and not args.only and not args.format:
        for terr in sorted({d.territory for d, _, _ in rows}):
            for sub in ("entretiens", "ateliers"):
                folder = args.out / terr / sub
                if folder.is_dir():
                    for f in sorted(folder.iterdir()):
                        if f.is_file() and f.resolve() not in written:
                            f.unlink()
                            removed.append(f)

    # ------------------------------------------------------------ summary
    if not args.quiet:
        print(f"{'id':<22} {'fmt':<8} {'turns':>5} {'words':>6} {'min':>5}  file")
        for doc, target, total in rows:
            notes = []
            if doc.method == "entretien":
                if not WORDS_MIN <= doc.words <= WORDS_MAX:
                    notes.append(f"words outside {WORDS_MIN}-{WORDS_MAX}")
                if not TURNS_MIN <= len(doc.speech) <= TURNS_MAX:
                    notes.append(f"turns outside {TURNS_MIN}-{TURNS_MAX}")
            notes += doc.warnings
            try:
                shown = target.relative_to(REPO)
            except ValueError:
                shown = target
            print(
                f"{doc.id:<22} {doc.fmt:<8} {len(doc.speech):>5} {doc.words:>6} "
                f"{total / 60:>5.1f}  {shown}" + (f"   ! {'; '.join(notes)}" if notes else "")
            )
        print()

    by_terr: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    words_terr: dict[str, int] = defaultdict(int)
    for doc, _, _ in rows:
        by_terr[doc.territory][doc.fmt] += 1
        words_terr[doc.territory] += doc.words
    header = (
        f"{'territory':<15}" + "".join(f"{f:>9}" for f in FORMATS) + f"{'files':>7}{'words':>9}"
    )
    print(header)
    print("-" * len(header))
    for terr in sorted(by_terr):
        counts = by_terr[terr]
        print(
            f"{terr:<15}"
            + "".join(f"{counts.get(f, 0):>9}" for f in FORMATS)
            + f"{sum(counts.values()):>7}{words_terr[terr]:>9}"
        )
    print("-" * len(header))
    total_words = sum(words_terr.values())
    tot_counts = {f: sum(by_terr[t].get(f, 0) for t in by_terr) for f in FORMATS}
    print(
        f"{'total':<15}"
        + "".join(f"{tot_counts[f]:>9}" for f in FORMATS)
        + f"{sum(tot_counts.values()):>7}{total_words:>9}"
    )
    missing = WORD_GOAL - total_words

    def thousands(n: int) -> str:
        return f"{n:,}".replace(",", " ")

    print(
        f"\nTotal words (labels excluded): {thousands(total_words)} / goal {thousands(WORD_GOAL)}"
        + (f" -> {thousands(missing)} to go" if missing > 0 else " -> goal reached")
    )
    if copied:
        print(f"Static files copied: {len(copied)}")
    if removed:
        print(f"Stale files removed: {len(removed)}")
    if args.check:
        print("(--check: nothing written)")
    if errors:
        print(f"\n{len(errors)} error(s):", file=sys.stderr)
        for e in errors:
            print("  " + e, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
