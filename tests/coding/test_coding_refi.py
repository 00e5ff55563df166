"""REFI-QDA: XSD-valid exports, real samples from other tools, round trips, deviations, bad files."""

from __future__ import annotations

import io
import zipfile

import pandas as pd
import pytest

from transfo_analysis.coding import (
    RefiError,
    codebook_from_dict,
    export_qdpx,
    import_qdpx,
    open_store,
    read_qdc,
    read_qdpx,
    write_qdc,
)
from transfo_analysis.coding.refi import render_document
from transfo_analysis.coding.refi._xml import stable_guid
from transfo_analysis.errors import ConfigError

from .conftest import CODEBOOK, make_corpus


@pytest.fixture
def coded_store(tmp_path):
    store = open_store(tmp_path / "a.sqlite")
    store.add_codings(
        [
            {"segment_id": "D1-t1", "code": "Attente et délais"},
            {"segment_id": "D1-t1", "code": "Attente et délais", "coder": "Bérénice"},
            {"segment_id": "D1-t5", "code": "Accueil et relation", "start": 46, "end": 75},
            {"segment_id": "D3-t1", "code": "Coût"},
            {"segment_id": "D2-t1", "code": "Tensions"},
        ],
        coder="ana",
    )
    store.add_codings(
        [{"segment_id": "D3-t2", "code": "Mobilité", "confidence": 0.5}], coder="ana", origin="rule"
    )
    coding_guid = store.codings(code="Coût")["guid"].item()
    store.add_memo("Projet : premier passage", coder="ana")
    store.add_memo(
        "Code trop large ?", coder="Bérénice", target_type="code", target="Coût", title="Coût"
    )
    store.add_memo("Document riche", coder="ana", target_type="document", target="D1")
    store.add_memo("Très parlant", coder="ana", target_type="segment", target="D1-t3")
    store.add_memo("Montant cité", coder="ana", target_type="coding", target=coding_guid)
    yield store
    store.close()


def _validate(shared, data: bytes, schema: str) -> None:
    import xmlschema

    xmlschema.XMLSchema(str(shared / "refi" / "schemas" / schema)).validate(io.BytesIO(data))


def test_export_is_valid_qda_xml(shared, tmp_path, corpus, codebook, coded_store):
    report = export_qdpx(corpus, tmp_path / "p.qdpx", codebook=codebook, store=coded_store)
    assert (
        report["codings"] == 5
        and report["users"] == 2
        and report["memos"] == 5
        and report["sources"] == 3
    )
    with zipfile.ZipFile(tmp_path / "p.qdpx") as zf:
        names = zf.namelist()
        qde = zf.read("project.qde")
        text = zf.read(f"sources/{stable_guid('document', 'D1')}.txt").decode("utf-8")
    _validate(shared, qde, "Project.xsd")
    assert len([n for n in names if n.startswith("sources/")]) == 3
    assert "Usager 1 : J'attends" in text and "\r" not in text and not text.startswith("\ufeff")
    assert b"Mobilit" not in qde.split(b"<Sources>")[1]  # the suggestion is not exported


def test_export_refuses_identifying_text(tmp_path, codebook, coded_store):
    with pytest.raises(ConfigError, match="textes pseudonymisés"):
        export_qdpx(
            make_corpus(pseudonymised=False),
            tmp_path / "p.qdpx",
            codebook=codebook,
            store=coded_store,
        )


