"""Take screenshots of the main pages in Arabic and Turkish, on a phone and on a desktop, into docs/screenshots/.

    make screenshots                       # or: DATABASE_URL=… python ops/screenshots.py [--languages ar tr]

Loads the demo data (seed_demo, DEBUG on) into DATABASE_URL, serves the site on a free local port and visits each
page with Chromium: as a visitor, as a resident (the registration form) and as an official (the inbox). Each
account chooses the language with the switch in the header, as a person would. The README links the folder.
"""

import argparse
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.error import HTTPError
from urllib.request import urlopen

from PIL import Image

BASE = Path(__file__).resolve().parent.parent
OUT = BASE / "docs" / "screenshots"
DEVICES = {"phone": {"width": 375, "height": 800}, "desktop": {"width": 1280, "height": 900}}
# A screenshot is the whole page, cut off at this height (the rest is more of the same).
MAX_HEIGHT = 2400


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def demo_paths() -> tuple[dict[str, str], str]:
    """Load the demo data; return the addresses of the pages to show and the e-mail of the dialogue's official."""
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    call_command("seed_demo", quiet_accounts=True, verbosity=0)
    from dialogues.models import Dialogue, DialogueAssignment

    # A dialogue under way, its initiative, and its lead official (whose inbox has it).
    lead = (
        DialogueAssignment.objects.filter(
            is_lead=True, ended_at__isnull=True, dialogue__state=Dialogue.State.IN_DIALOGUE
        )
        .select_related("dialogue__initiative", "official")
        .order_by("dialogue__pk")
        .first()
    )
    dialogue, initiative = lead.dialogue, lead.dialogue.initiative
    paths = {
        "home": "/",
        "initiatives": "/initiatives/",
        "initiative": initiative.get_absolute_url(),
        "dialogue": dialogue.get_absolute_url(),
        "district": "/districts/west/",
        "statistics": "/statistics/",
        "signup": "/accounts/signup/",
    }
    return paths, lead.official.email


def log_in(page, url, email, password):
    page.goto(url + "/accounts/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(password)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()


def choose(page, language):
    """Pick the language with the switch in the header (it stays on the page it was pressed on)."""
    button = page.locator(f"form.language-switch button[value={language}]")
    if button.count():
        button.click()
        page.wait_for_load_state()


def shoot(page, url, path, name):
    page.goto(url + path)
    page.wait_for_load_state("networkidle")
    height = min(page.evaluate("() => document.documentElement.scrollHeight"), MAX_HEIGHT)
    width = page.viewport_size["width"]
    page.screenshot(path=str(name), full_page=True, clip={"x": 0, "y": 0, "width": width, "height": height})
    # 256 colours are plenty for a page of text: a third of the size in the repository.
    Image.open(name).convert("RGB").quantize(colors=256).save(name, optimize=True)
    print(name.relative_to(BASE))


def take(url, paths, official_email, languages):
    from playwright.sync_api import sync_playwright

    from accounts.demo import DEMO_PASSWORD, demo_email

    OUT.mkdir(parents=True, exist_ok=True)
    executable = next((p for p in ("/usr/bin/chromium", "/usr/bin/chromium-browser") if Path(p).exists()), None)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable)
        for language in languages:
            for device, viewport in DEVICES.items():
                visitor = browser.new_context(viewport=viewport, locale=language)
                page = visitor.new_page()
                page.goto(url + "/")
                choose(page, language)
                for name, path in paths.items():
                    shoot(page, url, path, OUT / f"{language}-{device}-{name}.png")
                visitor.close()
                for email, pages in (
                    (demo_email("jan"), {"register": "/initiatives/new/"}),
                    (official_email, {"inbox": "/inbox/", "answer": paths["dialogue"]}),
                ):
                    context = browser.new_context(viewport=viewport, locale=language)
                    page = context.new_page()
                    log_in(page, url, email, DEMO_PASSWORD)
                    choose(page, language)
                    for name, path in pages.items():
                        shoot(page, url, path, OUT / f"{language}-{device}-{name}.png")
                    # The demo account goes back to Dutch, so the demo reads as it did.
                    choose(page, "nl")
                    context.close()
        browser.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--languages", nargs="+", default=["ar", "tr"], help="language codes (default: ar tr)")
    arguments = parser.parse_args()
    os.environ["DEBUG"] = "true"  # seed_demo and the static files need it
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mokum.settings")
    sys.path.insert(0, str(BASE))
    paths, official_email = demo_paths()
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=BASE,
        env={**os.environ, "CACHE_URL": "locmem://"},  # pages and charts as the code draws them now
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _attempt in range(60):
            try:
                urlopen(url + "/healthz", timeout=2)  # noqa: S310 - our own local server
                break
            except HTTPError:
                break  # it answers
            except OSError:
                time.sleep(0.5)
        take(url, paths, official_email, arguments.languages)
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
