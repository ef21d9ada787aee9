"""What the open data API publishes. Only public fields: never internal notes or reasons, never e-mail
addresses, and of people only the display names that the public pages show too.
"""

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from dialogues.models import Commitment, Dialogue, Outcome, PublicStatus, WaitingOn
from districts.models import District
from districts.workdays import local_date
from initiatives.models import Initiative, Initiator
from initiatives.similarity import similar_to


def _web_url(serializer, obj) -> str:
    request = serializer.context.get("request")
    path = obj.get_absolute_url()
    return request.build_absolute_uri(path) if request else path


# -- statistics --------------------------------------------------------------------------------------------


class FiguresSerializer(serializers.Serializer):
    """Responsiveness figures of a group of dialogues (see the README, "Statistics and open data")."""

    opened = serializers.IntegerField(help_text="Dialogues opened in the period.")
    still_open = serializers.IntegerField(help_text="Of those, still open.")
    first_answers = serializers.IntegerField(help_text="Of those, with a first answer from the municipality.")
    first_answers_due = serializers.IntegerField(
        help_text="Of those, whose first answer was due: answered, or without an answer past the first-answer "
        "deadline (a dialogue without an answer whose deadline has not passed is not counted)."
    )
    unanswered_past_deadline = serializers.IntegerField(
        help_text="Of those, without a first answer although the first-answer deadline passed."
    )
    first_answers_on_time = serializers.IntegerField(help_text="First answers given within the deadline.")
    first_answers_on_time_share = serializers.FloatField(
        source="on_time_share",
        allow_null=True,
        help_text="first_answers_on_time / first_answers_due (0 to 1): a late answer and a missing one both "
        "count against; null when no first answer was due.",
    )
    first_answer_days_median = serializers.FloatField(
        allow_null=True, help_text="Median working days from assignment to the first answer."
    )
    first_answer_days_p90 = serializers.FloatField(
        allow_null=True, help_text="90th percentile of working days from assignment to the first answer."
    )
    outcomes = serializers.IntegerField(help_text="Dialogues concluded with an accepted outcome.")
    agreed = serializers.IntegerField()
    partly_agreed = serializers.IntegerField()
    not_agreed = serializers.IntegerField(help_text="Declined, referred elsewhere or not competent.")
    outcome_days_median = serializers.FloatField(
        allow_null=True, help_text="Median working days from opening to the accepted outcome."
    )
    outcome_days_p90 = serializers.FloatField(
        allow_null=True, help_text="90th percentile of working days from opening to the accepted outcome."
    )
    closed = serializers.IntegerField(help_text="Closed by the coordinator (duplicate, not competent).")
    withdrawn = serializers.IntegerField(help_text="Withdrawn by the initiative.")
    open_now = serializers.IntegerField(help_text="Open now, whatever the period.")
    overdue_now = serializers.IntegerField(help_text="Open now and past the deadline, on the municipality's side.")
    long_overdue_now = serializers.IntegerField(help_text="Open now and past twice the turn's working days.")
    escalations = serializers.IntegerField(help_text="Escalations to the coordinator (10 working days late).")


class DepartmentFiguresSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="The department of the lead official.")
    dialogues = serializers.IntegerField(help_text="Dialogues opened in the period with this lead department.")
    figures = FiguresSerializer()


class PeriodSerializer(serializers.Serializer):
    first_day = serializers.DateField(allow_null=True, help_text="First day (empty: from the beginning).")
    last_day = serializers.DateField(allow_null=True, help_text="Last day (empty: up to today).")


class StatisticsSerializer(serializers.Serializer):
    """The figures of one district or of the whole city, with the departments above the minimum."""

    figures = FiguresSerializer()
    department_minimum = serializers.IntegerField(help_text="Departments with fewer dialogues are not shown.")
    departments = DepartmentFiguresSerializer(many=True)
    departments_not_shown = serializers.IntegerField(help_text="Departments left out for having too few dialogues.")


class DistrictFiguresSerializer(StatisticsSerializer):
    slug = serializers.SlugField()
    name = serializers.CharField()


class CityStatisticsSerializer(serializers.Serializer):
    period = PeriodSerializer()
    theme = serializers.CharField(help_text="The theme filtered on, or empty.")
    city = StatisticsSerializer()
    districts = DistrictFiguresSerializer(many=True)


def statistics_data(figures, ranking) -> dict:
    """Return the data of a StatisticsSerializer from figures and a department ranking."""
    return {
        "figures": figures,
        "department_minimum": ranking.minimum,
        "departments": ranking.shown,
        "departments_not_shown": ranking.hidden,
    }


# -- districts ---------------------------------------------------------------------------------------------


