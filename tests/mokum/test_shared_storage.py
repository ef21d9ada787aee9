"""Files that matter live on storage every process shares: uploads and the privacy downloads go to S3-compatible
storage with STORAGE_BACKEND=s3, else to the configured folders; a replica database is configured by URL."""

import json

from tests.mokum.test_settings import manage

SHOW = (
    "from django.conf import settings; import json; "
    "print(json.dumps({'storages': settings.STORAGES, 'databases': sorted(settings.DATABASES), "
    "'routers': settings.DATABASE_ROUTERS, 'middleware': settings.MIDDLEWARE, 'sessions': settings.SESSION_ENGINE}))"
)


def settings_with(**env):
    result = manage("shell", "-c", SHOW, env={"DEBUG": "true", **env})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_by_default_files_are_on_the_filesystem_and_there_is_no_replica():
    shown = settings_with()
    assert shown["storages"]["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert "exports" not in shown["storages"]
    assert shown["databases"] == ["default"] and shown["routers"] == []
    assert "mokum.dbrouter.ReplicaMiddleware" not in shown["middleware"]


def test_s3_storage_for_uploads_and_private_downloads():
    shown = settings_with(STORAGE_BACKEND="s3", AWS_STORAGE_BUCKET_NAME="mokum-files")
    default, exports = shown["storages"]["default"], shown["storages"]["exports"]
    assert default["BACKEND"] == exports["BACKEND"] == "storages.backends.s3.S3Storage"
    assert exports["OPTIONS"]["location"] == "private/exports" and exports["OPTIONS"]["querystring_auth"] is True


def test_s3_without_a_bucket_or_an_unknown_backend_is_refused_by_name():
    assert "AWS_STORAGE_BUCKET_NAME" in manage("check", env={"DEBUG": "true", "STORAGE_BACKEND": "s3"}).stderr
    assert "STORAGE_BACKEND" in manage("check", env={"DEBUG": "true", "STORAGE_BACKEND": "ftp"}).stderr


def test_a_replica_url_adds_the_replica_its_router_and_middleware():
    shown = settings_with(DATABASE_REPLICA_URL="postgres://reader@127.0.0.1:5433/mokum")
    assert shown["databases"] == ["default", "replica"]
    assert shown["routers"] == ["mokum.dbrouter.ReplicaRouter"]
    middleware = shown["middleware"]
    assert (
        middleware.index("mokum.dbrouter.ReplicaMiddleware")
        == middleware.index("mokum.pagecache.VisitorPageCacheMiddleware") - 1
    )


def test_sessions_are_read_through_a_shared_cache_only():
    assert settings_with()["sessions"] == "django.contrib.sessions.backends.db"
    assert settings_with(REDIS_URL="redis://127.0.0.1:6379/12")["sessions"] == "mokum.sessions"
