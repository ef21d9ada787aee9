"""The load test's simulated people (Locust): visitors, newcomers, residents, initiators, officials, coordinators.

Started by bench/load/run.py (`make load`) against the private production-shaped stack; it reads the plan that
bench/load/prepare.py printed (LOAD_PLAN) and, when the run stops, writes what every person did (LOAD_JOURNAL):
each write that got a success answer, so the run can check every one of them against the database, and each
answer with a server error.

Every person has their own address in X-Forwarded-For (the site trusts one proxy, as in production), so the
per-visitor rate limits see fifty people, not one.
"""

import itertools
import json
import os
import random
import re
import threading
import uuid
from collections import Counter
from html import unescape
from pathlib import Path

from locust import HttpUser, between, events, task

PLAN = json.loads(Path(os.environ.get("LOAD_PLAN", "bench/load/plan.json")).read_text())
JOURNAL = Path(os.environ.get("LOAD_JOURNAL", "bench/load/journal.json"))
RUN = os.environ.get("LOAD_RUN") or uuid.uuid4().hex[:8]
SEARCHES = ["groen", "buurt", "speeltuin", "energie", "moestuin", "jongeren", "bankjes", "zwerfafval"]

INPUT = re.compile(r"<input\b[^>]*>", re.IGNORECASE)
ATTRIBUTE = re.compile(r'(\w[\w-]*)="([^"]*)"')

lock = threading.Lock()
journal = {
    "run": RUN,
    "supports": [],  # [email, initiative id]
    "messages": [],  # [email, dialogue id, action, token]
    "registrations": [],  # email
    "refused": Counter(),  # what was answered "not now" (409) or "too many" (429): not a success, not an error
    "statuses": Counter(),
    "client_errors": Counter(),  # 4xx answers per kind of request
    "server_errors": [],  # [name, status, first bytes of the body]
    "connection_errors": 0,
}
counters = {name: itertools.count() for name in ("residents", "initiators", "officials", "coordinators", "people")}


def record(key, value):
    with lock:
        journal[key].append(value)


def hidden_fields(html: str) -> dict:
    """Return the hidden inputs of a page (the CSRF token, a form's version) as a dict."""
    fields = {}
    for tag in INPUT.findall(html):
        attributes = dict(ATTRIBUTE.findall(tag))
        if attributes.get("type", "").lower() == "hidden" and "name" in attributes:
            fields[attributes["name"]] = unescape(attributes.get("value", ""))
    return fields


@events.request.add_listener
def count_answers(name, response=None, exception=None, **_kwargs):
    status = getattr(response, "status_code", 0) or 0
    with lock:
        journal["statuses"][str(status)] += 1
        if 400 <= status < 500:
            journal["client_errors"][f"{name} {status}"] += 1
        if status >= 500:
            body = response.text[:300] if response is not None and response.text else ""
            journal["server_errors"].append([name, status, body])
        elif status == 0:
            journal["connection_errors"] += 1


@events.test_stop.add_listener
def write_journal(**_kwargs):
    with lock:
        JOURNAL.write_text(json.dumps(journal, indent=1))


class Person(HttpUser):
    """Someone with their own address; reads pages with think times between them."""

    abstract = True
    wait_time = between(2, 6)

    def on_start(self):
        number = next(counters["people"])
        self.client.headers["X-Forwarded-For"] = f"10.{number // 250 % 250}.{number % 250}.{random.randint(1, 250)}"
        self.client.headers["Accept-Language"] = "nl"

    def page(self, path, name):
        return self.client.get(path, name=name)

    def post_form(self, form_path, data, name, ok=(302,)):
        """GET a form, POST it back with its hidden fields and `data`; return the POST's status (0: no form)."""
        form = self.client.get(form_path, name=f"{name} (form)", allow_redirects=False)
        if form.status_code != 200:
            return 0
        fields = {**hidden_fields(form.text), **data}
        with self.client.post(
            form_path,
            data=fields,
            name=name,
            allow_redirects=False,
            headers={"Referer": self.host + form_path},
            catch_response=True,
        ) as response:
            if response.status_code in (*ok, 409, 429):
                response.success()
                if response.status_code in (409, 429):
                    with lock:
                        journal["refused"][f"{name} {response.status_code}"] += 1
            return response.status_code

    def log_in(self, email):
        status = self.post_form("/accounts/login/", {"login": email, "password": PLAN["password"]}, "log in")
        self.logged_in = status == 302

    def browse(self):
        kind = random.random()
        if kind < 0.3:
            self.page("/initiatives/", "initiative list")
        elif kind < 0.5:
            self.page(f"/initiatives/?q={random.choice(SEARCHES)}", "search")
        elif kind < 0.75:
            self.page(f"/initiatives/{random.choice(PLAN['initiatives'])}/", "initiative")
        else:
            self.page(f"/dialogues/{random.choice(PLAN['dialogues'])}/", "dialogue")


