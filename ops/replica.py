"""`make replica-demo`: a real PostgreSQL streaming replica on loopback, and the site's router reading from it.

1. Starts a PRIVATE primary (initdb into a temporary folder, as the load test and drills do: never the shared
   server), creates the database and copies it with `pg_basebackup -R` into a second cluster, started on another
   port as a hot standby that streams the primary's WAL.
2. Migrates and loads the demo data on the primary only; the replica receives it by streaming.
3. Runs ops/replica_check.py with DATABASE_URL (primary) and DATABASE_REPLICA_URL (replica): a coordinator's
   dashboard and the statistics read from the replica, a resident's support is written on the primary and read
   back by that resident from the primary (read-your-writes), the replica catches up, and refuses writes.

    python ops/replica.py [--port 8127]      (KEEP_STACK=1 keeps the folder for a look afterwards)

Everything stops by itself at the end (by process id, in its own folder); it prints what it saw, as JSON last.
"""

import argparse
import json
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ops.stack import Stack, free_port, log, postgres_bin  # noqa: E402


class ReplicatedStack(Stack):
    """The private stack's PostgreSQL as a primary, plus a streaming hot standby of it on another port."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.replica_port = free_port(self.pg_port + 1)
        self.replica_data = self.dir / "replica"
        self.replica_run = self.dir / "replica-run"

    def replica_url(self, name: str | None = None) -> str:
        return f"postgres://postgres@127.0.0.1:{self.replica_port}/{name or self.database}"

    def start_replica(self) -> None:
        for folder in (self.replica_data, self.replica_run):
            folder.mkdir(mode=0o700)
            if self.as_postgres:
                shutil.chown(folder, "postgres", "postgres")
        # A copy of the running primary; -R writes primary_conninfo and standby.signal, -X stream the WAL meanwhile.
        self._pg(
            postgres_bin("pg_basebackup"),
            "-h",
            "127.0.0.1",
            "-p",
            str(self.pg_port),
            "-U",
            "postgres",
            "-D",
            str(self.replica_data),
            "-R",
            "-X",
            "stream",
            "--checkpoint=fast",
        )
        options = f"-p {self.replica_port} -k {self.replica_run} -c listen_addresses=127.0.0.1 -c hot_standby=on"
        self._pg(
            postgres_bin("pg_ctl"),
            "-D",
            str(self.replica_data),
            "-o",
            options,
            "-l",
            str(self.replica_run / "log"),
            "-w",
            "-t",
            "60",
            "start",
        )

    def stop_replica(self) -> None:
        if (self.replica_data / "postmaster.pid").exists():
            self._pg(postgres_bin("pg_ctl"), "-D", str(self.replica_data), "-m", "fast", "-w", "stop", check=False)

    def stop(self, keep: bool = False) -> None:
        self.stop_replica()
        super().stop(keep=keep)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=8127)
    args = parser.parse_args()
    started = time.monotonic()
    with ReplicatedStack(port=args.port) as stack:  # starts the primary, Redis and the mail sink
        log(f"Primary on 127.0.0.1:{stack.pg_port}; copying it with pg_basebackup -R …")
        stack.start_replica()
        state = stack.sql("SELECT client_addr::text, state, sync_state FROM pg_stat_replication")
        log(f"Replica on 127.0.0.1:{stack.replica_port}, streaming: {state}")
        log("Migrating and loading the demo data on the primary only …")
        stack.prepare_site()
        output = stack.python(
            str(ROOT / "ops" / "replica_check.py"),
            DATABASE_REPLICA_URL=stack.replica_url(),
            ALLOWED_HOSTS="testserver,127.0.0.1",
            REPLICA_PIN_SECONDS="15",
        )
        result = json.loads(output.strip().splitlines()[-1])
        result["streaming"] = [list(row) for row in state]
        result["seconds"] = round(time.monotonic() - started, 1)
    print(json.dumps(result, indent=2))
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
