"""The trail as W3C Web Annotations: one annotation per link, text-position selectors, stances."""

from __future__ import annotations

import json

from transfo_analysis.evidence import add_finding, link_evidence, web_annotations


def test_each_link_is_an_annotation_with_its_selector_stance_and_comment(trail):
    f = add_finding(trail, "L'attente pèse")
    link_evidence(trail, f, "segment:s1[3:9]", comment="le mot juste")
    link_evidence(trail, f, "code:Attente")
    link_evidence(trail, f, "topic:0", stance="contredit")
    link_evidence(trail, f, "idea:s5", stance="nuance")
    doc = json.loads(json.dumps(web_annotations(trail)))  # JSON all the way
    assert doc["@context"][0] == "http://www.w3.org/ns/anno.jsonld"
    assert doc["type"] == "AnnotationCollection" and doc["total"] == 4
    items = doc["first"]["items"]
    assert {a["type"] for a in items} == {"Annotation"}
    assert all(a["id"].startswith("urn:uuid:") for a in items)
    quote = items[0]
    assert quote["target"] == {
        "source": "urn:transfo:segment:s1",
        "selector": {"type": "TextPositionSelector", "start": 3, "end": 9},
    }
    purposes = {b["purpose"]: b["value"] for b in quote["body"]}
    assert purposes == {
        "describing": "L'attente pèse",
        "assessing": "appuie",
        "commenting": "le mot juste",
    }
    assert quote["creator"] == {"type": "Person", "name": "ana"}
    assert items[1]["target"] == {"source": "urn:transfo:code:Attente"}
    assert items[2]["target"]["source"].startswith("urn:transfo:topic:")
    assert [b["value"] for b in items[2]["body"] if b["purpose"] == "assessing"] == ["contredit"]
    assert items[3]["target"]["purpose"] == "identifying"
