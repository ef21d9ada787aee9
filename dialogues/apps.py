from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


def recompute_deadlines(sender, **kwargs):
    """A holiday or closure day changed: move the deadlines of open dialogues with it."""
    from dialogues.services import dialogues_recompute_deadlines

    dialogues_recompute_deadlines()


class DialoguesConfig(AppConfig):
    name = "dialogues"
    verbose_name = _("Dialogues")

    def ready(self):
        from districts.models import Holiday

        # The calendar lives in districts (other apps use it too); dialogues follows its changes.
        post_save.connect(recompute_deadlines, sender=Holiday, dispatch_uid="dialogues_holiday_saved")
        post_delete.connect(recompute_deadlines, sender=Holiday, dispatch_uid="dialogues_holiday_deleted")
