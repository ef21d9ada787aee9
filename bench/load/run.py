"""`make load`: 50 simulated people for 5 minutes against the production configuration, then a reconciliation.

Starts a private stack on loopback (its own PostgreSQL and Redis, an SMTP sink, gunicorn with DEBUG off, a
Celery worker; see ops/stack.py), loads the demo data and the load test's people, runs Locust headless
(bench/load/locustfile.py), waits for the outbox to drain and checks every acknowledged write against the
database and the mail server (ops/load.py). Writes the figures as JSON and Markdown under bench/results/ and
exits non-zero on a server error or a reconciliation that does not hold. Everything it started, it stops.

    python bench/load/run.py [--users 50] [--seconds 300] [--port 8107]
"""

import argparse
import datetime
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from ops.load import markdown, prepare, run_load  # noqa: E402
from ops.stack import ROOT, Stack, log  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=float, default=5)
    parser.add_argument("--seconds", type=int, default=300)
    parser.add_argument("--port", type=int, default=8107)
    parser.add_argument("--web-workers", type=int, default=3)
    parser.add_argument("--out", default=str(ROOT / "bench" / "results"), help="Where the JSON and Markdown go.")
    args = parser.parse_args()
    if not 1 <= args.users <= 200 or not 5 <= args.seconds <= 1800:
        sys.exit("Keep the load bounded: 1-200 users, 5-1800 seconds.")

    with Stack(port=args.port, workers=args.web_workers) as stack:
        plan = prepare(stack)
        stack.start_web()
        stack.start_worker()
        report = run_load(stack, plan, users=args.users, seconds=args.seconds, spawn_rate=args.spawn_rate)
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    report["machine"] = (
        f"{os.cpu_count()} CPU cores shared with the load generator, PostgreSQL, Redis and other work "
        f"(load average at the end: {load})"
    )
    report["command"] = " ".join(["make load", *(sys.argv[1:])])
    report["web_workers"] = args.web_workers
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    stem = out / f"load-{datetime.date.today().isoformat()}"
    stem.with_suffix(".json").write_text(json.dumps(report, indent=2) + "\n")
    stem.with_suffix(".md").write_text(markdown(report))
    print(markdown(report))
    log(f"Written: {stem}.json and {stem}.md")
    if report["server_errors"] or not report["reconciled"]:
        sys.exit(1)


if __name__ == "__main__":
    main()
