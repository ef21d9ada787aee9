from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from notifications.forms import PreferenceForm
from notifications.models import Notification
from notifications.selectors import notifications_for
from notifications.services import (
    email_frequency,
    notification_mark_read,
    notification_preference_set,
    notifications_mark_all_read,
)


@login_required
def notification_list(request):
    return render(request, "notifications/list.html", {"notifications": notifications_for(request.user)})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def notification_open(request, pk):
    """Mark a notification read and go where it points.

    A plain link (GET), so a notification opens in a new tab and without JavaScript; marking one's own
    notification read is harmless if a page elsewhere links here, and only its recipient finds it.
    """
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    notification_mark_read(notification=notification)
    target = notification.url
    if not target or not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "notifications:list"
    return redirect(target)


@login_required
@require_POST
def notification_read_all(request):
    count = notifications_mark_all_read(user=request.user)
    if count:
        messages.success(request, _("All notifications are marked as read."))
    return redirect("notifications:list")


@login_required
def notification_settings(request):
    """Show and change how often the person is e-mailed."""
    if request.method == "POST":
        form = PreferenceForm(request.POST)
        if form.is_valid():
            notification_preference_set(user=request.user, email=form.cleaned_data["email"])
            messages.success(request, _("Your notification settings are saved."))
            return redirect("notifications:settings")
        status = 400
    else:
        form = PreferenceForm(initial={"email": email_frequency(request.user)})
        status = 200
    return render(request, "notifications/settings.html", {"form": form}, status=status)
