from allauth.account.decorators import reauthentication_required
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from privacy import services
from privacy.export import export_filename, export_open, export_storage, export_zip
from privacy.forms import ConfirmPasswordForm
from privacy.register import Kind
from privacy.selectors import personal_data, record_count
from privacy.tasks import build_export

# Keys that the page leaves out of a record's one-line summary (the download has everything).
NOT_SUMMARISED = {"url", "viewed_by", "email_addresses", "description", "text"}


def _in_words(row: dict) -> str:
    """Return one record as a line of text: its values, without links and long texts."""
    parts = []
    for key, value in row.items():
        if key in NOT_SUMMARISED or value in (None, "", [], {}) or isinstance(value, bool):
            continue
        parts.append(str(value)[:120])
    return " · ".join(parts)


@login_required
def my_data(request):
    """Show what the platform holds about the person, grouped as in the register."""
    data = personal_data(request.user)
    groups = [
        {"kind": kind, "label": Kind(kind).label, "rows": [_in_words(row) for row in rows]}
        for kind, rows in data.items()
    ]
    return render(
        request,
        "privacy/my_data.html",
        {
            "groups": groups,
            "may_erase": request.user.has_perm("privacy.erase_own_account"),
            "support_requests": data.get(Kind.SUPPORT_REQUESTS, []),
        },
    )


@login_required
@reauthentication_required
def download(request):
    """Give the person all their data as a ZIP; a large one is built by a task and e-mailed as a link."""
    now = timezone.now()
    if record_count(personal_data(request.user)) > settings.PRIVACY_EXPORT_INLINE_LIMIT:
        build_export.delay(request.user.pk)
        messages.success(request, _("Your data is being collected. We e-mail you a link to download it."))
        return redirect("privacy:my_data")
    response = HttpResponse(export_zip(request.user, now=now), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{export_filename(request.user, now)}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@reauthentication_required
def export_file(request, token):
    """Serve a download built by the task, to the person it belongs to, while its link has not expired."""
    name = export_open(token, request.user)
    if name is None:
        raise Http404(_("This link has expired or is not yours. Ask for a new download on “My data”."))
    stored = export_storage().open(name, "rb")
    response = FileResponse(stored, as_attachment=True, filename=export_filename(request.user, timezone.now()))
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def delete_account(request):
    """Delete the person's account after they confirm with their password."""
    if not request.user.has_perm("privacy.erase_own_account"):
        return render(request, "privacy/delete_account.html", {"form": None}, status=403)
    form = ConfirmPasswordForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        try:
            services.account_erase(user=user)
        except services.PrivacyError as error:
            form.add_error(None, error.message)
        else:
            logout(request)
            messages.success(request, _("Your account is deleted. We sent a confirmation to your e-mail address."))
            return redirect("home")
    return render(request, "privacy/delete_account.html", {"form": form})
