"""French by default, English on request: the catalogue is complete and compiled, and used."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

from transfo_analysis import i18n

ROOT = Path(__file__).resolve().parents[1]


def _tool():
    spec = importlib.util.spec_from_file_location("i18n_tool", ROOT / "tools" / "i18n.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_marked_message_has_french_and_the_compiled_catalogue_is_current():
    problems = _tool().problems()
    assert problems == [], "\n".join(problems[:20])


def test_argparse_words_are_in_the_catalogue():
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in _tool().read_catalogue()}
    assert {
        "usage: ",
        "show this help message and exit",
        "the following arguments are required: %s",
    } <= ids


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "fr"),
        ({"LANG": "C.UTF-8"}, "fr"),
        ({"LANG": "de_DE.UTF-8"}, "fr"),
        ({"LANG": "en_GB.UTF-8"}, "en"),
        ({"LANG": "en_GB.UTF-8", "TRANSFO_LANG": "fr"}, "fr"),
        ({"TRANSFO_LANG": "en"}, "en"),
        ({"TRANSFO_LANG": "en_US"}, "en"),
        ({"TRANSFO_LANG": "klingon"}, "fr"),
        ({"LANGUAGE": "en:fr", "LANG": "fr_FR.UTF-8"}, "en"),
    ],
)
def test_language_choice(monkeypatch, env, expected):
    for var in ("TRANSFO_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    for var, value in env.items():
        monkeypatch.setenv(var, value)
    assert i18n.current_language() == expected


def test_french_plurals_count_zero_and_one_as_singular(monkeypatch):
    monkeypatch.setenv("TRANSFO_LANG", "fr")
    one = "Running on {where}: {n} worker"
    many = "Running on {where}: {n} workers"
    assert i18n.ngettext(one, many, 0).startswith("Exécution") and "workers" not in i18n.ngettext(
        one, many, 1
    )
    assert i18n.ngettext(one, many, 2).endswith("{n} workers")
    monkeypatch.setenv("TRANSFO_LANG", "en")
    assert i18n.ngettext(one, many, 1) == one


def _transfo(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"TRANSFO_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES"}
    }
    clean["LANG"] = "C.UTF-8"
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-m", "transfo_analysis.cli", *args],
        capture_output=True,
        text=True,
        env=clean,
    )


def test_help_and_usage_errors_are_french_by_default_english_on_request():
    fr = _transfo("--help")
    assert fr.returncode == 0
    assert fr.stdout.startswith("utilisation : transfo")
    assert "afficher cette aide et quitter" in fr.stdout
    assert "lire les transcriptions et les réponses" in fr.stdout
    assert "show this help" not in fr.stdout
    missing = _transfo("run")
    assert missing.returncode == 2
    assert (
        "transfo run : erreur : les arguments suivants sont obligatoires : --project"
        in missing.stderr
    )
    en = _transfo("--help", TRANSFO_LANG="en")
    assert en.stdout.startswith("usage: transfo") and "show this help message and exit" in en.stdout
