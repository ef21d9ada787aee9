"""The notifications about personal data; params fill the %(name)s placeholders."""

from django.utils.translation import gettext_lazy as _

from notifications.kinds import register

register(
    "privacy_initiative_withdrawn_erased",
    subject=_("The initiative “%(title)s” is withdrawn"),
    body=_(
        "The initiator of “%(title)s” in %(district)s deleted their account. Nobody else spoke for the initiative, "
        "so it is withdrawn. It stays readable, without their name."
    ),
)
register(
    "privacy_inactive_account",
    subject=_("Your account at Kracht van Mokum will be anonymised"),
    body=_(
        "You have not logged in for a long time. On %(date)s we anonymise your account: your name and e-mail "
        "address are removed. Log in before then to keep your account."
    ),
    decides=True,
)
