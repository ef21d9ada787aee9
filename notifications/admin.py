from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from notifications.models import Notification, NotificationPreference, ReminderSent


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["recipient", "kind", "created_at", "read_at", "email_status", "emailed_at", "digested_at"]
    list_filter = ["kind", "email_status"]
    search_fields = ["recipient__email"]
    raw_id_fields = ["recipient"]
    readonly_fields = ["created_at", "email_error"]


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "email", "updated_at"]
    list_filter = ["email"]
    search_fields = ["user__email"]
    raw_id_fields = ["user"]


class ReminderOutcomeFilter(admin.SimpleListFilter):
    """Filter reminders by what became of them, so failed ones are one click away."""

    title = _("outcome")
    parameter_name = "outcome"

    def lookups(self, request, model_admin):
        return [
            ("waiting", _("waiting to be sent")),
            ("sent", _("sent")),
            ("given_up", _("not sent, the turn moved on")),
            ("failed", _("could not be sent")),
        ]

    def queryset(self, request, queryset):
        settled = {"sent_at__isnull": True, "given_up_at__isnull": True, "failed_at__isnull": True}
        return {
            "waiting": lambda: queryset.filter(**settled),
            "sent": lambda: queryset.filter(sent_at__isnull=False),
            "given_up": lambda: queryset.filter(given_up_at__isnull=False),
            "failed": lambda: queryset.filter(failed_at__isnull=False),
        }.get(self.value(), lambda: queryset)()


@admin.register(ReminderSent)
class ReminderSentAdmin(admin.ModelAdmin):
    """Read-only: the rows are the record that each reminder went out once."""

    list_display = [
        "kind",
        "subject_type",
        "subject_id",
        "clock",
        "recipient",
        "created_at",
        "sent_at",
        "given_up_at",
        "failed_at",
    ]
    list_filter = [ReminderOutcomeFilter, "subject_type", "kind"]
    search_fields = ["recipient__email"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
