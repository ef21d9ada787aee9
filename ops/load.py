"""Run the load test's mix against a private stack, then check every acknowledged write against the database.

Used by `make load` (bench/load/run.py), by the fault drills (ops/drills.py) and by the tests in
tests/reliability/. The reconciliation:

- every support that got a success answer is one row (and each initiative's count equals its rows);
- every reply and answer that got a success answer is one message (found by the token in its text) and one
  event by that person on that dialogue;
- every registration is one account, with its confirmation e-mail;
- every notification written during the run was delivered (or kept for the digest, or is not e-mailed), and
  every notification e-mail reached the mail server exactly once (counted by Message-ID).
"""

import csv
import datetime
import json
import re
import subprocess
import time
from collections import Counter
from pathlib import Path

from ops.stack import ROOT, VENV_BIN, Stack, log

LOCUSTFILE = ROOT / "bench" / "load" / "locustfile.py"
TOKEN = re.compile(r"\[([0-9a-f]{32})\]")


def prepare(stack: Stack, *, seed: bool = True) -> Path:
    """Migrate and seed the stack's database, add the load test's people; return the plan's path."""
    started = time.monotonic()
    stack.prepare_site(seed=seed)
    plan = stack.python("bench/load/prepare.py")
    path = stack.dir / "plan.json"
    path.write_text(plan)
    log(f"Seeded the demo data and the load test's people in {time.monotonic() - started:.0f} s")
    return path


class Mix:
    """The load test's people, running in Locust (headless) in the background until `wait()`."""

    def __init__(
        self,
        stack: Stack,
        plan: Path,
        *,
        users: int,
        seconds: int,
        spawn_rate: float,
        name: str = "load",
        people: tuple[str, ...] = (),
    ):
        self.stack = stack
        self.journal_path = stack.dir / f"{name}-journal.json"
        self.csv_prefix = stack.dir / name
        self.seconds = seconds
        self.users = users
        command = [
            str(VENV_BIN / "locust"),
            "-f",
            str(LOCUSTFILE),
            "--headless",
            "-u",
            str(users),
            "-r",
            str(spawn_rate),
            "-t",
            f"{seconds}s",
            "--host",
            stack.base_url,
            "--csv",
            str(self.csv_prefix),
            "--only-summary",
            "--stop-timeout",
            "10",
            "--loglevel",
            "WARNING",
            *people,  # only these kinds of people (class names in the locustfile); all of them when empty
        ]
        env = {**stack.env(), "LOAD_PLAN": str(plan), "LOAD_JOURNAL": str(self.journal_path), "LOAD_RUN": name}
        self.log = (stack.dir / f"{name}-locust.log").open("wb")
        self.started_at = sql_now(stack)
        self.started = time.monotonic()
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)

    def wait(self) -> dict:
        """Wait for Locust to stop by itself (bounded); return the journal of what the people did."""
        try:
            self.process.wait(timeout=self.seconds + 120)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        self.elapsed = time.monotonic() - self.started
        if not self.journal_path.exists():
            raise RuntimeError("Locust wrote no journal:\n" + (self.stack.dir / self.log.name).read_text()[-3000:])
        return json.loads(self.journal_path.read_text())

    def stats(self) -> dict:
        """Return requests/s and p50/p95/p99 (ms) per kind of request, from Locust's CSV."""
        rows = {}
        with open(f"{self.csv_prefix}_stats.csv", newline="") as handle:
            for row in csv.DictReader(handle):
                if not row["Name"]:
                    continue
                rows[row["Name"]] = {
                    "method": row["Type"],
                    "requests": int(row["Request Count"]),
                    "failures": int(row["Failure Count"]),
                    "rps": round(float(row["Requests/s"]), 2),
                    "p50_ms": _number(row["50%"]),
                    "p95_ms": _number(row["95%"]),
                    "p99_ms": _number(row["99%"]),
                }
        return rows


