import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from mokum.env import env_bool, env_database, env_int, env_list, env_redis_url

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "p" * 20 + "roduction-secret-0123456789-abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": "krachtvanmokum.nl",
    "SITE_URL": "https://krachtvanmokum.nl",
    "DATABASE_URL": "postgres://mokum@db:5432/mokum",
    "REDIS_URL": "redis://redis:6379/0",
}


def manage(*args, env=None):
    """Run manage.py in a fresh process with only the given variables (plus PATH)."""
    base = {"PATH": os.environ.get("PATH", ""), "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **(env or {})},
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("raw", "expected"), [("true", True), ("1", True), ("Yes", True), ("off", False), ("0", False)]
)
def test_booleans_are_read_in_the_usual_spellings(raw, expected):
    assert env_bool("DEBUG", environ={"DEBUG": raw}) is expected


def test_a_boolean_that_is_neither_yes_nor_no_names_the_variable():
    with pytest.raises(ImproperlyConfigured, match="DEBUG must be true or false"):
        env_bool("DEBUG", environ={"DEBUG": "maybe"})


def test_numbers_lists_and_urls():
    assert env_int("EMAIL_PORT", 25, environ={"EMAIL_PORT": "587"}) == 587
    assert env_list("ALLOWED_HOSTS", environ={"ALLOWED_HOSTS": "a.nl, b.nl,,"}) == ["a.nl", "b.nl"]
    assert env_redis_url("REDIS_URL", environ={}) is None
    config = env_database("DATABASE_URL", "sqlite:///x.db", environ={"DATABASE_URL": "postgres://u@h:5432/mokum"})
    assert (config["ENGINE"], config["NAME"], config["HOST"]) == ("django.db.backends.postgresql", "mokum", "h")


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("EMAIL_PORT", "twenty-five", "EMAIL_PORT must be a whole number"),
        ("DATABASE_URL", "mysql://root@localhost/mokum", "DATABASE_URL must be a postgres:// or sqlite:/// URL"),
        ("DATABASE_URL", "postgres://user@host:5432/", "DATABASE_URL must name a database"),
        ("REDIS_URL", "localhost:6379", "REDIS_URL must be a redis:// URL"),
    ],
)
def test_bad_values_are_refused_with_the_variables_name(name, value, message):
    readers = {
        "EMAIL_PORT": lambda env: env_int(name, 25, environ=env),
        "DATABASE_URL": lambda env: env_database(name, "sqlite:///x", environ=env),
        "REDIS_URL": lambda env: env_redis_url(name, environ=env),
    }
    with pytest.raises(ImproperlyConfigured, match=message):
        readers[name]({name: value})


def test_start_up_stops_on_a_bad_value_and_names_it():
    result = manage("check", env={"DEBUG": "perhaps"})
    assert result.returncode != 0
    assert "DEBUG must be true or false" in result.stderr


def test_with_no_environment_at_all_the_embedded_site_starts():
    result = manage("check")
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_start_up_without_debug_requires_a_secret_key():
    result = manage("check", env={"DEBUG": "false"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_start_up_without_debug_requires_the_sites_address():
    result = manage("check", env={key: value for key, value in PRODUCTION.items() if key != "SITE_URL"})
    assert result.returncode != 0
    assert "SITE_URL must be set when DEBUG is off" in result.stderr


def test_production_settings_pass_the_deploy_checks():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_postgresql_connections_prepare_what_they_run_often_unless_told_not_to():
    url = {"DATABASE_URL": "postgres://u@h:5432/mokum"}
    config = env_database("DATABASE_URL", None, environ=url)
    assert config["OPTIONS"] == {"server_side_binding": True, "prepare_threshold": 5}
    off = env_database("DATABASE_URL", None, environ={**url, "DATABASE_PREPARED_STATEMENTS": "false"})
    assert "server_side_binding" not in off.get("OPTIONS", {})
    assert env_database("DATABASE_URL", None, environ={"DATABASE_URL": "sqlite:///x.db"})["OPTIONS"] == {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
