"""Search finds a word's other forms ("moestuin" and "moestuinen") on PostgreSQL and on the embedded SQLite."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from initiatives.search import stemmed_text, stems
from tests.conftest import USES_POSTGRES
from tests.initiatives.factories import InitiativeFactory

ROOT = Path(__file__).resolve().parents[2]


def titles(client, query):
    response = client.get("/initiatives/", {"q": query})
    assert response.status_code == 200
    return sorted(initiative.title for initiative in response.context["initiatives"])


def test_the_dutch_stemmer_gives_singular_and_plural_one_stem():
    assert stems("Moestuinen") == stems("moestuin")
    assert stems("buurthuizen") == stems("buurthuis")
    assert stemmed_text("Moestuinen, bij de school!") == f" {' '.join(stems('moestuin bij de school'))} "


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("moestuin", ["Moestuinen bij de school", "Een moestuin op het dak"]),
        ("moestuinen", ["Moestuinen bij de school", "Een moestuin op het dak"]),
        ("Moestuinen dak", ["Een moestuin op het dak"]),
        ("fietsenstalling", []),
    ],
)
def test_search_finds_the_other_forms_of_a_word(client, query, expected):
    InitiativeFactory(title="Moestuinen bij de school", summary="Kinderen kweken groente.", description="Op het plein.")
    InitiativeFactory(title="Een moestuin op het dak", summary="Groente boven de stad.", description="Een plat dak.")
    InitiativeFactory(title="Buurtbus", summary="Ouderen naar de markt.", description="Een elektrische bus.")
    assert titles(client, query) == sorted(expected)


@pytest.mark.skipif(not USES_POSTGRES, reason="this run uses SQLite already: the tests above cover it")
def test_the_embedded_sqlite_site_stems_too():
    """Run the search tests above once more on SQLite, as `make run` serves it, when this run uses PostgreSQL."""
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in ("DATABASE_URL", "CI", "REDIS_URL", "PYTEST_ADDOPTS")
    }
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-p",
            "no:xdist",
            __file__,
            "-k",
            "other_forms",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "4 passed" in result.stdout, result.stdout[-1000:]