def merge(*journals: dict) -> dict:
    """Return one journal with the writes of several mixes that ran at the same time."""
    merged = {**journals[0]}
    for key in ("supports", "messages", "registrations", "server_errors"):
        merged[key] = [entry for journal in journals for entry in journal[key]]
    for key in ("statuses", "refused", "client_errors"):
        merged[key] = dict(sum((Counter(journal.get(key, {})) for journal in journals), Counter()))
    merged["connection_errors"] = sum(journal["connection_errors"] for journal in journals)
    return merged


def _number(value):
    try:
        return float(value)
    except ValueError:
        return None


def sql_now(stack: Stack):
    return stack.sql("SELECT now()")[0][0]


def pending_since(stack: Stack, since) -> int:
    rows = stack.sql(
        "SELECT count(*) FROM notifications_notification WHERE email_status = 'pending' "
        f"AND created_at >= '{since.isoformat()}'"
    )
    return rows[0][0]


def drain(stack: Stack, since, *, seconds: float = 180, sweep: bool = False) -> float:
    """Wait until every notification written since `since` has left the outbox; return how long it took.

    With `sweep`, run the sweep as beat would once its delay has passed (the clock is moved forward, not waited
    for): for drills that leave rows the broker never got.
    """
    started = time.monotonic()
    deadline = started + seconds
    while time.monotonic() < deadline:
        if pending_since(stack, since) == 0:
            break
        if sweep:
            run_sweep(stack)
        time.sleep(2)
    return time.monotonic() - started


def run_sweep(stack: Stack) -> str:
    """Hand over what is still pending, as the beat schedule's sweep does after SWEEP_AFTER."""
    script = (
        "from django.utils import timezone\n"
        "from notifications.services import SWEEP_AFTER\nfrom notifications.tasks import notifications_sweep\n"
        "print(notifications_sweep(now=timezone.now() + SWEEP_AFTER))\n"
    )
    return stack.manage("shell", "-c", script, timeout=60).strip()


