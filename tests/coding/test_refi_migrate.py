"""A new project from another tool's .qdpx: layout, mapping, codings placed, round trip."""

from __future__ import annotations

import collections
import json
import zipfile
from pathlib import Path

import pytest
import yaml

from transfo_analysis import coding
from transfo_analysis.coding.refi import create_project, is_new_project
from transfo_analysis.coding.refi._anchor import carry_span, collapse
from transfo_analysis.config import open_project
from transfo_analysis.corpus import Corpus, load_corpus
from transfo_analysis.corpus.readers import find_label
from transfo_analysis.errors import ConfigError

NS = "urn:QDA-XML:project:1.0"
# hard-wrapped lines and runs of spaces, as NVivo and QualCoder keep transcripts
INTERVIEW = (
    "Enquêtrice :     Bonjour, vous venez souvent à l'accueil de la mairie ?\n"
    "Mme Diallo :     Oui, deux fois par mois, pour les papiers de\n"
    "ma mère. L'attente est longue, parfois une heure debout.\n"
    "Enquêtrice :     Et les horaires vous conviennent ?\n"
    "Mme Diallo :     Non, le samedi c'est fermé et je travaille la\n"
    "semaine. Il faudrait des rendez-vous en ligne.\n"
)
NOTES = "Atelier du 12 mars.\n\nLes habitants demandent plus de bancs.\n\nLe bus du soir manque.\n"


def _span(text: str, snippet: str) -> tuple[int, int]:
    a = text.index(snippet)
    return a, a + len(snippet)


def _selection(guid: str, text: str, snippet: str, code: str, note: str = "") -> str:
    a, b = _span(text, snippet)
    ref = f'<NoteRef targetGUID="{note}"/>' if note else ""
    return (
        f'<PlainTextSelection guid="{guid}" name="s" startPosition="{a}" endPosition="{b}">'
        f'<Coding guid="D{guid[1:]}" creatingUser="U0000000-0000-0000-0000-000000000001">'
        f'<CodeRef targetGUID="{code}"/></Coding>{ref}</PlainTextSelection>'
    )


C_ATTENTE = "C0000000-0000-0000-0000-000000000001"
C_HORAIRES = "C0000000-0000-0000-0000-000000000002"
C_ACCUEIL = "C0000000-0000-0000-0000-000000000003"
S1 = "A0000000-0000-0000-0000-000000000001"
S2 = "A0000000-0000-0000-0000-000000000002"
SNIPPETS = [
    (S1, "L'attente est longue, parfois une heure debout", C_ATTENTE),
    (S1, "le samedi c'est fermé et je travaille la\nsemaine", C_HORAIRES),
    (S1, "Mme Diallo :     Oui, deux fois par mois", C_ACCUEIL),  # label included
    (S1, "Oui, deux fois par mois, pour les papiers de\nma mère.", C_ACCUEIL),  # a whole turn part
    (S2, "Les habitants demandent plus de bancs.", C_ACCUEIL),
]


def write_qdpx(path: Path) -> Path:
    """A small .qdpx as another tool writes it: codes, cases, variables, a memo, two sources."""
    texts = {S1: INTERVIEW, S2: NOTES}
    sels: dict[str, list[str]] = {S1: [], S2: []}
    for i, (src, snippet, code) in enumerate(SNIPPETS):
        note = "F0000000-0000-0000-0000-000000000001" if i == 0 else ""
        sels[src].append(
            _selection(f"B0000000-0000-0000-0000-00000000000{i}", texts[src], snippet, code, note)
        )
    qde = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="{NS}" name="Accueil Sarne" origin="NVivo 14">
<Users><User guid="U0000000-0000-0000-0000-000000000001" name="Claire"/></Users>
<CodeBook><Codes>
 <Code guid="{C_ACCUEIL}" name="Accueil" isCodable="true" color="#1f77b4">
  <Code guid="{C_ATTENTE}" name="Attente" isCodable="true" color="#ff7f0e"/>
  <Code guid="{C_HORAIRES}" name="Horaires" isCodable="true"/>
 </Code>
