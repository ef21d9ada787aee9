import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

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
    assert set(services) == {"db", "redis", "migrate", "web", "worker", "beat"}
    config = compose("config", SECRET_KEY="k" * 60, SITE_URL="https://west.example.org").stdout
    # Every long-running service has a health check; the one-off migrate service exits instead.
    assert config.count("healthcheck:") == 5
    assert "gunicorn mokum.wsgi:application" not in config  # the command is a list now, not a shell line
    assert "- gunicorn" in config


def test_migrations_run_once_before_any_web_replica_starts():
    config = yaml_config()
    assert config["services"]["migrate"]["command"] == ["python", "manage.py", "migrate", "--noinput"]
    assert config["services"]["migrate"]["restart"] == "no"
    for name in ("web", "worker", "beat"):
        service = config["services"][name]
        assert "migrate" not in " ".join(service["command"]), name
        assert service["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}, name


def yaml_config():
    result = compose("config", SECRET_KEY="k" * 60, SITE_URL="https://west.example.org")
    assert result.returncode == 0, result.stderr
    return yaml.safe_load(result.stdout)


def test_compose_refuses_to_start_without_a_secret_key():
    result = compose("config", "--quiet", SITE_URL="https://west.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_compose_refuses_to_start_without_the_sites_address():
    result = compose("config", "--quiet", SECRET_KEY="k" * 60)
    assert result.returncode != 0
    assert "SITE_URL" in result.stderr
