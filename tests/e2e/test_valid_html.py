"""The Nu HTML Checker (npm's vnu-jar, run with Java) finds no error in any page the browser tests loaded.

The pages are the HTML the server sent, kept by tests/e2e/conftest.py. This file runs after the other browser
tests (pytest takes the files in order; the django_db mark keeps pytest-django from moving it first), and one
Java start checks every page. With CI=true a missing checker fails the run; elsewhere the test is skipped.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from django.conf import settings

VNU = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
JAVA = shutil.which("java")

pytestmark = pytest.mark.django_db(transaction=True)


def test_every_page_the_browser_tests_loaded_is_valid_html(visited_pages):
    missing = [
        what
        for what, ok in [("java (apt-get install default-jre-headless)", JAVA), ("vnu.jar (npm ci)", VNU.exists())]
        if not ok
    ]
    if missing:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("CI=true but the HTML checker cannot run: missing " + ", ".join(missing))
        pytest.skip("needs the HTML checker: " + ", ".join(missing))
    pages = sorted(visited_pages.glob("*.html"))
    if not pages:
        pytest.skip("no browser test loaded a page before this one in this run")

    result = subprocess.run(
        [JAVA, "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, pages)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    urls = dict(line.split("\t", 1) for line in (visited_pages / "index.tsv").read_text().splitlines())
    errors = [
        f"{urls.get(Path(unquote(urlparse(m['url']).path)).name, m['url'])} line {m.get('lastLine')}: {m['message']}"
        f" ({m.get('extract', '').strip()})"
        for m in json.loads(result.stderr)["messages"]
        if m["type"] in ("error", "non-document-error")
    ]
    assert not errors, f"{len(errors)} HTML error(s) in {len(pages)} pages:\n" + "\n".join(errors)