def test_round_trip_keeps_codes_codings_memos_and_users(tmp_path, corpus, codebook, coded_store):
    export_qdpx(corpus, tmp_path / "p.qdpx", codebook=codebook, store=coded_store)
    fresh = open_store(tmp_path / "b.sqlite")
    book, report = import_qdpx(
        tmp_path / "p.qdpx", corpus=corpus, codebook=codebook_from_dict({"codes": []}), store=fresh
    )
    assert book.names == codebook.names and book.get("Tensions").parent == "Accueil et relation"
    assert book.get("Attente et délais").examples == codebook.get("Attente et délais").examples
    assert (
        book.get("Exclusion numérique").definition == codebook.get("Exclusion numérique").definition
    )
    cols = ["segment_id", "code", "coder", "start", "end", "guid"]
    before = (
        coded_store.codings(status="accepted")[cols].sort_values(cols[:3]).reset_index(drop=True)
    )
    after = fresh.codings()[cols].sort_values(cols[:3]).reset_index(drop=True)
    pd.testing.assert_frame_equal(before, after)
    mcols = ["guid", "target_type", "target", "coder", "text"]
    pd.testing.assert_frame_equal(
        coded_store.memos()[mcols].sort_values("guid").reset_index(drop=True),
        fresh.memos()[mcols].sort_values("guid").reset_index(drop=True),
    )
    assert set(fresh.coders()["coder"]) == {"ana", "Bérénice"}
    assert set(fresh.coders()["guid"]) == set(coded_store.coders()["guid"])
    assert report["warnings"] == [] and report["codings_unmapped"] == 0
    # importing twice adds nothing
    _, again = import_qdpx(tmp_path / "p.qdpx", corpus=corpus, codebook=book, store=fresh)
    assert again["codings_imported"] == 0 and again["memos"] == 0 and len(fresh.codings()) == 5
    fresh.close()


SAMPLES = {
    "atlasti-win-23.2.3__ponte__blank-atlas-project.qdpx": {
        "users": 2,
        "codes": 0,
        "sources": 0,
        "codings": 0,
    },
    "atlasti-win-23.2.3__ponte__target-atlas-project.qdpx": {
        "users": 2,
        "codes": 3,
        "sources": 0,
        "codings": 0,
    },
    "qc-1.3.2__cproctor__demo.qdpx": {"users": 1, "codes": 262, "sources": 2, "codings": 205},
}


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_real_samples_from_other_tools(shared, name):
    project = read_qdpx(shared / "refi" / "samples" / name)
    summary = project.summary()
    assert {k: summary[k] for k in SAMPLES[name]} == SAMPLES[name]
    if name.startswith("qc"):
        # no XML declaration, sources named by file, not GUID: read, positions in code points
        assert set(project.sources["convention"]) == {"code points"}
        assert project.codebook.get("programming (cs_as_programming)").parent == "cs_as_programming"
        text = project.sources.set_index("name").iloc[0]["text"]
        first = project.codings.iloc[0]
        assert text[first["start"] : first["end"]].startswith("This district goal")
        assert set(project.codings["user"]) == {"cp"}
    if "target" in name:
        assert project.codebook.children("Commits") == [
            "2022-05-10T02:05:59Z 19e4dce",
            "2022-02-11T10:39:25Z cdbfd92",
        ]


def test_taguette_codebook_with_empty_sets(shared):
    book, warnings = read_qdc(shared / "refi" / "samples" / "taguette-1.4.1__uto_tag__codebook.qdc")
    assert book.names == ["xsd:element name", "CodeBook", "Variables"]
    assert any("Sets" in w for w in warnings)


def test_qdc_export_is_valid_and_reads_back(shared, tmp_path):
    book = codebook_from_dict(CODEBOOK)
    path = write_qdc(book, tmp_path / "grille.qdc")
    _validate(shared, path.read_bytes(), "Codebook.xsd")
    again, warnings = read_qdc(path)
    assert warnings == [] and again.names == book.names
    for code in book:
        other = again.get(code.name)
        assert (other.parent, other.definition, other.examples, other.keywords, other.colour) == (
            code.parent,
            code.definition,
            code.examples,
            code.keywords,
            book.colour(code.name),
        )


def test_foreign_project_is_reported_not_lost(shared, tmp_path, corpus, codebook):
    with open_store(tmp_path / "s.sqlite") as store:
        book, report = import_qdpx(
            shared / "refi" / "samples" / "qc-1.3.2__cproctor__demo.qdpx",
            corpus=corpus,
            codebook=codebook,
            store=store,
        )
        assert (
            report["sources_matched"] == 0
            and report["codings_unmapped"] == 205
            and store.codings().empty
        )
    assert len(book) == len(codebook) + 262 and "programming" in report["codes_added"]


