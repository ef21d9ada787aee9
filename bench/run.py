"""`make bench`: the key pages under load against the stack's floor, at city scale (see README, "Performance").

1. Makes sure the seeded databases exist (full scale and 1/100; seeded with `manage.py seed_scale` when missing).
2. Measures each page in-process at both scales (bench/measure.py): SQL queries uncached and cached, HTML bytes,
   the time of one uncached request; times the morning deadline scan (rolled back: nothing kept or sent) and the
   similar initiatives query (a measured row of the report).
3. Starts the site as in production (DEBUG off, a fresh SECRET_KEY, PostgreSQL, Redis as the cache, static files
   collected) under gunicorn with 2 workers on loopback, and drives each page with wrk, after a warm-up, for a
   fixed time at each concurrency. The floor is /ping: the same middleware, no database, no template.
4. Prints the table, and writes it as JSON and as an SVG chart under bench/results/.

Only loopback is ever contacted. The load generator runs on the same two cores as the site, PostgreSQL and Redis.
"""

import argparse
import datetime
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
LUA = ROOT / "bench" / "report.lua"
PG = "postgres://postgres@127.0.0.1:5432"

# Targets: throughput as a share of the floor in the same run, and queries per page.
TARGETS = {
    "list": 10,
    "list_filtered": 10,
    "initiative": 5,
    "dialogue": 5,
    "inbox": 5,
    "dashboard": 5,
    "initiative_resident": 5,
    "dialogue_official": 5,
}
QUERY_BUDGET = 12
SINGLE_REQUEST_MS = 15  # list and detail pages, one request at a time
# The logged-in pages, one request at a time over HTTP (issue 18).
SINGLE_TARGETS_MS = {"inbox": 12, "dashboard": 12, "initiative_resident": 12, "dialogue_official": 12}
# Visitors' pages rendered from scratch (nothing cached, as after a change), one request in-process at full scale.
UNCACHED_TARGET_MS = 15
UNCACHED_TARGET_PAGES = ("list", "list_filtered", "initiative", "dialogue", "district", "statistics")


def log(message):
    print(message, file=sys.stderr, flush=True)


def server_env(database: str, args) -> dict:
    """Return production settings from the environment, for plain HTTP on loopback."""
    return {
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", "/root"),
        "DEBUG": "false",
        "SECRET_KEY": args.secret_key,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": f"http://127.0.0.1:{args.port}",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "STATIC_MANIFEST": "true",
        "DATABASE_URL": f"{PG}/{database}",
        "REDIS_URL": args.redis_url,
        "CACHE_URL": args.cache_url,
        "LOG_LEVEL": "WARNING",
        # wrk plays many visitors behind one proxy: each request names its visitor in X-Forwarded-For.
        "NUM_PROXIES": "1",
    }


def run(cmd, env, **kwargs):
    return subprocess.run(cmd, cwd=ROOT, env=env, check=True, text=True, **kwargs)


def database_exists(name: str) -> bool:
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None