class DistrictSerializer(serializers.ModelSerializer):
    web_url = serializers.SerializerMethodField()
    kind = serializers.CharField(source="get_kind_display")
    areas = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")
    statistics = serializers.SerializerMethodField(help_text="The figures of the last 12 months.")

    class Meta:
        model = District
        fields = [
            "slug",
            "name",
            "code",
            "kind",
            "web_url",
            "areas",
            "triage_days",
            "first_answer_days",
            "answer_days",
            "initiative_days",
            "outcome_reaction_days",
            "reopen_days",
            "ranking_minimum",
            "statistics",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_web_url(self, obj) -> str:
        return _web_url(self, obj)

    @extend_schema_field(StatisticsSerializer)
    def get_statistics(self, obj):
        data = self.context["statistics"][obj.pk]
        return StatisticsSerializer(data).data


# -- initiatives -------------------------------------------------------------------------------------------


class InitiativeSerializer(serializers.ModelSerializer):
    web_url = serializers.SerializerMethodField()
    district = serializers.SlugRelatedField(read_only=True, slug_field="slug")
    area = serializers.SlugRelatedField(read_only=True, slug_field="name", allow_null=True)
    themes = serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug")
    status_label = serializers.CharField(source="get_status_display")
    initiators = serializers.SerializerMethodField(help_text="Display names of the initiators, the owner first.")

    class Meta:
        model = Initiative
        fields = [
            "id",
            "web_url",
            "title",
            "summary",
            "description",
            "ask",
            "language",
            "district",
            "area",
            "themes",
            "status",
            "status_label",
            "supporter_count",
            "created_at",
            "accepted_at",
            "initiators",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_web_url(self, obj) -> str:
        return _web_url(self, obj)

    def get_initiators(self, obj) -> list[str]:
        links = sorted(obj.initiator_links.all(), key=lambda link: (link.role != Initiator.Role.OWNER, link.pk))
        return [link.user.display_name for link in links]


class SimilarInitiativeSerializer(serializers.Serializer):
    """A public initiative like another one (initiatives/similarity.py)."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    district = serializers.SlugField(source="district.slug")
    # A plain string with the same codes as an initiative's `status` (one enum in the schema, not two alike).
    status = serializers.CharField(help_text="The status code, as in `status` of an initiative.")
    web_url = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_web_url(self, obj) -> str:
        return _web_url(self, obj)


class InitiativeDetailSerializer(InitiativeSerializer):
    """One initiative, with the public initiatives most like it: a few in its district, then elsewhere."""

    similar = serializers.SerializerMethodField(
        help_text="Public initiatives like this one (Dutch full-text and title similarity): first a few in the "
        "same district, then a few elsewhere in the city."
    )

    class Meta(InitiativeSerializer.Meta):
        fields = [*InitiativeSerializer.Meta.fields, "similar"]

    @extend_schema_field(SimilarInitiativeSerializer(many=True))
    def get_similar(self, obj):
        return SimilarInitiativeSerializer(similar_to(obj), many=True, context=self.context).data


# -- dialogues ---------------------------------------------------------------------------------------------


class CommitmentSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display")
    owner = serializers.CharField(source="owner_label", help_text="Who does it: a department or a display name.")
    is_overdue = serializers.SerializerMethodField()

    class Meta:
        model = Commitment
        fields = ["what", "owner", "due_date", "status", "status_label", "done_at", "dropped_reason", "is_overdue"]

    def get_is_overdue(self, obj) -> bool:
        return obj.is_overdue(local_date(timezone.now()))


class OutcomeSerializer(serializers.ModelSerializer):
    type_label = serializers.CharField(source="get_type_display")
    status_label = serializers.CharField(source="get_status_display")
    decided_by_role = serializers.SerializerMethodField(help_text="The role of whoever proposed it, not their name.")

    class Meta:
        model = Outcome
        fields = [
            "type",
            "type_label",
            "summary",
            "reasoning",
            "status",
            "status_label",
            "settlement",
            "decided_at",
            "settled_at",
            "decided_by_role",
        ]

    def get_decided_by_role(self, obj) -> str:
        return str(obj.actor_role)


class DialogueSerializer(serializers.ModelSerializer):
    web_url = serializers.SerializerMethodField()
    initiative = serializers.PrimaryKeyRelatedField(read_only=True)
    initiative_title = serializers.CharField(source="initiative.title")
    district = serializers.SlugRelatedField(read_only=True, slug_field="slug")
    state_label = serializers.CharField(source="get_state_display")
    public_status = serializers.ChoiceField(choices=PublicStatus.choices)
    public_status_label = serializers.CharField(source="public_label")
    waiting_on = serializers.ChoiceField(choices=WaitingOn.choices)
    is_overdue = serializers.SerializerMethodField()
    is_long_overdue = serializers.SerializerMethodField()
    lead_department = serializers.SerializerMethodField(help_text="The department of the lead official.")
    outcome = OutcomeSerializer(
        source="current_outcome",
        read_only=True,
        allow_null=True,
        help_text="The current outcome: proposed, contested or accepted.",
    )
    commitments = CommitmentSerializer(
        source="standing_commitments", many=True, read_only=True, help_text="Commitments of outcomes that still stand."
    )

    class Meta:
        model = Dialogue
        fields = [
            "id",
            "web_url",
            "initiative",
            "initiative_title",
            "district",
            "question",
            "state",
            "state_label",
            "public_status",
            "public_status_label",
            "waiting_on",
            "deadline_at",
            "is_overdue",
            "is_long_overdue",
            "created_at",
            "first_response_at",
            "concluded_at",
            "ended_at",
            "outcome_type",
            "closure_kind",
            "referral",
            "lead_department",
            "outcome",
            "commitments",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_web_url(self, obj) -> str:
        return _web_url(self, obj)

    def get_is_overdue(self, obj) -> bool:
        return obj.is_overdue(self.context["now"])

    def get_is_long_overdue(self, obj) -> bool:
        return obj.is_long_overdue(self.context["now"])

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_lead_department(self, obj):
        lead = next((a for a in obj._active_assignments if a.is_lead), None)
        return lead.department_name if lead else None

    def to_representation(self, instance):
        # The view prefetches the current outcome (a list of at most one) and the standing commitments.
        instance.current_outcome = instance.current_outcomes[0] if instance.current_outcomes else None
        return super().to_representation(instance)