def _deviant_qdpx(path, corpus, *, crlf_as_one: bool) -> None:
    """A qdpx as some tools write it: draft namespace, no declaration, Project.QDE, Sources/,
    GUIDs in lower case with braces, a BOM, CRLF, a bare file name as reference."""
    text, offsets = render_document(corpus.segments[corpus.segments["doc_id"] == "D1"])
    raw = "\ufeff" + text.replace("\n", "\r\n")
    seg = offsets.set_index("segment_id").loc["D1-t5"]
    start, end = int(seg["start"]), int(seg["end"])
    if not crlf_as_one:  # positions in the file text: every line end before counts two
        start += text[:start].count("\n")
        end += text[:end].count("\n")
    selected = text[int(seg["start"]) : int(seg["end"])]
    g = "{0f8fad5b-d9cb-469f-a165-70867728950e}"
    xml = (
        f'<Project xmlns="urn:QDA-XML:project:0:4" name="x"><Users><User guid="{g}" name="zoé"/></Users>'
        '<CodeBook><Codes><Code guid="{6ba7b810-9dad-11d1-80b4-00c04fd430c8}" name="Attente et délais" isCodable="true"/></Codes></CodeBook>'
        '<Sources><TextSource guid="{1b4e28ba-2fa1-11d2-883f-0016d3cca427}" name="entretien 1" plainTextPath="Entretien1.txt">'
        f'<PlainTextSelection guid="{{7c9e6679-7425-40de-944b-e07fc1f90ae7}}" name="{selected}" startPosition="{start}" endPosition="{end}">'
        f'<Coding guid="{{f47ac10b-58cc-4372-a567-0e02b2c3d479}}" creatingUser="{g.upper()}"><CodeRef targetGUID="{{6BA7B810-9DAD-11D1-80B4-00C04FD430C8}}"/></Coding>'
        "</PlainTextSelection></TextSource></Sources></Project>"
    )
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("Project.QDE", xml.encode("utf-8"))
        zf.writestr("Sources/Entretien1.txt", raw.encode("utf-8"))


@pytest.mark.parametrize("crlf_as_one", [False, True])
def test_real_world_deviations_are_tolerated(tmp_path, corpus, codebook, crlf_as_one):
    _deviant_qdpx(tmp_path / "d.qdpx", corpus, crlf_as_one=crlf_as_one)
    with open_store(tmp_path / "s.sqlite") as store:
        _, report = import_qdpx(tmp_path / "d.qdpx", corpus=corpus, codebook=codebook, store=store)
        c = store.codings()
    assert c[["segment_id", "code", "coder"]].values.tolist() == [
        ["D1-t5", "Attente et délais", "zoé"]
    ]
    assert c["start"].isna().all()  # the whole turn was selected
    assert report["sources_matched"] == 1
    assert any("CRLF counted as one" in w for w in report["warnings"]) == crlf_as_one


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not a zip", "fichier .qdpx \\(zip\\) illisible"),
        (None, "pas de project.qde"),
        (b"<Project xmlns='urn:QDA-XML:project:1.0'><Users>", "XML mal formé à la ligne 1"),
        (b"<html/>", "<Project> attendu"),
        (b"<Project xmlns='http://example.org/other'/>", "pas celui de REFI-QDA"),
    ],
)
def test_malformed_files_give_clear_errors(tmp_path, content, message):
    path = tmp_path / "bad.qdpx"
    if content == b"not a zip":
        path.write_bytes(content)
    else:
        with zipfile.ZipFile(path, "w") as zf:
            zf.writestr("project.qde" if content is not None else "readme.txt", content or b"hello")
    with pytest.raises(RefiError, match=message):
        read_qdpx(path)


def test_truncated_export_is_refused(tmp_path, corpus, codebook, coded_store):
    export_qdpx(corpus, tmp_path / "p.qdpx", codebook=codebook, store=coded_store)
    data = (tmp_path / "p.qdpx").read_bytes()
    (tmp_path / "cut.qdpx").write_bytes(data[: len(data) * 2 // 3])
    with pytest.raises(RefiError, match="tronqué"):
        read_qdpx(tmp_path / "cut.qdpx")
