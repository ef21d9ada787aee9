from types import SimpleNamespace

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.urls import reverse
from django.utils import translation

from mokum.text import email_subject

SITE_NAME = "Kracht van Mokum"


class AccountAdapter(DefaultAccountAdapter):
    """allauth's adapter: fills the display name when no form did, and writes mail in the person's language."""

    def populate_username(self, request, user):
        if not user.display_name:
            user.display_name = user.email.split("@")[0][:80]

    def send_mail(self, template_prefix, email, context):
        user = context.get("user")
        language = getattr(user, "preferred_language", "") or translation.get_language()
        with translation.override(language):
            super().send_mail(template_prefix, email, context)

    def format_email_subject(self, subject):
        return email_subject(super().format_email_subject(subject))

    def render_mail(self, template_prefix, email, context, headers=None):
        site = context.get("current_site")
        if site is not None:
            # Mails greet with the platform's name rather than the bare host name.
            context = {**context, "current_site": SimpleNamespace(name=SITE_NAME, domain=site.domain)}
        return super().render_mail(template_prefix, email, context, headers=headers)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Staff sign in with the city's account (OpenID Connect): only into an account that already exists.

    allauth links the city's account to ours by a verified e-mail address only (settings.py); nobody gets a new
    account this way, because roles are memberships an administrator grants to a known person.
    """

    def is_open_for_signup(self, request, sociallogin):
        return False

    def pre_social_login(self, request, sociallogin):
        # Staff come for their work: the inbox, unless they were on their way somewhere.
        sociallogin.state.setdefault("next", reverse("dialogues:inbox"))
