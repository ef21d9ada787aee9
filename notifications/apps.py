from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        # Each app declares the notifications it sends in its own notices.py, and its reminder ladders
        # (what is due on a working day, and how each reminder is worded when it is sent) in reminders.py.
        autodiscover_modules("notices")
        autodiscover_modules("reminders")
        from notifications import (
            digest,  # noqa: F401 - registers the daily digest as a reminder subject
            tasks,  # noqa: F401 - hands what the services announce to the broker
        )
