from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from connect.models import Need, Offer, Reaction, ReactionReport


@admin.register(Reaction)
class ReactionAdmin(SimpleHistoryAdmin):
    """Read-only: reactions change through the services (hide on the initiative's page)."""

    list_display = ["initiative", "author", "created_at", "hidden_at"]
    list_filter = ["initiative__district"]
    raw_id_fields = ["initiative", "author", "parent", "hidden_by"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(ReactionReport)
class ReactionReportAdmin(admin.ModelAdmin):
    list_display = ["reaction", "created_at", "outcome"]
    raw_id_fields = ["reaction", "reporter", "resolved_by"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(Need)
class NeedAdmin(SimpleHistoryAdmin):
    list_display = ["text", "initiative", "kind", "needed_on", "met_at"]
    list_filter = ["kind", "initiative__district"]
    raw_id_fields = ["initiative", "created_by"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(Offer)
class OfferAdmin(SimpleHistoryAdmin):
    list_display = ["need", "state", "created_at"]
    list_filter = ["state"]
    raw_id_fields = ["need", "helper"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
