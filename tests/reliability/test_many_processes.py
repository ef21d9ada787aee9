"""Two web processes on different ports, against the same PostgreSQL and Redis and the same file storage, share
everything that matters: log in on one and go on on the other; a download built on one is served by the other.

On a private production-shaped stack (ops/stack.py: its own PostgreSQL and Redis on loopback, DEBUG off)."""

import mailbox
import re
import shutil

import pytest
import requests

from ops.stack import Stack, free_port, postgres_bin, wait_for
from seeding.demo.accounts import DEMO_PASSWORD, demo_email

try:
    postgres_bin("initdb")
    HAS_POSTGRES_SERVER = True
except RuntimeError:
    HAS_POSTGRES_SERVER = False

pytestmark = [
    pytest.mark.reliability,
    pytest.mark.xdist_group("reliability"),
    pytest.mark.skipif(
        not (HAS_POSTGRES_SERVER and shutil.which("redis-server")),
        reason="needs PostgreSQL's server programs (initdb, pg_ctl) and redis-server installed",
    ),
]

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(scope="module")
def two_webs():
    with Stack(port=8137) as stack:
        stack.prepare_site()
        shared = {
            "PRIVACY_EXPORT_ROOT": str(stack.dir / "exports"),  # one folder both see, as a bucket or a volume
            "PRIVACY_EXPORT_INLINE_LIMIT": "0",  # every download is built by the task …
            "CELERY_TASK_ALWAYS_EAGER": "true",  # … in the web process that was asked (no worker here)
        }
        first = stack.start_web("web", **shared)
        second = stack.start_web("web2", port=free_port(stack.port + 1), **shared)
        yield stack, first, second


def log_in(session, base, email):
    page = session.get(f"{base}/accounts/login/", timeout=20)
    token = TOKEN.search(page.text).group(1)
    response = session.post(
        f"{base}/accounts/login/",
        data={"csrfmiddlewaretoken": token, "login": email, "password": DEMO_PASSWORD},
        headers={"Referer": f"{base}/accounts/login/"},
        timeout=20,
    )
    assert response.status_code == 200 and "/accounts/login/" not in response.url, response.url


def mailed_links(stack):
    links = []
    for message in mailbox.Maildir(str(stack.maildir), create=False):
        text = "".join(
            (part.get_payload(decode=True) or b"").decode("utf-8", "replace")
            for part in message.walk()
            if not part.is_multipart()
        )
        links += re.findall(r"https?://[^\s\"<>]+/accounts/my-data/download/[^/\s\"<>]+/", text)
    return links


def test_log_in_on_one_web_process_and_go_on_on_the_other(two_webs):
    _stack, first, second = two_webs
    session = requests.Session()
    log_in(session, first, demo_email("bewoner"))
    profile = session.get(f"{second}/accounts/profile/", allow_redirects=False, timeout=20)
    assert profile.status_code == 200, "the session made by the first process is valid on the second"
    assert session.get(f"{second}/inbox/", allow_redirects=False, timeout=20).status_code in (403, 200)


def test_a_download_built_on_one_web_process_is_served_by_the_other(two_webs):
    stack, first, second = two_webs
    session = requests.Session()
    log_in(session, first, demo_email("bewoner"))
    asked = session.get(f"{first}/accounts/my-data/download/", timeout=60)
    if "/reauthenticate/" in asked.url:  # a download asks for the password again
        token = TOKEN.search(asked.text).group(1)
        asked = session.post(
            asked.url,
            data={"csrfmiddlewaretoken": token, "password": DEMO_PASSWORD},
            headers={"Referer": asked.url},
            timeout=60,
        )
    assert asked.status_code == 200 and asked.url.endswith("/accounts/my-data/"), (asked.url, stack.log_text("web.log"))
    links = wait_for(lambda: mailed_links(stack), seconds=60, what="the e-mail with the download link")
    assert links, "the link was e-mailed"
    path = links[-1].split("://", 1)[1].split("/", 1)[1]
    download = session.get(f"{second}/{path}", timeout=60)
    assert download.status_code == 200
    assert download.content[:2] == b"PK", "a ZIP, built by the first process, read by the second"
