from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class DialoguesConfig(AppConfig):
    name = "dialogues"
    verbose_name = _("Dialogues")

    def ready(self):
        from dialogues.signals import holiday_changed
        from districts.models import Holiday

        # The calendar lives in districts (other apps use it too); dialogues follows its changes.
        post_save.connect(holiday_changed, sender=Holiday, dispatch_uid="dialogues_holiday_saved")
        post_delete.connect(holiday_changed, sender=Holiday, dispatch_uid="dialogues_holiday_deleted")
