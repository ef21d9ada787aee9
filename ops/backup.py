"""Back up the database and the uploaded media, and restore them into a NEW database (README: Reliability).

    python ops/backup.py backup                                   # make backup
    python ops/backup.py restore --from backups/20261129-120000 --database-url postgres://…/mokum_restored
                                 [--media-root /srv/media-restored]   # make restore FROM=… TO=…

`backup` reads DATABASE_URL (PostgreSQL), MEDIA_ROOT (default ./media) and BACKUP_DIR (default ./backups) from
the environment, as the site does. It writes one folder per backup with the database in pg_dump's custom
format (`database.dump`), the media as `media.tar.gz` and `manifest.json` (sizes, SHA-256 checksums and the
row counts of the main tables). Only when all three are written does it record the backup in
BACKUP_DIR/last-backup.json, which /healthz reports as `last_backup`.

`restore` creates the target database (it refuses one that exists: a restore never overwrites data), restores
the dump into it, unpacks the media, and compares the row counts with the manifest. Point DATABASE_URL and
MEDIA_ROOT at the restored copies and restart the site.

pg_dump and pg_restore must be at least the server's major version (in docker-compose: run this in the `db`
container, or a `postgres:16` image on the same network).
"""

import argparse
import datetime
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

ROOT = Path(__file__).resolve().parent.parent
RECORD = "last-backup.json"
# The tables whose row counts a restore must reproduce.
COUNTED = [
    "accounts_user",
    "districts_district",
    "initiatives_initiative",
    "initiatives_support",
    "dialogues_dialogue",
    "dialogues_message",
    "dialogues_dialogueevent",
    "dialogues_commitment",
    "notifications_notification",
    "notifications_remindersent",
]


def postgres_url(raw: str | None) -> str:
    if not raw or urlsplit(raw).scheme not in {"postgres", "postgresql"}:
        sys.exit("DATABASE_URL must be a postgres:// URL (the embedded SQLite site is backed up by copying its file).")
    return raw.replace("postgres://", "postgresql://", 1)


def row_counts(url: str) -> dict:
    with psycopg.connect(url) as conn:
        return {table: conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in COUNTED}


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def backup(*, database_url: str, media_root: Path, backup_dir: Path, now=None) -> Path:
    """Write a backup folder under `backup_dir`; record it as the last backup; return the folder."""
    now = now or datetime.datetime.now(datetime.UTC)
    target = backup_dir / now.strftime("%Y%m%d-%H%M%S")
    target.mkdir(parents=True, exist_ok=False)
    counts = row_counts(database_url)
    dump = target / "database.dump"
    subprocess.run(
        ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={dump}", f"--dbname={database_url}"],
        check=True,
        timeout=3600,
    )
    media = target / "media.tar.gz"
    with tarfile.open(media, "w:gz") as archive:
        if media_root.exists():
            archive.add(media_root, arcname=".")
    manifest = {
        "finished_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "database": urlsplit(database_url).path.lstrip("/"),
        "files": {path.name: {"bytes": path.stat().st_size, "sha256": sha256(path)} for path in (dump, media)},
        "row_counts": counts,
    }
    (target / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    record = {"finished_at": manifest["finished_at"], "path": str(target)}
    (backup_dir / RECORD).write_text(json.dumps(record) + "\n")
    print(
        f"Backup written to {target}: database {manifest['files']['database.dump']['bytes']:,} bytes, media "
        f"{manifest['files']['media.tar.gz']['bytes']:,} bytes; {counts['initiatives_initiative']} initiatives, "
        f"{counts['dialogues_dialogue']} dialogues, {counts['accounts_user']} accounts."
    )
    return target


def restore(*, source: Path, database_url: str, media_root: Path | None) -> dict:
    """Restore the backup in `source` into a new database (and media folder); return the counts compared."""
    manifest = json.loads((source / "manifest.json").read_text())
    for name, expected in manifest["files"].items():
        if sha256(source / name) != expected["sha256"]:
            sys.exit(f"{source / name} does not match its checksum in the manifest: the backup is damaged.")
    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            sys.exit(f"The database {name!r} exists: restore into a new database, then point DATABASE_URL at it.")
        conn.execute(f'CREATE DATABASE "{name}"')
    subprocess.run(
        [
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            f"--dbname={database_url}",
            str(source / "database.dump"),
        ],
        check=True,
        timeout=3600,
    )
    if media_root is not None:
        if media_root.exists() and any(media_root.iterdir()):
            sys.exit(f"{media_root} is not empty: restore the media into a new folder.")
        media_root.mkdir(parents=True, exist_ok=True)
        with tarfile.open(source / "media.tar.gz") as archive:
            archive.extractall(media_root, filter="data")
    restored = row_counts(database_url)
    differences = {
        t: (manifest["row_counts"][t], restored[t]) for t in COUNTED if manifest["row_counts"][t] != restored[t]
    }
    print(
        f"Restored {source} into {name}"
        + (f" and {media_root}" if media_root else "")
        + ": "
        + ("every counted table has the rows it had." if not differences else f"DIFFERENT counts: {differences}")
    )
    if differences:
        sys.exit(1)
    return restored


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("backup", help="Back up the database and the media.")
    restore_parser = commands.add_parser("restore", help="Restore a backup into a new database.")
    restore_parser.add_argument("--from", dest="source", required=True, help="A backup folder.")
    restore_parser.add_argument(
        "--database-url", required=True, help="postgres://… of a database that does not exist yet."
    )
    restore_parser.add_argument("--media-root", help="An empty (or new) folder for the uploaded media.")
    args = parser.parse_args()
    if not shutil.which("pg_dump"):
        sys.exit("pg_dump is not installed (Debian: postgresql-client).")
    if args.command == "backup":
        backup(
            database_url=postgres_url(os.environ.get("DATABASE_URL")),
            media_root=Path(os.environ.get("MEDIA_ROOT") or ROOT / "media"),
            backup_dir=Path(os.environ.get("BACKUP_DIR") or ROOT / "backups"),
        )
    else:
        restore(
            source=Path(args.source),
            database_url=postgres_url(args.database_url),
            media_root=Path(args.media_root) if args.media_root else None,
        )


if __name__ == "__main__":
    main()
