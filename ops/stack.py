"""A private production-shaped stack on loopback: PostgreSQL, Redis, an SMTP sink, gunicorn and a Celery worker.

The load test (`make load`), the fault drills (`make drills`) and the restore drill start their OWN PostgreSQL
(initdb into a temporary directory) and Redis on ports of their own, and stop only those: they can never stop,
restart or fill a server that other people use. Everything listens on 127.0.0.1 only and stops by itself when
the `with` block ends (or the process exits).

    with Stack(port=8107) as stack:
        stack.migrate(); stack.manage("seed_demo")
        stack.start_web(); stack.start_worker()
        ...
"""

import atexit
import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from email.parser import BytesHeaderParser
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
PYTHON = str(VENV_BIN / "python")


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def postgres_bin(name: str) -> str:
    """Return the path of a PostgreSQL server program (initdb, pg_ctl): Debian keeps them out of PATH."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True)
    if not candidates:
        raise RuntimeError(f"{name} not found: install PostgreSQL's server package (Debian: postgresql).")
    return str(candidates[0])


def free_port(preferred: int) -> int:
    """Return `preferred` when nothing listens there on loopback, else a free port the kernel picks."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the servers do: TIME_WAIT is no obstacle
        try:
            probe.bind(("127.0.0.1", preferred))
            return preferred
        except OSError:
            pass
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(condition, *, seconds: float, what: str, interval: float = 0.2):
    """Poll `condition` until it returns something truthy; give up after `seconds` (every wait is bounded)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(interval)
    raise TimeoutError(f"{what}: not within {seconds:g} s")


def port_open(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
    except OSError:
        return False
    return True


class Stack:
    """Start and stop the private services; every process is ours, in its own session, stopped by its id."""

    def __init__(self, *, port: int = 8107, workers: int = 2, worker_concurrency: int = 2):
        self.dir = Path(tempfile.mkdtemp(prefix="mokum-stack-"))
        self.dir.chmod(0o755)
        self.port = free_port(port)
        self.pg_port = free_port(55432)
        self.redis_port = free_port(56379)
        self.smtp_port = free_port(52525)
        self.workers = workers
        self.worker_concurrency = worker_concurrency
        self.database = "mokum"
        self.pgdata = self.dir / "pgdata"
        self.pgrun = self.dir / "pgrun"  # the server's socket and log, writable by the `postgres` user
        self.maildir = self.dir / "mail"
        self.media = self.dir / "media"
        self.media.mkdir()
        self.processes: dict[str, subprocess.Popen] = {}
        self.secret_key = secrets.token_urlsafe(50)
        self.as_postgres = os.geteuid() == 0  # initdb refuses to run as root: run the server as `postgres`
        atexit.register(self.stop)

    # -- environment -------------------------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def database_url(self, name: str | None = None) -> str:
        return f"postgres://postgres@127.0.0.1:{self.pg_port}/{name or self.database}"

    def env(self, **overrides) -> dict:
        """Return the production settings (DEBUG off), for plain HTTP on loopback and this stack's services."""
        return {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": os.environ.get("HOME", "/root"),
            "LANG": "C.UTF-8",
            "DEBUG": "false",
            "SECRET_KEY": self.secret_key,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "false",
            "SESSION_COOKIE_SECURE": "false",
            "STATIC_MANIFEST": "true",
            "DATABASE_URL": self.database_url(),
            "REDIS_URL": f"redis://127.0.0.1:{self.redis_port}/0",
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "MEDIA_ROOT": str(self.media),
            "BACKUP_DIR": str(self.dir / "backups"),
            "SITE_URL": self.base_url,
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(self.smtp_port),
            "EMAIL_USE_TLS": "false",
            "EMAIL_TIMEOUT": "10",
            "LOG_LEVEL": "WARNING",
            # The simulated people each name their own address in X-Forwarded-For, as behind the real proxy.
            "NUM_PROXIES": "1",
            **overrides,
        }

    # -- PostgreSQL --------------------------------------------------------------------------------------------

    def _pg(self, *args: str, check: bool = True, timeout: int = 120) -> subprocess.CompletedProcess:
        """Run a PostgreSQL program (as `postgres` when we are root); its output goes to a file, never a pipe.

        A server that pg_ctl starts inherits the program's output: a pipe would stay open as long as the server
        runs, and waiting for its end would never return.
        """
        command = list(args)
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        output = self.dir / "pg_ctl.log"
        with output.open("ab") as handle:
            result = subprocess.run(command, stdout=handle, stderr=subprocess.STDOUT, timeout=timeout)
        if check and result.returncode != 0:
            tail = output.read_text(errors="replace")[-2000:]
            raise RuntimeError(f"{' '.join(args)} failed ({result.returncode}):\n{tail}")
        return result

    @property
    def _pg_options(self) -> str:
        return f"-p {self.pg_port} -k {self.pgrun} -c listen_addresses=127.0.0.1 -c max_connections=60"

    def start_postgres(self) -> None:
        if not self.pgdata.exists():
            for folder in (self.pgdata, self.pgrun):
                folder.mkdir(mode=0o700)
                if self.as_postgres:
                    shutil.chown(folder, "postgres", "postgres")
            self._pg(
                postgres_bin("initdb"),
                "-D",
                str(self.pgdata),
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale",
                "C.UTF-8",
                "--no-instructions",
            )
        self._pg(
            postgres_bin("pg_ctl"),
            "-D",
            str(self.pgdata),
            "-o",
            self._pg_options,
            "-l",
            str(self.pgrun / "log"),
            "-w",
            "-t",
            "60",
            "start",
        )
        with contextlib.suppress(RuntimeError):  # the database exists already (a second start)
            self._pg("createdb", "-h", "127.0.0.1", "-p", str(self.pg_port), "-U", "postgres", self.database)

    def stop_postgres(self, mode: str = "fast") -> None:
        if (self.pgdata / "postmaster.pid").exists():
            self._pg(postgres_bin("pg_ctl"), "-D", str(self.pgdata), "-m", mode, "-w", "-t", "60", "stop", check=False)

    def restart_postgres(self) -> float:
        """Restart the private PostgreSQL (fast mode: open connections are cut); return how long it was away."""
        started = time.monotonic()
        self._pg(
            postgres_bin("pg_ctl"),
            "-D",
            str(self.pgdata),
            "-m",
            "fast",
            "-w",
            "-t",
            "60",
            "-l",
            str(self.pgrun / "log"),
            "-o",
            self._pg_options,
            "restart",
        )
        return time.monotonic() - started

    def sql(self, query: str, database: str | None = None):
        """Run one query on the private server and return its rows."""
        with psycopg.connect(self.database_url(database), autocommit=True) as conn:
            cursor = conn.execute(query)
            return cursor.fetchall() if cursor.description else []

    # -- Redis and the SMTP sink -------------------------------------------------------------------------------

    def start_redis(self) -> None:
        # Append-only as in docker-compose.yml: queued tasks survive a Redis restart.
        self._spawn(
            "redis",
            [
                "redis-server",
                "--port",
                str(self.redis_port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "yes",
                "--dir",
                str(self.dir),
                "--daemonize",
                "no",
                "--protected-mode",
                "yes",
            ],
        )
        wait_for(lambda: port_open(self.redis_port), seconds=20, what="Redis")

    def stop_redis(self) -> None:
        self._stop("redis")

    def start_smtp(self) -> None:
        self._spawn(
            "smtp",
            [
                PYTHON,
                str(ROOT / "ops" / "smtp_sink.py"),
                "--port",
                str(self.smtp_port),
                "--maildir",
                str(self.maildir),
                "--delay-file",
                str(self.dir / "mail-delay"),
            ],
        )
        wait_for(lambda: port_open(self.smtp_port), seconds=20, what="SMTP sink")

    def slow_mail(self, seconds: float) -> None:
        """Make every delivery to the sink take `seconds` from now on (0: at once)."""
        (self.dir / "mail-delay").write_text(str(seconds))

    def mails(self) -> list[dict]:
        """Return the Message-ID and recipients of every mail the sink received (repeats included)."""
        found = []
        for folder in ("new", "cur"):
            directory = self.maildir / folder
            for path in directory.glob("*") if directory.exists() else []:
                with path.open("rb") as handle:
                    headers = BytesHeaderParser().parse(handle)
                found.append({"message_id": (headers["Message-ID"] or "").strip(), "to": headers["To"] or ""})
        return found

    # -- the site and the worker -------------------------------------------------------------------------------

    def manage(self, *args: str, timeout: int = 600, **env) -> str:
        result = subprocess.run(
            [PYTHON, "manage.py", *args],
            cwd=ROOT,
            env=self.env(**env),
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if result.returncode != 0:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result.stdout

    def python(self, script: str, *args: str, timeout: int = 600, **env) -> str:
        """Run a Python script of ours (Django set up by the script) against this stack; return its stdout."""
        result = subprocess.run(
            [PYTHON, script, *args], cwd=ROOT, env=self.env(**env), capture_output=True, text=True, timeout=timeout
        )
        if result.returncode != 0:
            raise RuntimeError(f"{script} failed:\n{result.stdout}\n{result.stderr}")
        return result.stdout

    def prepare_site(self, seed: bool = True) -> None:
        """Migrate, collect the static files and (with `seed`) load the demo data."""
        self.manage("migrate", "--noinput", "-v", "0")
        self.manage("collectstatic", "--noinput", "-v", "0")
        if seed:
            # seed_demo refuses DEBUG off (its accounts share a public password): this database is private.
            self.manage("seed_demo", "--quiet-accounts", DEBUG="true")

    def start_web(self, name: str = "web", port: int | None = None, **env) -> str:
        """Start gunicorn (DEBUG off) on loopback; return its base URL. `env` overrides settings (a second site)."""
        port = port or self.port
        self._spawn(
            name,
            [
                str(VENV_BIN / "gunicorn"),
                "mokum.wsgi:application",
                "--workers",
                str(self.workers),
                "--bind",
                f"127.0.0.1:{port}",
                "--timeout",
                "60",
                "--graceful-timeout",
                "5",
                "--log-level",
                "warning",
            ],
            log_name=f"{name}.log",
            **env,
        )
        base = f"http://127.0.0.1:{port}"
        wait_for(lambda: self.get("/ping", base=base)[0] == 200, seconds=60, what="gunicorn")
        return base

    def stop_web(self, name: str = "web") -> None:
        self._stop(name)

    def start_worker(self) -> None:
        self._spawn(
            "worker",
            [
                str(VENV_BIN / "celery"),
                "-A",
                "mokum",
                "worker",
                "--loglevel",
                "warning",
                "--concurrency",
                str(self.worker_concurrency),
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "--hostname",
                f"load-{os.getpid()}@%h",
            ],
            log_name="worker.log",
        )
        time.sleep(3)

    def kill_worker(self) -> int:
        """SIGKILL the worker and its pool: no warm shutdown, no chance to acknowledge or put anything back."""
        process = self.processes.pop("worker")
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
        return process.pid

    def get(self, path: str, timeout: float = 10, base: str | None = None) -> tuple[int, str]:
        try:
            with urllib.request.urlopen((base or self.base_url) + path, timeout=timeout) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")
        except OSError:
            return 0, ""

    def health(self) -> dict:
        status, body = self.get("/healthz")
        try:
            return {"http_status": status, **json.loads(body)}
        except ValueError:
            return {"http_status": status}

    # -- processes ---------------------------------------------------------------------------------------------

    def _spawn(self, name: str, command: list[str], log_name: str | None = None, **env) -> None:
        output = (self.dir / (log_name or f"{name}.log")).open("ab")
        self.processes[name] = subprocess.Popen(
            command, cwd=ROOT, env=self.env(**env), stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )

    def _stop(self, name: str) -> None:
        process = self.processes.pop(name, None)
        if process is None or process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)

    def log_text(self, name: str) -> str:
        path = self.dir / name
        return path.read_text(errors="replace") if path.exists() else ""

    def start(self) -> "Stack":
        log(
            f"Private stack in {self.dir}: PostgreSQL :{self.pg_port}, Redis :{self.redis_port}, "
            f"SMTP sink :{self.smtp_port}, site :{self.port} (loopback only)"
        )
        self.start_postgres()
        self.start_redis()
        self.start_smtp()
        return self

    def stop(self, keep: bool = False) -> None:
        for name in [name for name in self.processes if name not in ("smtp", "redis")] + ["smtp", "redis"]:
            self._stop(name)
        self.stop_postgres(mode="immediate")
        if not keep and self.dir.exists():
            shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self) -> "Stack":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop(keep=bool(os.environ.get("KEEP_STACK")))