</Codes></CodeBook>
<Variables>
 <Variable guid="V0000000-0000-0000-0000-000000000001" name="Territoire" typeOfVariable="Text"/>
 <Variable guid="V0000000-0000-0000-0000-000000000002" name="Rôle" typeOfVariable="Text"/>
 <Variable guid="V0000000-0000-0000-0000-000000000003" name="Âge" typeOfVariable="Text"/>
 <Variable guid="V0000000-0000-0000-0000-000000000004" name="Service" typeOfVariable="Text"/>
</Variables>
<Cases>
 <Case guid="K0000000-0000-0000-0000-000000000001" name="Mme Diallo">
  <VariableValue><VariableRef targetGUID="V0000000-0000-0000-0000-000000000002"/><TextValue>usager</TextValue></VariableValue>
  <VariableValue><VariableRef targetGUID="V0000000-0000-0000-0000-000000000003"/><TextValue>45-59</TextValue></VariableValue>
  <SourceRef targetGUID="{S1}"/>
 </Case>
 <Case guid="K0000000-0000-0000-0000-000000000002" name="Site Sarne">
  <VariableValue><VariableRef targetGUID="V0000000-0000-0000-0000-000000000001"/><TextValue>Pays de la Sarne</TextValue></VariableValue>
  <SourceRef targetGUID="{S1}"/><SourceRef targetGUID="{S2}"/>
 </Case>
 <Case guid="K0000000-0000-0000-0000-000000000003" name="Orphelin"><SourceRef targetGUID="Z0000000-0000-0000-0000-000000000009"/></Case>
</Cases>
<Sources>
 <TextSource guid="{S1}" name="Entretien Diallo" plainTextPath="internal://{S1}.txt">
  <VariableValue><VariableRef targetGUID="V0000000-0000-0000-0000-000000000004"/><TextValue>Accueil en mairie</TextValue></VariableValue>
  {"".join(sels[S1])}
 </TextSource>
 <TextSource guid="{S2}" name="Notes atelier" plainTextPath="internal://{S2}.txt">{"".join(sels[S2])}</TextSource>
</Sources>
<Notes><Note guid="F0000000-0000-0000-0000-000000000001" name="attente" creatingUser="U0000000-0000-0000-0000-000000000001"><PlainTextContent>Revoir la file d'attente.</PlainTextContent></Note></Notes>
</Project>"""  # noqa: E501 (XML as another tool writes it: long lines are data)
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("project.qde", qde)
        zf.writestr(f"sources/{S1}.txt", INTERVIEW.replace("\n", "\r\n").encode("utf-8"))
        zf.writestr(f"sources/{S2}.txt", NOTES.encode("utf-8"))
    return path


def speech_snippets(path: Path) -> collections.Counter:
    """(coded speech, code) pairs: whitespace collapsed, a leading speaker label left out."""
    refi = coding.read_qdpx(path)
    texts = dict(zip(refi.sources["guid"], refi.sources["text"], strict=True))
    out: collections.Counter = collections.Counter()
    for c in refi.codings.itertuples():
        snippet = collapse(texts[c.source_guid][c.start : c.end]).strip()
        label = find_label(snippet)
        out[(label.rest if label is not None and label.rest else snippet, c.code)] += 1
    return out


def round_trip(source: Path, root: Path) -> tuple[float, dict]:
    """Import ``source`` into the new project's corpus as read, export it, compare the snippets."""
    project = open_project(root)
    corpus = load_corpus(project, stage="interim")
    with coding.open_store(root / "round-trip.sqlite") as store:
        book, report = coding.import_qdpx(
            source, corpus=corpus, codebook=coding.load_codebook(project), store=store
        )
        coding.export_qdpx(
            corpus, root / "back.qdpx", codebook=book, store=store, allow_identifying=True
        )
    before, after = speech_snippets(source), speech_snippets(root / "back.qdpx")
    kept = sum((before & after).values())
    return kept / max(1, sum(before.values())), report


@pytest.fixture(scope="module")
def migrated(tmp_path_factory) -> tuple[Path, Path, dict]:
    base = tmp_path_factory.mktemp("migrate")
    source = write_qdpx(base / "nvivo.qdpx")
    root = base / "nouveau"
    return source, root, create_project(source, root, show_progress=False)


