from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from districts.models import Area, Department, District, Holiday


class AreaInline(admin.TabularInline):
    model = Area
    extra = 0
    prepopulated_fields = {"slug": ["name"]}


@admin.register(District)
class DistrictAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "kind", "email", "first_answer_days", "answer_days", "initiative_days"]
    search_fields = ["name"]
    readonly_fields = ["slug", "code"]
    inlines = [AreaInline]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "district"]
    list_filter = ["district"]
    search_fields = ["name"]


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["name", "district"]
    list_filter = ["district"]
    search_fields = ["name"]


@admin.register(Holiday)
class HolidayAdmin(SimpleHistoryAdmin):
    """Coordinators keep the working-day calendar; a change moves the deadlines of open dialogues."""

    list_display = ["date", "name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]
    date_hierarchy = "date"
