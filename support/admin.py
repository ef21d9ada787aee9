from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from support.models import Article, Event, Registration, Scheme, SupportRequest

# Coordinators work on the site's own pages under /support/; the admin is for superusers fixing data.


@admin.register(SupportRequest)
class SupportRequestAdmin(SimpleHistoryAdmin):
    list_display = ["initiative", "need", "status", "supporter", "due_date", "created_at"]
    list_filter = ["status", "need", "initiative__district"]
    search_fields = ["initiative__title", "description"]
    raw_id_fields = ["initiative", "created_by"]
    # Status, supporter and due date change only through the workflow on the site, so history, reminders and
    # notifications stay right.
    readonly_fields = [
        "status",
        "supporter",
        "due_date",
        "assigned_at",
        "assigned_by",
        "closed_at",
        "created_at",
        "updated_at",
    ]


@admin.register(Scheme)
class SchemeAdmin(admin.ModelAdmin):
    list_display = ["name", "provider_type", "provider_name", "deadline", "is_example", "published"]
    list_filter = ["provider_type", "is_example", "published", "themes"]
    search_fields = ["name", "provider_name"]
    filter_horizontal = ["themes", "districts"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "category", "language", "published", "updated_at"]
    list_filter = ["category", "language", "published"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}


class RegistrationInline(admin.TabularInline):
    model = Registration
    extra = 0
    raw_id_fields = ["user"]
    readonly_fields = ["status", "created_at"]
    can_delete = False


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "district", "starts_at", "capacity", "published"]
    list_filter = ["kind", "district", "published"]
    search_fields = ["title"]
    raw_id_fields = ["organiser"]
    inlines = [RegistrationInline]
    date_hierarchy = "starts_at"
