"""A person's data as a ZIP: one JSON file per kind of the register, and a readable HTML summary."""

import io
import json
import zipfile
from pathlib import PurePosixPath

from django.conf import settings
from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, storages
from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.models import User
from privacy.register import Kind
from privacy.selectors import personal_data

SIGNING_SALT = "privacy.export"


def export_zip(user: User, *, now=None) -> bytes:
    """Return the ZIP of everything the platform holds about `user`."""
    now = now or timezone.now()
    data = personal_data(user)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for kind, rows in data.items():
            archive.writestr(f"{kind}.json", json.dumps(rows, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2))
        groups = [{"kind": Kind(kind).label, "rows": rows} for kind, rows in data.items()]
        summary = render_to_string("privacy/export_summary.html", {"groups": groups, "person": user, "now": now})
        archive.writestr("index.html", summary)
    return buffer.getvalue()


def export_filename(user: User, now) -> str:
    return f"kracht-van-mokum-my-data-{timezone.localdate(now).isoformat()}.zip"


def export_storage():
    """Return where downloads built by the task are kept: STORAGES["exports"] when configured (shared storage such
    as S3, so any web process can serve what a worker built), else the private folder PRIVACY_EXPORT_ROOT."""
    if "exports" in settings.STORAGES:
        return storages["exports"]
    return FileSystemStorage(location=settings.PRIVACY_EXPORT_ROOT, base_url=None)


def export_store(user: User, *, now=None) -> str:
    """Build the ZIP of `user` into the export storage; return a signed, expiring token for its link."""
    now = now or timezone.now()
    name = export_storage().save(f"{user.pk}-{int(now.timestamp())}.zip", ContentFile(export_zip(user, now=now)))
    return signing.dumps({"user": user.pk, "file": name}, salt=SIGNING_SALT)


def export_open(token: str, user: User) -> str | None:
    """Return the name of the stored export a token points to, when it is `user`'s, not expired, and still there."""
    try:
        payload = signing.loads(token, salt=SIGNING_SALT, max_age=settings.PRIVACY_EXPORT_LINK_HOURS * 3600)
    except signing.BadSignature:
        return None
    if payload.get("user") != user.pk:
        return None
    name = PurePosixPath(str(payload.get("file", ""))).name
    return name if name and export_storage().exists(name) else None
