"""What /healthz says about backups, and a damaged backup that is never restored."""

import json

import pytest

from ops.backup import restore


@pytest.mark.django_db
def test_health_says_when_the_last_backup_finished(client, settings, tmp_path):
    settings.BACKUP_DIR = tmp_path
    assert "last_backup" not in client.get("/healthz").json()

    (tmp_path / "last-backup.json").write_text(json.dumps({"finished_at": "2026-11-29T03:00:00+00:00", "path": "x"}))
    assert client.get("/healthz").json()["last_backup"] == "2026-11-29T03:00:00+00:00"


@pytest.mark.django_db
def test_an_unreadable_backup_record_is_not_reported(client, settings, tmp_path):
    settings.BACKUP_DIR = tmp_path
    (tmp_path / "last-backup.json").write_text("{not json")
    response = client.get("/healthz")
    assert response.status_code == 200
    assert "last_backup" not in response.json()


def test_a_backup_that_does_not_match_its_checksums_is_refused_before_anything_is_restored(tmp_path):
    (tmp_path / "database.dump").write_bytes(b"changed after the backup")
    (tmp_path / "media.tar.gz").write_bytes(b"")
    manifest = {"files": {"database.dump": {"sha256": "0" * 64}, "media.tar.gz": {"sha256": "0" * 64}}}
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(SystemExit, match="damaged"):
        restore(source=tmp_path, database_url="postgresql://nobody@127.0.0.1:9/never", media_root=None)