def test_new_project_layout_and_report(migrated):
    source, root, report = migrated
    assert sorted(p.name for p in (root / "raw").iterdir()) == [
        "entretien-diallo.txt",
        "notes-atelier.txt",
    ]
    assert (root / "imports" / "nvivo.qdpx").read_bytes() == source.read_bytes()
    settings = yaml.safe_load((root / "project.yaml").read_text(encoding="utf-8"))
    assert settings["coding"]["imports"] == ["imports/nvivo.qdpx"]
    assert report["documents"] == 2 and report["codes"] == 3
    assert report["codings_placed"] == 5 and report["codings_unplaced"] == 0
    assert report["documents_by_turns"] == {"tours de parole": 1, "paragraphes": 1}
    assert any("Pays de la Sarne" in m for m in report["mapped"]["territory"])
    assert report["kept_as_attributes"] == ["locuteur « Mme Diallo » : Âge = 45-59"]
    assert report["aside"] == ["cas « Orphelin » : lié à aucune source importée"]
    assert not is_new_project(root)


def test_codes_turns_variables_and_roles_are_mapped(migrated):
    _, root, _ = migrated
    project = open_project(root)
    book = coding.load_codebook(project)
    assert (
        book.get("Attente").parent == "Accueil" and book.get("Attente").colour.lower() == "#ff7f0e"
    )
    corpus = load_corpus(project, stage="interim")
    docs = corpus.documents.set_index("title")
    assert set(docs["territory"]) == {"pays-de-la-sarne"}
    assert docs.at["entretien-diallo", "service"] == "accueil-en-mairie"
    spk = corpus.speakers.set_index("label")
    assert spk.at["Enquêtrice", "role"] == "enqueteur"
    assert spk.at["Mme Diallo", "role"] == "usager"
    assert json.loads(spk.at["Mme Diallo", "attributes"]) == {"Âge": "45-59"}
    notes = corpus.segments[corpus.segments["doc_id"] == docs.at["notes-atelier", "doc_id"]]
    assert len(notes) == 3  # paragraphs, no labels
    turns = corpus.segments[corpus.segments["doc_id"] == docs.at["entretien-diallo", "doc_id"]]
    assert "pour les papiers de ma mère. L'attente est longue" in turns["text"].iloc[1]


def test_round_trip_keeps_the_coded_snippets(migrated):
    source, root, _ = migrated
    share, report = round_trip(source, root)
    assert share == 1.0
    assert report["memos"] == 1 and report["codings_unmapped"] == 0


def test_codings_follow_the_pseudonymised_text(migrated):
    """The coding step places codings on pseudonymised segments through the text as read."""
    source, root, _ = migrated
    project = open_project(root)
    interim = load_corpus(project, stage="interim")
    segs = interim.segments.copy()
    segs["text"] = segs["text"].str.replace("ma mère", "Prénom-7 Nom-3", regex=False)
    processed = Corpus(documents=interim.documents, speakers=interim.speakers, segments=segs)
    with coding.open_store(root / "pseudo.sqlite") as store:
        coding.import_qdpx(
            source,
            corpus=processed,
            codebook=coding.load_codebook(project),
            store=store,
            original=interim,
        )
        rows = store.codings().merge(segs[["segment_id", "text"]], on="segment_id")
    attente = rows[rows["code"] == "Attente"].iloc[0]
    assert attente["text"][int(attente["start"]) : int(attente["end"])] == (
        "L'attente est longue, parfois une heure debout"
    )


@pytest.mark.parametrize(
    ("before", "after", "span", "expected"),
    [
        ("je vois Paul demain", "je vois Prénom-1 demain", (13, 19), "demain"),
        ("je vois Paul demain", "je vois Prénom-1 demain", (8, 10), "Prénom-1"),  # inside a name
        ("rien à changer", "rien à changer", (0, 4), "rien"),
    ],
)
def test_carry_span(before, after, span, expected):
    a, b = carry_span(before, after, *span)
    assert after[a:b] == expected