def ensure_database(name: str, fraction: float, args):
    """Create, migrate and seed `name` unless it exists (drop it first with --reseed); migrate it when it does."""
    import psycopg

    if args.reseed and database_exists(name):
        with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
    if database_exists(name):
        # Seeded by an earlier run: brought up to the code's migrations (nothing to do when it is).
        run([PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"], {**server_env(name, args), "DEBUG": "true"})
        return None
    log(f"Seeding {name} at {fraction:g} of full scale …")
    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    env = {**server_env(name, args), "DEBUG": "true"}
    run([PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"], env)
    result = run([PYTHON, "manage.py", "seed_scale", "--fraction", str(fraction)], env, capture_output=True)
    log(result.stdout)
    return result.stdout


def flush_cache(args):
    """Empty the benchmark's own cache database (never another one)."""
    import redis

    redis.Redis.from_url(args.cache_url).flushdb()


def measure(database: str, args, sessions=False) -> dict:
    flush_cache(args)
    cmd = [PYTHON, "bench/measure.py"] + (["--sessions"] if sessions else [])
    result = run(cmd, server_env(database, args), capture_output=True)
    return json.loads(result.stdout)


# -- the server and the load generator ---------------------------------------------------------------------------


class Server:
    def __init__(self, database, args):
        self.env = server_env(database, args)
        self.port = args.port
        self.args = args
        self.process = None

    def __enter__(self):
        cmd = [
            GUNICORN,
            "mokum.wsgi:application",
            "--workers",
            str(self.args.workers),
            "--worker-class",
            self.args.worker_class,
            "--bind",
            f"127.0.0.1:{self.port}",
            "--log-level",
            "warning",
            "--timeout",
            "60",
        ]
        if self.args.worker_class == "gthread":
            cmd += ["--threads", str(self.args.threads)]
        self.process = subprocess.Popen(cmd, cwd=ROOT, env=self.env, start_new_session=True)
        for _n in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/ping", timeout=2) as response:
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not start")

    def __exit__(self, *exc):
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)

    def workers(self) -> list[int]:
        out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(self.process.pid)], capture_output=True, text=True)
        return [int(pid) for pid in out.stdout.split()]

    def peak_memory_kb(self) -> list[int]:
        """Return the peak resident memory (VmHWM) of each worker, in kB."""
        peaks = []
        for pid in self.workers():
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmHWM:"):
                        peaks.append(int(line.split()[1]))
            except OSError:
                pass
        return peaks


def wrk(url, *, connections, seconds, cookie=None, spread_visitors=False) -> dict:
    """Drive `url` with wrk and return requests/s, latency percentiles (ms) and errors."""
    cmd = [
        "wrk",
        "-t",
        str(min(2, connections)),
        "-c",
        str(connections),
        "-d",
        f"{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(LUA),
        url,
    ]
    env = {**os.environ, "BENCH_COOKIE": cookie or "", "BENCH_SPREAD": "1" if spread_visitors else ""}
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, check=True).stdout
    line = next(line for line in out.splitlines() if line.startswith("{"))
    data = json.loads(line)
    duration = data["duration_us"] / 1e6
    return {
        "connections": connections,
        "seconds": round(duration, 2),
        "requests": data["requests"],
        "rps": round(data["requests"] / duration, 1),
        "p50_ms": round(data["p50"] / 1000, 2),
        "p95_ms": round(data["p95"] / 1000, 2),
        "p99_ms": round(data["p99"] / 1000, 2),
        "errors": data["errors"],
    }


def load_test(full: dict, args) -> dict:
    """Start the server on the full-scale database and drive every page; return per page its wrk results."""
    results = {}
    sessions = full["sessions"]
    flush_cache(args)
    with Server(args.full_db, args) as server:
        base = f"http://127.0.0.1:{args.port}"
        order = [name for name in full["pages"] if not args.pages or name in args.pages or name == "floor"]
        # The floor first and last: the share of the floor uses their mean, the spread shows how steady the machine was.
        for position, name in enumerate(["floor", *order[1:], "floor"]):
            page = full["pages"][name]
            key = name if position == 0 or name != "floor" else "floor_end"
            cookie = f"sessionid={sessions[page['who']]}" if page["who"] else None
            spread = name == "api"  # every request another visitor, so the API's per-visitor rate limit is not hit
            url = base + page["url"]
            log(f"  {page['label']} …")
            wrk(url, connections=4, seconds=args.warmup, cookie=cookie, spread_visitors=spread)
            runs = [
                wrk(url, connections=c, seconds=args.seconds, cookie=cookie, spread_visitors=spread)
                for c in args.concurrency
            ]
            single = wrk(url, connections=1, seconds=args.single_seconds, cookie=cookie, spread_visitors=spread)
            results[key] = {"runs": runs, "single": single, "peak_memory_kb": server.peak_memory_kb()}
        results["_memory_kb"] = server.peak_memory_kb()
    return results


# -- the report ---------------------------------------------------------------------------------------------------


