"""The open data API keeps its contract: Schemathesis, all checks and phases, finds nothing on a live server."""

import subprocess
import sys
from pathlib import Path

import pytest
from rest_framework.throttling import SimpleRateThrottle

from initiatives.models import Initiative
from tests.connect.factories import need_of, offer_on, reaction_on
from tests.dashboard.factories import build_hand_set

SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")


def add_neighbours():
    initiative = Initiative.objects.public().first()
    reply_to = reaction_on(initiative, body="Goed plan")
    reaction_on(initiative, parent=reply_to, body="Eens")
    offer_on(need_of(initiative, kind="skill", skill="design", text="Een affiche"), state="accepted")


@pytest.mark.django_db(transaction=True)
def test_schemathesis_finds_no_failure_in_any_phase(live_server, monkeypatch, tmp_path):
    build_hand_set()  # districts, initiatives and dialogues in every state, so ids and filters find rows
    add_neighbours()  # public reactions and needs, so their lists and ids find rows too
    # Schemathesis asks quickly from one address; the limit itself is tested in tests/accounts/test_rate_limits.py.
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "100000/minute", "user": "100000/minute"})
    result = subprocess.run(
        [
            str(SCHEMATHESIS),
            "run",
            f"{live_server.url}/api/schema/",
            "--checks=all",
            "--phases=examples,coverage,fuzzing,stateful",
            "--max-examples=3",
            "--seed=20261129",
            "--workers=1",
            "--no-color",
        ],
        cwd=tmp_path,  # where it keeps its own files
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert "No issues found" in result.stdout
