from django.contrib import admin

from notifications.models import Notification, NotificationPreference, ReminderSent


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["recipient", "kind", "created_at", "read_at", "email_status", "emailed_at", "digested_at"]
    list_filter = ["kind", "email_status"]
    search_fields = ["recipient__email"]
    raw_id_fields = ["recipient"]
    readonly_fields = ["created_at"]


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "email", "updated_at"]
    list_filter = ["email"]
    search_fields = ["user__email"]
    raw_id_fields = ["user"]


@admin.register(ReminderSent)
class ReminderSentAdmin(admin.ModelAdmin):
    """Read-only: the rows are the record that each reminder went out once."""

    list_display = ["kind", "subject_type", "subject_id", "clock", "recipient", "created_at", "sent_at", "given_up_at"]
    list_filter = ["subject_type", "kind"]
    search_fields = ["recipient__email"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