def reconcile(stack: Stack, journal: dict, since) -> dict:
    """Check every acknowledged write of `journal` against the database and the mail server; return the counts."""
    at = f"'{since.isoformat()}'"
    emails = {row[0]: row[1] for row in stack.sql("SELECT id, email FROM accounts_user")}
    result = {}

    # Supports: one row per acknowledged support, and every initiative's count equals its rows.
    supports = Counter(
        (emails[user], initiative)
        for user, initiative in stack.sql("SELECT user_id, initiative_id FROM initiatives_support")
    )
    acknowledged = [tuple(pair) for pair in journal["supports"]]
    counts_off = stack.sql(
        "SELECT i.id FROM initiatives_initiative i LEFT JOIN initiatives_support s ON s.initiative_id = i.id "
        "GROUP BY i.id HAVING i.supporter_count <> count(s.id)"
    )
    result["supports"] = {
        "acknowledged": len(acknowledged),
        "found_once": sum(1 for pair in acknowledged if supports[pair] == 1),
        "missing": sum(1 for pair in acknowledged if supports[pair] == 0),
        "initiatives_with_wrong_count": len(counts_off),
    }

    # Messages and events: each acknowledged reply or answer is one message (by its token) and one event.
    tokens = Counter()
    for (text,) in stack.sql(f"SELECT text FROM dialogues_message WHERE created_at >= {at}"):
        tokens.update(TOKEN.findall(text))
    events = Counter(
        (emails.get(actor), dialogue, action)
        for actor, dialogue, action in stack.sql(
            "SELECT actor_id, dialogue_id, action FROM dialogues_dialogueevent "
            f"WHERE created_at >= {at} AND action IN ('reply', 'answer')"
        )
    )
    expected_events = Counter((email, dialogue, action) for email, dialogue, action, _token in journal["messages"])
    result["messages"] = {
        "acknowledged": len(journal["messages"]),
        "found_once": sum(1 for *_rest, token in journal["messages"] if tokens[token] == 1),
        "missing": sum(1 for *_rest, token in journal["messages"] if tokens[token] == 0),
        "duplicated": sum(1 for *_rest, token in journal["messages"] if tokens[token] > 1),
        "unacknowledged_in_database": len(set(tokens) - {row[3] for row in journal["messages"]}),
    }
    result["events"] = {
        "acknowledged": sum(expected_events.values()),
        "in_database": sum(events.values()),
        "matching": sum(min(count, events[key]) for key, count in expected_events.items()),
    }

    # Registrations: one account each, and its confirmation e-mail arrived.
    mails = stack.mails()
    recipients = Counter(address.strip().lower() for mail in mails for address in mail["to"].split(","))
    registered = Counter(email.lower() for email in emails.values())
    result["registrations"] = {
        "acknowledged": len(journal["registrations"]),
        "found_once": sum(1 for email in journal["registrations"] if registered[email.lower()] == 1),
        "confirmation_mails": sum(1 for email in journal["registrations"] if recipients[email.lower()] >= 1),
    }

    # Notifications: every one written during the run left the outbox; every e-mailed one arrived exactly once.
    ids = Counter(mail["message_id"] for mail in mails)
    host = "127.0.0.1"
    statuses = Counter()
    once = missing = repeated = 0
    reminders = 0
    rows = stack.sql(f"SELECT id, email_status, dedupe_key FROM notifications_notification WHERE created_at >= {at}")
    for pk, status, key in rows:
        statuses[status] += 1
        if key.startswith("reminder-"):
            reminders += 1  # a reminder's mail carries the reminder's key; the worker drill counts those itself
            continue
        if status == "sent":
            copies = ids[f"<notification-{pk}@{host}>"]
            once += copies == 1
            missing += copies == 0
            repeated += copies > 1
    result["notifications"] = {
        "written": sum(statuses.values()),
        "by_status": dict(statuses),
        "mailed_once": once,
        "mail_missing": missing,
        "mailed_more_than_once": repeated,
        "reminders_among_them": reminders,
    }
    result["mails_with_a_repeated_message_id"] = sum(1 for count in ids.values() if count > 1)
    return result


def reconciliation_holds(result: dict, *, strict: bool = True) -> bool:
    """Return True when nothing acknowledged was lost or doubled and every notification arrived once.

    Not `strict` (a fault drill): a write may also be saved although its answer never reached the person
    (the connection was cut after the COMMIT); such rows exist once but were not acknowledged.
    """
    supports, messages, events = result["supports"], result["messages"], result["events"]
    registrations, notifications = result["registrations"], result["notifications"]
    extra_ok = strict is False or (
        messages["unacknowledged_in_database"] == 0 and events["in_database"] == events["acknowledged"]
    )
    return (
        extra_ok
        and supports["found_once"] == supports["acknowledged"]
        and supports["initiatives_with_wrong_count"] == 0
        and messages["found_once"] == messages["acknowledged"]
        and events["matching"] == events["acknowledged"]
        and registrations["found_once"] == registrations["acknowledged"] == registrations["confirmation_mails"]
        and notifications["by_status"].get("pending", 0) == 0
        and notifications["mail_missing"] == 0
        and notifications["mailed_more_than_once"] == 0
    )


def summary(journal: dict, stats: dict, result: dict, *, users: int, seconds: int, elapsed: float) -> dict:
    total = stats.get("Aggregated", {})
    statuses = journal["statuses"]
    return {
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "users": users,
        "seconds": seconds,
        "elapsed_seconds": round(elapsed, 1),
        "requests": total.get("requests"),
        "rps": total.get("rps"),
        "p50_ms": total.get("p50_ms"),
        "p95_ms": total.get("p95_ms"),
        "p99_ms": total.get("p99_ms"),
        "statuses": statuses,
        "server_errors": len(journal["server_errors"]),
        "server_error_samples": journal["server_errors"][:5],
        "connection_errors": journal["connection_errors"],
        "refused": journal["refused"],
        "client_errors": journal.get("client_errors", {}),
        "per_request": {name: row for name, row in stats.items() if name != "Aggregated"},
        "reconciliation": result,
        "reconciled": reconciliation_holds(result),
    }


