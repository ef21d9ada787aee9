"""Installs are reproducible: every dependency in pyproject.toml is pinned in the lock file the set-up uses."""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def names(requirements):
    return {
        re.split(r"[\[<>=!~; ]", requirement, maxsplit=1)[0].lower().replace("_", "-") for requirement in requirements
    }


def pinned(lock_file):
    pins = {}
    for line in (ROOT / lock_file).read_text().splitlines():
        if line and not line.startswith(("#", " ", "-")):
            name, _, version = line.partition("==")
            assert version, f"{lock_file}: {line!r} is not pinned with =="
            pins[name.lower().replace("_", "-")] = version
    return pins


def test_every_dependency_is_pinned_in_its_lock_file():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    runtime, test = names(project["dependencies"]), names(project["optional-dependencies"]["test"])
    assert runtime - set(pinned("requirements.lock")) == set(), "run `make lock`"
    assert (runtime | test) - set(pinned("requirements-test.lock")) == set(), "run `make lock`"
    # The two agree wherever both pin a package, so tests run what production runs.
    production, testing = pinned("requirements.lock"), pinned("requirements-test.lock")
    assert {name: version for name, version in production.items() if testing.get(name) != version} == {}


def test_the_set_up_installs_from_the_lock_files():
    makefile = (ROOT / "Makefile").read_text()
    assert "install --quiet -r requirements.lock" in makefile
    assert "install --quiet -r requirements-test.lock" in makefile
    assert "pip install -r requirements.lock" in (ROOT / "Dockerfile").read_text()
