"""The admin shows dialogues as they are; every change goes through the pages and their services."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from dialogues.models import Commitment, Dialogue, DialogueAssignment, DialogueEvent, Message, Outcome
from mokum.admin import ReadOnlyMixin


class ReadOnlyInline(ReadOnlyMixin, admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False


class AssignmentInline(ReadOnlyInline):
    model = DialogueAssignment
    fields = ["official_name", "is_lead", "department_name", "job_title", "assigned_at", "ended_at"]


class EventInline(ReadOnlyInline):
    model = DialogueEvent
    fields = ["created_at", "action", "from_state", "to_state", "actor_name", "actor_kind", "reason", "deadline_at"]


class MessageInline(ReadOnlyInline):
    model = Message
    fields = ["created_at", "kind", "is_internal", "actor_name", "actor_kind", "text"]


@admin.register(Dialogue)
class DialogueAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "district", "state", "waiting_on", "deadline_at", "created_at"]
    list_filter = ["state", "waiting_on", "district"]
    search_fields = ["question", "initiative__title"]
    list_select_related = ["initiative", "district"]
    date_hierarchy = "created_at"
    inlines = [AssignmentInline, MessageInline, EventInline]


@admin.register(Outcome)
class OutcomeAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["summary", "type", "status", "actor_name", "decided_at"]
    list_filter = ["type", "status"]
    search_fields = ["summary", "reasoning"]


@admin.register(Commitment)
class CommitmentAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["what", "owner_label", "due_date", "status"]
    list_filter = ["status"]
    search_fields = ["what", "owner_label"]
