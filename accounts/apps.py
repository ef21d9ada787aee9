from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and roles")

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.db.models.signals import post_delete, post_save

        from accounts.middleware import forget_cached_user

        # A saved account (a new password, a log-in, a deactivation) is read from the database on the next request.
        post_save.connect(forget_cached_user, sender=get_user_model(), dispatch_uid="mokum-forget-user-save")
        post_delete.connect(forget_cached_user, sender=get_user_model(), dispatch_uid="mokum-forget-user-delete")