def test_existing_project_is_refused(migrated, tmp_path):
    source, root, _ = migrated
    with pytest.raises(ConfigError, match="contient déjà un projet"):
        create_project(source, root, show_progress=False)


def test_cli_creates_the_project(tmp_path, capsys):
    from transfo_analysis.cli import main

    source = write_qdpx(tmp_path / "maxqda.qdpx")
    assert main(["qdpx", "import", str(source), "--project", str(tmp_path / "p")]) == 0
    out = capsys.readouterr().out
    assert "Projet créé depuis" in out and "territoire ← " in out
    assert "mis de côté : cas « Orphelin »" in out
    assert (tmp_path / "p" / "interim" / "corpus").is_dir()


@pytest.mark.shared
@pytest.mark.parametrize(
    ("name", "snippets"),
    [
        ("qc-1.3.2__cproctor__demo.qdpx", 205),
        ("atlasti-win-23.2.3__ponte__target-atlas-project.qdpx", 0),
        ("atlasti-win-23.2.3__ponte__blank-atlas-project.qdpx", 0),
    ],
)
def test_real_exports_round_trip(shared, tmp_path, name, snippets):
    source = shared / "refi" / "samples" / name
    report = create_project(source, tmp_path / "p", show_progress=False)
    assert report["codings"] == snippets
    book = coding.load_codebook(open_project(tmp_path / "p"))
    assert len(book) == len(coding.read_qdpx(source).codebook)
    if snippets:
        assert report["codings_unplaced"] == 0
        share, _ = round_trip(source, tmp_path / "p")
        assert share >= 0.99
    else:  # ATLAS.ti's samples hold a codebook and users, no source
        assert report["documents"] == 0 and "aucune source texte" in report["warnings"][-1]


@pytest.mark.shared
def test_taguette_codebook_gives_a_codebook_project(shared, tmp_path):
    source = shared / "refi" / "samples" / "taguette-1.4.1__uto_tag__codebook.qdc"
    create_project(source, tmp_path / "p", show_progress=False)
    book = coding.load_codebook(open_project(tmp_path / "p"))
    assert [c.name for c in book] == [c.name for c in coding.read_qdc(source)[0]]


def test_coding_step_imports_the_migrated_codings(tmp_path):
    """`transfo run`'s coding step reads the .qdpx listed in coding.imports, once."""
    from transfo_analysis.coding import coding_project
    from transfo_analysis.corpus import save_corpus

    root = tmp_path / "p"
    create_project(write_qdpx(tmp_path / "nvivo.qdpx"), root, show_progress=False)
    settings = yaml.safe_load((root / "project.yaml").read_text(encoding="utf-8"))
    settings["coding"]["suggest"] = []  # no token table here: suggestions need `transfo parse`
    (root / "project.yaml").write_text(yaml.safe_dump(settings), encoding="utf-8")
    project = open_project(root)
    interim = load_corpus(project, stage="interim")
    segs = interim.segments.copy()
    segs["text"] = segs["text"].str.replace("ma mère", "Prénom-7", regex=False)
    processed = Corpus(
        documents=interim.documents,
        speakers=interim.speakers,
        segments=segs,
        meta={**interim.meta, "pseudonymised": True},
    )
    save_corpus(processed, project, stage="processed")
    assert coding_project(project)["imported"] == 5
    assert coding_project(project)["imported"] == 0  # GUIDs kept: a rerun adds nothing
    with coding.open_store(project) as store:
        rows = store.codings().merge(segs[["segment_id", "text"]], on="segment_id")
        assert len(store.memos()) == 1
    spans = {
        r.code: r.text if r.start != r.start else r.text[int(r.start) : int(r.end)]
        for r in rows.itertuples()
        if r.code != "Accueil"
    }
    assert spans == {
        "Attente": "L'attente est longue, parfois une heure debout",
        "Horaires": "le samedi c'est fermé et je travaille la semaine",
    }


def test_bad_file_creates_nothing(tmp_path):
    bad = tmp_path / "cassé.qdpx"
    bad.write_bytes(b"PK\x03\x04 truncated")
    with pytest.raises(coding.RefiError):
        create_project(bad, tmp_path / "p", show_progress=False)
    assert not (tmp_path / "p").exists()
