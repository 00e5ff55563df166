"""The coding panel without a browser: the state on its own, then simulated clicks on the widgets."""

from __future__ import annotations

import sqlite3

import pytest

from transfo_analysis.coding import open_store
from transfo_analysis.coding._panel_state import PanelState
from transfo_analysis.coding.panel import CodingPanel


@pytest.fixture
def state(store, corpus, codebook):
    return PanelState(
        segments=corpus.segments, codebook=codebook, store=store, coder="ana", compare_with=["bob"]
    )


def test_filters_and_navigation(state):
    assert len(state.view) == 14 and state.current_id == "D1-t0"
    state.set_filter(role="usager", territory="sarne")
    assert (
        state.view["segment_id"].tolist() == ["D3-t1", "D3-t2", "D3-t3"]
        and state.message == "3 segments"
    )
    state.next()
    state.next()
    state.next()  # stops at the end
    assert state.current_id == "D3-t3"
    state.previous()
    assert state.current_id == "D3-t2"
    ctx = state.context(before=1, after=1)
    assert ctx["segment_id"].tolist() == ["D3-t1", "D3-t2", "D3-t3"] and ctx[
        "current"
    ].tolist() == [False, True, False]
    state.set_filter(role=None, territory=None, text="GUICHET")
    assert state.view["segment_id"].tolist() == ["D1-t5"]
    state.set_filter(text="introuvable")
    assert state.current is None and state.context().empty


def test_toggle_codes_and_uncoded_mode(state, store):
    state.set_filter(role="usager")
    state.toggle_code("Coût")
    assert state.my_codes() == {"Coût"} and state.message == "« Coût » appliqué"
    state.toggle_code("Coût")
    assert state.my_codes() == set() and store.events()["action"].tolist() == ["remove"]
    state.toggle_code("Coût")
    state.set_mode("non codés")
    assert "D1-t1" not in state.view["segment_id"].tolist() and state.current_id == "D1-t3"
    state.toggle_code("Numérique")  # the segment leaves the view, the next one comes up
    assert state.current_id == "D1-t5"
    state.set_filter(code="Numérique")
    assert state.view.empty  # coded segments are not "non codés"
    state.set_mode("tous")
    assert state.view["segment_id"].tolist() == ["D1-t3"]


def test_review_suggestions_and_memos(state, store):
    store.add_codings(
        [
            {"segment_id": "D1-t1", "code": "Attente et délais", "confidence": 0.8},
            {"segment_id": "D1-t1", "code": "Coût", "confidence": 0.2},
            {"segment_id": "D3-t1", "code": "Coût", "confidence": 0.9},
        ],
        coder="ana",
        origin="rule",
    )
    state.set_mode("suggestions")
    assert state.view["segment_id"].tolist() == ["D1-t1", "D3-t1"]
    sug = state.suggestions_here()
    state.review(int(sug.loc[sug["code"] == "Coût", "coding_id"].item()), accept=False)
    state.review(int(sug.loc[sug["code"] == "Attente et délais", "coding_id"].item()), accept=True)
    assert state.current_id == "D3-t1"  # D1-t1 has no suggestion left
    state.review_all_here(accept=True)
    assert state.view.empty
    assert store.codings(status="accepted")["segment_id"].tolist() == ["D1-t1", "D3-t1"]
    state.set_mode("tous")
    state.go("D1-t1")
    state.add_memo("   ")
    assert "vide" in state.message
    state.add_memo("À relire avec Bob")
    assert state.memos_here()["text"].tolist() == ["À relire avec Bob"]


def test_disagreements_mode(state, store):
    store.add_codings(
        [
            {"segment_id": "D1-t1", "code": "Attente et délais"},
            {"segment_id": "D1-t3", "code": "Numérique"},
        ],
        coder="ana",
    )
    store.add_codings(
        [
            {"segment_id": "D1-t1", "code": "Attente et délais"},
            {"segment_id": "D1-t5", "code": "Coût"},
        ],
        coder="bob",
    )
    state.set_mode("désaccords")
    assert state.view["segment_id"].tolist() == ["D1-t3", "D1-t5"]
    here = state.disagreements_here()
    assert here[["code", "coded_by", "not_coded_by"]].values.tolist() == [
        ["Numérique", "ana", "bob"]
    ]
    state.toggle_code("Numérique")  # ana changes her mind: the disagreement disappears
    assert state.view["segment_id"].tolist() == ["D1-t5"]


def test_locked_store_gives_a_message_not_a_crash(tmp_path, corpus, codebook):
    path = tmp_path / "a.sqlite"
    with open_store(path, timeout=0.2) as s:
        st = PanelState(segments=corpus.segments, codebook=codebook, store=s, coder="ana")
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        st.toggle_code("Coût")
        other.execute("ROLLBACK")
        other.close()
        assert (
            st.message.startswith("« Coût » appliqué impossible")
            and "verrouillée par un autre processus" in st.message
        )
        assert s.codings().empty


def test_widgets_forward_clicks(state, store):
    panel = CodingPanel(state)
    assert panel.position.value == "1 / 14"
    panel.filters["role"].value = "usager"
    assert panel.position.value == "1 / 6" and "attends depuis" in panel.context.value
    panel.buttons["next"].click()
    assert state.current_id == "D1-t3" and panel.position.value == "2 / 6"
    panel.code_buttons["Exclusion numérique"].click()
    assert panel.code_buttons["Exclusion numérique"].button_style == "success"
    assert store.codings()["code"].tolist() == ["Exclusion numérique"]
    panel.code_buttons["Exclusion numérique"].click()
    assert panel.code_buttons["Exclusion numérique"].button_style == "" and store.codings().empty
    panel.memo_text.value = "Dépend de sa fille"
    panel.buttons["memo"].click()
    assert panel.memo_text.value == "" and "Dépend de sa fille" in panel.memos.value
    store.add_codings(
        [{"segment_id": "D1-t3", "code": "Numérique", "confidence": 0.6}],
        coder="ana",
        origin="rule",
    )
    panel.refresh()
    assert len(panel.suggestions.children) == 1
    accept = panel.suggestions.children[0].children[1]
    accept.click()
    assert (
        store.codings(code="Numérique")["status"].item() == "accepted"
        and panel.suggestions.children == ()
    )
    panel.mode.value = "non codés"
    assert state.mode == "non codés" and "D1-t3" not in state.view["segment_id"].tolist()
    panel.filters["text"].value = "bus"
    assert state.view["segment_id"].tolist() == ["D3-t1"]


def test_documents_are_listed_by_title(state, corpus):
    from transfo_analysis.coding.panel import document_options

    docs = corpus.documents
    titles = dict(zip(docs["doc_id"], docs["title"], strict=True))
    panel = CodingPanel(state, titles=titles)
    labels = [label for label, _ in panel.filters["doc_id"].options]
    assert labels[0] == "(tous)" and set(labels[1:]) <= {*titles.values()} | {
        f"{t} ({d})" for d, t in titles.items()
    }
    first_id = panel.filters["doc_id"].options[1][1]
    panel.filters["doc_id"].value = first_id  # the value stays the id the state filters on
    assert set(state.view["doc_id"]) == {first_id}
    # a shared or missing title keeps the id beside it, so every choice stays distinct
    assert document_options(["D2", "D1", "D3"], {"D1": "Entretien", "D2": "Entretien"}) == [
        ("Entretien (D1)", "D1"),
        ("Entretien (D2)", "D2"),
        ("Sans titre (D3)", "D3"),
    ]