def build_report(small, full, load, args, seed_logs) -> dict:
    floor = {}
    for index, c in enumerate(args.concurrency):
        values = [load["floor"]["runs"][index]["rps"], load["floor_end"]["runs"][index]["rps"]]
        floor[c] = sum(values) / len(values)
    rows = []
    for name, page in full["pages"].items():
        if name not in load:
            continue
        result = load[name]
        row = {
            "name": name,
            "label": page["label"],
            "url": page["url"],
            "logged_in": bool(page["who"]),
            "queries_small": small["pages"][name]["queries"],
            "queries_full": page["queries"],
            "queries_cached": page["queries_cached"],
            "html_bytes": page["bytes"],
            "uncached_ms": page["uncached_ms"],
            "first_ms": page["first_ms"],
            "uncached_ms_small": small["pages"][name]["uncached_ms"],
            "single_p50_ms": result["single"]["p50_ms"],
            "peak_memory_kb": max(result["peak_memory_kb"] or [0]),
            "target_share": TARGETS.get(name),
            "target_single_ms": SINGLE_TARGETS_MS.get(name),
            "target_uncached_ms": UNCACHED_TARGET_MS if name in UNCACHED_TARGET_PAGES else None,
            "runs": [],
        }
        for run_ in result["runs"]:
            share = 100 * run_["rps"] / floor[run_["connections"]]
            row["runs"].append({**run_, "share_of_floor": round(share, 2)})
        rows.append(row)
    return {
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "command": "make bench",
        "machine": {"cpus": os.cpu_count(), "load_average_after": os.getloadavg(), "kernel": os.uname().release},
        "server": {"workers": args.workers, "worker_class": args.worker_class, "threads": args.threads},
        "load": {
            "seconds": args.seconds,
            "warmup": args.warmup,
            "concurrency": args.concurrency,
            "single_seconds": args.single_seconds,
        },
        "rows_full": full["rows"],
        "rows_small": small["rows"],
        "targets": full["targets"],
        "floor_rps": {str(c): round(v, 1) for c, v in floor.items()},
        "floor_spread": {
            str(c): [load["floor"]["runs"][i]["rps"], load["floor_end"]["runs"][i]["rps"]]
            for i, c in enumerate(args.concurrency)
        },
        "pages": rows,
        "scan": {"small": small["scan"], "full": full["scan"]},
        "similar": {"small": small["similar"], "full": full["similar"]},
        "peak_memory_kb": load["_memory_kb"],
        "seeding": seed_logs,
        "slowest_queries_full": {name: page["slowest_queries"] for name, page in full["pages"].items()},
    }


def markdown(report) -> str:
    c = report["load"]["concurrency"]
    head = [
        "page",
        *[f"req/s c={n}" for n in c],
        *[f"p50 / p95 / p99 ms c={n}" for n in c],
        *[f"% of floor c={n}" for n in c],
        "target",
        "queries 1/100 · full",
        "HTML bytes",
        "1 at a time p50 ms",
        "uncached ms",
        "first request ms",
    ]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for row in report["pages"]:
        runs = row["runs"]
        cells = [row["label"]]
        failed = sum(r["errors"]["status"] + r["errors"]["timeout"] for r in runs)
        if failed:
            cells[0] += f" (**{failed} failed requests**)"
        cells += [f"{r['rps']:,.0f}" for r in runs]
        cells += [f"{r['p50_ms']:.1f} / {r['p95_ms']:.1f} / {r['p99_ms']:.1f}" for r in runs]
        cells += ["100" if row["name"] == "floor" else f"{r['share_of_floor']:.1f}" for r in runs]
        targets = [f"≥ {row['target_share']} %"] if row["target_share"] else []
        if row.get("target_single_ms"):
            targets.append(f"≤ {row['target_single_ms']} ms one at a time")
        if row.get("target_uncached_ms"):
            targets.append(f"≤ {row['target_uncached_ms']} ms uncached")
        cells.append(" · ".join(targets))
        cells.append(f"{row['queries_small']} · {row['queries_full']}")
        cells.append(f"{row['html_bytes']:,}")
        cells.append(f"{row['single_p50_ms']:.1f}")
        cells.append("" if row["name"] == "floor" else f"{row['uncached_ms']:.1f}")
        cells.append("" if row["name"] == "floor" else f"{row['first_ms']:.0f}")
        lines.append("| " + " | ".join(cells) + " |")
    scan = report["scan"]
    lines.append("")
    lines.append(
        "Deadline scan over all open dialogues (rolled back, nothing sent): "
        f"{scan['small']['open_dialogues']:,} open at 1/100: {scan['small']['seconds']:.2f} s, "
        f"{scan['small']['queries']} queries; {scan['full']['open_dialogues']:,} open at full scale: "
        f"{scan['full']['seconds']:.2f} s, {scan['full']['queries']} queries."
    )
    similar = report["similar"]
    lines.append(
        "Similar initiatives query (one query per initiative page; "
        f"{similar['full']['initiatives']} initiatives): median {similar['small']['median_ms']:.1f} ms, "
        f"p95 {similar['small']['p95_ms']:.1f} ms at 1/100; median {similar['full']['median_ms']:.1f} ms, "
        f"p95 {similar['full']['p95_ms']:.1f} ms, slowest {similar['full']['max_ms']:.1f} ms at full scale "
        f"({similar['full']['queries']} query)."
    )
    memory = report["peak_memory_kb"]
    lines.append(f"Peak memory per worker (VmHWM): {', '.join(f'{kb / 1024:.0f} MB' for kb in memory)}.")
    return "\n".join(lines)


