from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.models import User
from notifications.services import absolute_url
from privacy.export import export_store
from privacy.retention import apply_retention as run_retention


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def build_export(user_id: int) -> None:
    """Build a person's download and e-mail them a link that expires."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return
    token = export_store(user)
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        link = absolute_url(reverse("privacy:export_file", kwargs={"token": token}))
        context = {"person": user, "link": link, "hours": settings.PRIVACY_EXPORT_LINK_HOURS}
        send_mail(
            subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + _("Your data is ready to download"),
            message=render_to_string("privacy/email/export_ready.txt", context),
            from_email=None,
            recipient_list=[user.email],
        )


@shared_task
def apply_retention() -> dict:
    """Apply the register's retention rules (daily, by Celery beat)."""
    return run_retention()
