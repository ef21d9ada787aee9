import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = shutil.which("docker-compose")

pytestmark = pytest.mark.skipif(COMPOSE is None, reason="docker-compose is not installed on this machine")


def compose(*args, **env):
    return subprocess.run(
        [COMPOSE, "-f", str(ROOT / "docker-compose.yml"), *args],
        capture_output=True,
        text=True,
        env={"PATH": os.environ["PATH"], **env},
        timeout=60,
    )


def test_compose_file_describes_the_production_services_with_health_checks():
    checked = compose("config", "--quiet", SECRET_KEY="k" * 60, SITE_URL="https://west.example.org")
    assert checked.returncode == 0, checked.stderr
    services = compose("config", "--services", SECRET_KEY="k" * 60, SITE_URL="https://west.example.org").stdout.split()
    assert set(services) == {"db", "redis", "web", "worker", "beat"}
    config = compose("config", SECRET_KEY="k" * 60, SITE_URL="https://west.example.org").stdout
    assert config.count("healthcheck:") == 5
    assert "gunicorn mokum.wsgi:application" in config


def test_compose_refuses_to_start_without_a_secret_key():
    result = compose("config", "--quiet", SITE_URL="https://west.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_compose_refuses_to_start_without_the_sites_address():
    result = compose("config", "--quiet", SECRET_KEY="k" * 60)
    assert result.returncode != 0
    assert "SITE_URL" in result.stderr