def markdown(report: dict) -> str:
    lines = [
        f"Load test, {report['date'][:16]}: {report['users']} simulated people for {report['seconds']} s "
        f"({report['elapsed_seconds']:.0f} s with start and stop) on {report.get('machine', 'this machine')}.",
        "",
        f"**{report['requests']:,} requests, {report['rps']:.1f} requests/s, p50 / p95 / p99 "
        f"{report['p50_ms']:.0f} / {report['p95_ms']:.0f} / {report['p99_ms']:.0f} ms; "
        f"{report['server_errors']} server errors, {report['connection_errors']} connection errors.**",
        "",
        "| request | method | requests | req/s | p50 ms | p95 ms | p99 ms |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for name, row in sorted(report["per_request"].items(), key=lambda item: -item[1]["requests"]):
        lines.append(
            f"| {name} | {row['method']} | {row['requests']:,} | {row['rps']:.2f} | {row['p50_ms']:.0f} | "
            f"{row['p95_ms']:.0f} | {row['p99_ms']:.0f} |"
        )
    r = report["reconciliation"]
    lines += [
        "",
        "Reconciliation (every write that got a success answer, against the database and the mail server): "
        + ("**holds**." if report["reconciled"] else "**FAILS**."),
        "",
        f"- supports: {r['supports']['acknowledged']} acknowledged, {r['supports']['found_once']} found once, "
        f"{r['supports']['missing']} missing; initiatives whose count differs from their rows: "
        f"{r['supports']['initiatives_with_wrong_count']}",
        f"- replies and answers: {r['messages']['acknowledged']} acknowledged, {r['messages']['found_once']} "
        f"found once, {r['messages']['missing']} missing, {r['messages']['duplicated']} doubled, "
        f"{r['messages']['unacknowledged_in_database']} in the database without a success answer",
        f"- dialogue events: {r['events']['acknowledged']} expected, {r['events']['in_database']} in the database, "
        f"{r['events']['matching']} matching person, dialogue and action",
        f"- registrations: {r['registrations']['acknowledged']} acknowledged, {r['registrations']['found_once']} "
        f"accounts, {r['registrations']['confirmation_mails']} confirmation e-mails",
        f"- notifications written during the run: {r['notifications']['written']} "
        f"({', '.join(f'{k}: {v}' for k, v in sorted(r['notifications']['by_status'].items()))}); e-mailed exactly "
        f"once: {r['notifications']['mailed_once']}, missing: {r['notifications']['mail_missing']}, more than once: "
        f"{r['notifications']['mailed_more_than_once']}",
        f'- answers refused as "not now" or "too many" (no success, nothing to find): '
        f"{sum(report['refused'].values())} ({', '.join(f'{k}: {v}' for k, v in sorted(report['refused'].items()))})",
    ]
    return "\n".join(lines) + "\n"


def run_load(stack: Stack, plan: Path, *, users: int, seconds: int, spawn_rate: float, name: str = "load") -> dict:
    """Run the mix to its end, wait for the outbox to drain, reconcile; return the report."""
    log(f"{users} simulated people for {seconds} s against {stack.base_url} …")
    mix = Mix(stack, plan, users=users, seconds=seconds, spawn_rate=spawn_rate, name=name)
    journal = mix.wait()
    drained = drain(stack, mix.started_at)
    result = reconcile(stack, journal, mix.started_at)
    report = summary(journal, mix.stats(), result, users=users, seconds=seconds, elapsed=mix.elapsed)
    report["outbox_drained_seconds"] = round(drained, 1)
    return report