def chart(report, path: Path):
    import matplotlib
    import matplotlib.ticker

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = [row for row in report["pages"] if row["name"] != "floor"]
    labels = [row["label"] for row in rows][::-1]
    c = report["load"]["concurrency"]
    fig, axes = plt.subplots(1, 2, figsize=(12, 0.45 * len(rows) + 1.8), sharey=True)
    height = 0.8 / len(c)
    for index, n in enumerate(c):
        shares = [row["runs"][index]["share_of_floor"] for row in rows][::-1]
        positions = [i + index * height for i in range(len(rows))]
        axes[0].barh(positions, shares, height=height, label=f"concurrency {n}")
    for i, row in enumerate(rows[::-1]):
        if row["target_share"]:
            axes[0].plot([row["target_share"]] * 2, [i - 0.1, i + 0.8], color="black", linewidth=2)
    axes[0].set_xscale("log")
    ticks = [1, 2, 5, 10, 20, 50, 100]
    axes[0].set_xticks(ticks, [f"{t} %" for t in ticks])
    axes[0].xaxis.set_minor_formatter(matplotlib.ticker.NullFormatter())
    axes[0].set_xlim(0.5, 120)
    axes[0].set_xlabel("throughput, % of the floor (log scale; black: the target)")
    axes[0].legend(loc="upper right", fontsize="small")
    axes[0].set_yticks([i + 0.4 - height / 2 for i in range(len(rows))], labels)
    small = [row["queries_small"] for row in rows][::-1]
    full = [row["queries_full"] for row in rows][::-1]
    axes[1].barh([i for i in range(len(rows))], small, height=0.4, label="1/100 scale")
    axes[1].barh([i + 0.4 for i in range(len(rows))], full, height=0.4, label="full scale")
    axes[1].axvline(QUERY_BUDGET, color="black", linewidth=2)
    axes[1].set_xlabel(f"SQL queries per uncached request (black: the budget of {QUERY_BUDGET})")
    axes[1].legend(loc="upper right", fontsize="small")
    floor = ", ".join(f"c={k}: {v:,.0f} req/s" for k, v in report["floor_rps"].items())
    fig.suptitle(f"Kracht van Mokum at city scale, {report['date'][:10]}: floor (/ping) {floor}")
    fig.tight_layout()
    fig.savefig(path, format=path.suffix.lstrip("."))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--full-db", default="mokum_bench")
    parser.add_argument("--small-db", default="mokum_bench_small")
    parser.add_argument("--reseed", action="store_true", help="Drop and seed both databases again.")
    parser.add_argument("--seconds", type=int, default=10, help="Seconds per page and concurrency.")
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--single-seconds", type=int, default=3, help="Seconds of one request at a time.")
    parser.add_argument("--concurrency", type=lambda s: [int(n) for n in s.split(",")], default=[4, 16])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--worker-class", default="sync", choices=["sync", "gthread"])
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/4", help="The broker (not used by pages).")
    parser.add_argument("--cache-url", default="redis://127.0.0.1:6379/5", help="The cache: a database of its own.")
    parser.add_argument("--out", default=str(RESULTS), help="Where the JSON and the chart go.")
    parser.add_argument(
        "--pages",
        type=lambda s: s.split(","),
        default=None,
        help="Only these pages under load (names as in the JSON), for trying things out.",
    )
    args = parser.parse_args()
    args.secret_key = secrets.token_urlsafe(50)
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (Debian: apt-get install wrk; `make bench` does it).")

    seed_logs = {
        "full": ensure_database(args.full_db, 1.0, args),
        "small": ensure_database(args.small_db, 0.01, args),
    }
    run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"], server_env(args.full_db, args))
    log("Measuring queries, sizes and the deadline scan at 1/100 …")
    small = measure(args.small_db, args)
    log("… and at full scale.")
    full = measure(args.full_db, args, sessions=True)
    log(f"Load: gunicorn, {args.workers} {args.worker_class} workers; wrk {args.seconds} s per page and concurrency.")
    load = load_test(full, args)
    report = build_report(small, full, load, args, seed_logs)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    stamp = report["date"][:10]
    (out / f"bench-{stamp}.json").write_text(json.dumps(report, indent=2, default=str) + "\n")
    table = markdown(report)
    (out / f"bench-{stamp}.md").write_text(table + "\n")
    chart(report, out / f"bench-{stamp}.svg")
    print(table)
    print(f"\nWritten: {out}/bench-{stamp}.json, .md and .svg")


if __name__ == "__main__":
    main()
