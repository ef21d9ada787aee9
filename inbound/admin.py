from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from inbound.models import AwayNotice, InboundMail


@admin.register(InboundMail)
class InboundMailAdmin(admin.ModelAdmin):
    """Staff read what came in and what became of it; nothing here changes a dialogue."""

    list_display = ["received_at", "sender", "subject", "outcome", "reason", "dialogue"]
    list_filter = ["outcome", "reason"]
    search_fields = ["sender", "subject", "message_id"]
    readonly_fields = [
        "message_id",
        "sender",
        "subject",
        "received_at",
        "outcome",
        "reason",
        "dialogue",
        "user",
        "posted_message",
        "original",
    ]
    exclude = ["raw"]

    @admin.display(description=_("original message"))
    def original(self, row):
        return bytes(row.raw).decode("utf-8", "replace")

    def has_add_permission(self, request):
        return False


@admin.register(AwayNotice)
class AwayNoticeAdmin(admin.ModelAdmin):
    list_display = ["noticed_at", "user", "dialogue", "subject"]
    raw_id_fields = ["user", "dialogue"]
