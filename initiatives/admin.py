from django.contrib import admin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from initiatives.models import (
    Follow,
    Initiative,
    InitiativeUpdate,
    Initiator,
    Invitation,
    Network,
    NetworkMembership,
    Report,
    Support,
)


class InitiatorInline(admin.TabularInline):
    model = Initiator
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Initiative)
class InitiativeAdmin(SimpleHistoryAdmin):
    """Status, intake and hiding change through the site's pages (and their services), so they are read-only here."""

    list_display = ["title", "district", "status", "supporter_count", "created_at", "hidden_at"]
    list_filter = ["status", "district", "themes"]
    search_fields = ["title", "summary"]
    date_hierarchy = "created_at"
    list_select_related = ["district"]
    raw_id_fields = ["area", "network"]
    filter_horizontal = ["themes"]
    inlines = [InitiatorInline]
    readonly_fields = [
        "status",
        "intake_note",
        "submitted_at",
        "accepted_at",
        "supporter_count",
        "last_activity_at",
        "hidden_at",
        "hidden_reason",
        "created_at",
        "updated_at",
    ]


class MembershipInline(admin.TabularInline):
    model = NetworkMembership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind", "districts"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["districts"]
    inlines = [MembershipInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Support)
class SupportAdmin(admin.ModelAdmin):
    list_display = ["initiative", "user", "listed_publicly", "neighbourhood", "created_at"]
    list_filter = ["listed_publicly"]
    search_fields = ["initiative__title", "user__email"]
    raw_id_fields = ["initiative", "user"]

    def has_add_permission(self, request):
        return False  # supporter_count is kept in step by the support services

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    list_display = ["initiative", "user", "created_at"]
    search_fields = ["initiative__title", "user__email"]
    raw_id_fields = ["initiative", "user"]


@admin.register(InitiativeUpdate)
class InitiativeUpdateAdmin(admin.ModelAdmin):
    list_display = ["initiative", "author", "created_at", "hidden_at"]
    search_fields = ["initiative__title", "text"]
    raw_id_fields = ["initiative", "author"]
    readonly_fields = ["hidden_at", "hidden_reason"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["initiative", "email", "invited_by", "created_at", "accepted_at"]
    search_fields = ["initiative__title", "email"]
    raw_id_fields = ["initiative", "invited_by", "accepted_by"]
    readonly_fields = ["token"]


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["initiative", "update", "reporter", "created_at", "outcome", "resolved_at"]
    list_filter = ["outcome"]
    raw_id_fields = ["initiative", "update", "reporter", "resolved_by"]
    readonly_fields = ["resolved_at", "resolved_by", "outcome"]