class Visitor(Person):
    """Not logged in: the home page, lists, searches, an initiative, a dialogue, a district, the open data."""

    weight = 20

    @task(3)
    def home(self):
        self.page("/", "home")

    @task(6)
    def browse_around(self):
        self.browse()

    @task(2)
    def district(self):
        slug = random.choice(PLAN["districts"])
        if random.random() < 0.5:
            self.page(f"/districts/{slug}/", "district")
        else:
            self.page(f"/initiatives/?district={slug}", "initiative list (district)")

    @task(1)
    def statistics(self):
        self.page("/statistics/", "statistics")

    @task(1)
    def open_data(self):
        self.page("/api/v1/initiatives/", "api")


class Newcomer(Person):
    """Reads a little, registers once (the site sends the confirmation e-mail), then keeps reading."""

    weight = 3

    def on_start(self):
        super().on_start()
        self.registered = False

    @task
    def visit(self):
        if self.registered or random.random() < 0.5:
            self.browse()
            return
        email = f"nieuw-{RUN}-{next(counters['people'])}@load.example.org"
        password = f"Wachtwoord-{uuid.uuid4().hex[:12]}"
        data = {
            "email": email,
            "display_name": "Nieuwe buur",
            "password1": password,
            "password2": password,
            "preferred_language": "nl",
        }
        if self.post_form("/accounts/signup/", data, "register") == 302:
            record("registrations", email)
            self.registered = True


class Resident(Person):
    """Logged in: reads initiatives and supports some of them, once each."""

    weight = 15

    def on_start(self):
        super().on_start()
        residents = PLAN["residents"]
        self.email = residents[next(counters["residents"]) % len(residents)]
        self.log_in(self.email)
        self.to_support = random.sample(PLAN["initiatives"], len(PLAN["initiatives"]))

    @task(3)
    def read(self):
        self.browse()

    @task(2)
    def support(self):
        if not self.to_support:
            self.browse()
            return
        initiative = self.to_support.pop()
        self.page(f"/initiatives/{initiative}/", "initiative")
        data = {"listed_publicly": "on", "neighbourhood": "Dapperbuurt"}
        if self.post_form(f"/initiatives/{initiative}/support/", data, "support") == 302:
            record("supports", [self.email, initiative])

    @task(1)
    def notifications(self):
        self.page("/notifications/", "notifications")


class Initiator(Person):
    """Speaks for an initiative: reads its dialogue and replies to the municipality."""

    weight = 6

    def on_start(self):
        super().on_start()
        mine = PLAN["initiators"][next(counters["initiators"]) % len(PLAN["initiators"])]
        self.email, self.dialogue = mine["email"], mine["dialogue"]
        self.log_in(self.email)

    @task(2)
    def read(self):
        self.page(f"/dialogues/{self.dialogue}/", "dialogue")

    @task(1)
    def reply(self):
        token = uuid.uuid4().hex
        text = f"Dank voor het antwoord. We hebben nog een vraag over de planning. [{token}]"
        status = self.post_form(f"/dialogues/{self.dialogue}/reply/", {"reply-text": text}, "reply")
        if status == 302:
            record("messages", [self.email, self.dialogue, "reply", token])


class Official(Person):
    """Works from the inbox: opens a dialogue and answers it."""

    weight = 4

    def on_start(self):
        super().on_start()
        me = PLAN["officials"][next(counters["officials"]) % len(PLAN["officials"])]
        self.email, self.dialogues = me["email"], me["dialogues"]
        self.log_in(self.email)

    @task(2)
    def inbox(self):
        self.page("/inbox/", "inbox")

    @task(2)
    def answer(self):
        dialogue = random.choice(self.dialogues)
        self.page(f"/dialogues/{dialogue}/", "dialogue")
        token = uuid.uuid4().hex
        text = f"We hebben het plan besproken met de afdeling en komen volgende week langs. [{token}]"
        if self.post_form(f"/dialogues/{dialogue}/answer/", {"answer-text": text}, "answer") == 302:
            record("messages", [self.email, dialogue, "answer", token])


class Coordinator(Person):
    """Watches the district's dashboard, the overdue list and the intake queue."""

    weight = 2

    def on_start(self):
        super().on_start()
        coordinators = PLAN["coordinators"]
        self.email = coordinators[next(counters["coordinators"]) % len(coordinators)]
        self.slug = self.email.split("@")[0].split(".", 1)[1]
        self.log_in(self.email)

    @task(3)
    def dashboard(self):
        self.page("/dashboard/", "dashboard")

    @task(2)
    def district_dashboard(self):
        self.page(f"/dashboard/{self.slug}/", "dashboard (district)")

    @task(1)
    def overdue(self):
        self.page(f"/dashboard/{self.slug}/overdue/", "dashboard (overdue)")

    @task(1)
    def intake(self):
        self.page("/initiatives/intake/", "intake queue")
