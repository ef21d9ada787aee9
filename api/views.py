"""Read-only open data: districts with their figures, public initiatives and dialogues, the statistics."""

from django.db.models import Prefetch
from django.utils import timezone
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from api import serializers
from api.filters import DialogueFilter, InitiativeFilter
from dashboard import statistics as stats
from dashboard.forms import Period, StatisticsFilterForm
from dialogues.models import Commitment, Dialogue, Outcome
from dialogues.selectors import ACTIVE_ASSIGNMENTS
from districts.models import District
from districts.workdays import local_date
from initiatives.models import Initiative, Initiator
from mokum.pagecache import VisitorCachedListMixin

STATISTICS_PARAMETERS = [
    OpenApiParameter(
        "period",
        OpenApiTypes.STR,
        enum=[value for value, _label in Period.CHOICES],
        description="Whole calendar months up to today (default 12m), or all time. Ignored with start or end.",
    ),
    OpenApiParameter("start", OpenApiTypes.DATE, description="First day of the period (dialogues opened from then)."),
    OpenApiParameter("end", OpenApiTypes.DATE, description="Last day of the period, included."),
    OpenApiParameter(
        "theme", OpenApiTypes.STR, description="Only dialogues of initiatives with this theme (a theme slug)."
    ),
]


def district_statistics(districts, filters, now) -> dict:
    """Return per district id the data of a StatisticsSerializer (three queries for any number of districts)."""
    dialogues = stats.filtered_dialogues(district_ids=[d.pk for d in districts], filters=filters)
    figures = stats.figures_by_district(dialogues, filters, now=now)
    rankings = stats.figures_by_district_and_department(dialogues, filters, now=now, districts=districts)
    return {d.pk: serializers.statistics_data(figures.get(d.pk, stats.Figures()), rankings[d.pk]) for d in districts}


def _filters_from(request):
    form = StatisticsFilterForm(request.query_params or None, today=local_date(timezone.now()))
    if form.is_bound and not form.is_valid():
        raise ValidationError(form.errors.get_json_data())
    return form.filters()


@extend_schema_view(
    list=extend_schema(summary="The districts, with their figures of the last 12 months"),
    retrieve=extend_schema(summary="One district, with its figures of the last 12 months"),
)
class DistrictViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.DistrictSerializer
    queryset = District.objects.prefetch_related("areas").order_by("name")
    lookup_field = "slug"
    filter_backends = []

    def _serialize(self, districts, **kwargs):
        now = timezone.now()
        filters = StatisticsFilterForm(today=local_date(now)).filters()
        context = {**self.get_serializer_context(), "statistics": district_statistics(districts, filters, now)}
        return self.get_serializer_class()(districts, context=context, **kwargs).data

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self._serialize(list(page), many=True))

    def retrieve(self, request, *args, **kwargs):
        return Response(self._serialize([self.get_object()], many=True)[0])


@extend_schema_view(
    list=extend_schema(
        summary="Public initiatives, newest first",
        description="Initiatives anyone may read, with their district, themes, status and supporter count.",
    ),
    retrieve=extend_schema(summary="One public initiative"),
)
class InitiativeViewSet(VisitorCachedListMixin, viewsets.ReadOnlyModelViewSet):
    """Public initiatives: what residents carry together, with their district, themes, status and support."""

    serializer_class = serializers.InitiativeSerializer
    filterset_class = InitiativeFilter

    def get_queryset(self):
        return (
            Initiative.objects.public()
            .select_related("district", "area")
            .prefetch_related(
                "themes",
                Prefetch("initiator_links", queryset=Initiator.objects.select_related("user").order_by("pk")),
            )
            .order_by("-created_at", "-pk")
        )


@extend_schema_view(
    list=extend_schema(
        summary="Dialogues of public initiatives, newest first",
        description=(
            "Each dialogue's question, state and public status, whose turn it is and until when, the current "
            "outcome with its reasoning, and the commitments. Internal notes never appear."
        ),
    ),
    retrieve=extend_schema(summary="One dialogue of a public initiative"),
)
class DialogueViewSet(VisitorCachedListMixin, viewsets.ReadOnlyModelViewSet):
    """Dialogues of public initiatives with the municipality: state, deadline, outcome and commitments."""

    serializer_class = serializers.DialogueSerializer
    filterset_class = DialogueFilter

    def get_queryset(self):
        current = Outcome.objects.filter(
            status__in=[Outcome.Status.PROPOSED, Outcome.Status.CONTESTED, Outcome.Status.ACCEPTED]
        ).order_by("-decided_at")
        return (
            Dialogue.objects.public()
            .select_related("initiative", "district")
            .prefetch_related(
                ACTIVE_ASSIGNMENTS,
                Prefetch("outcomes", queryset=current, to_attr="current_outcomes"),
                Prefetch(
                    "commitments",
                    queryset=Commitment.objects.live().order_by("due_date", "pk"),
                    to_attr="standing_commitments",
                ),
            )
            .order_by("-created_at", "-pk")
        )

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "now": timezone.now()}


class OneObjectSchema(AutoSchema):
    """The statistics' "list" is one object (the city and its districts), not a list of objects."""

    def _is_list_view(self, serializer=None) -> bool:
        return False


class StatisticsViewSet(viewsets.ViewSet):
    """How responsive the municipality is: city-wide and per district."""

    schema = OneObjectSchema()

    @extend_schema(
        summary="Responsiveness figures of the city and of every district",
        parameters=STATISTICS_PARAMETERS,
        responses=serializers.CityStatisticsSerializer,
    )
    def list(self, request):
        now = timezone.now()
        filters = _filters_from(request)
        districts = list(District.objects.order_by("name"))
        dialogues = stats.filtered_dialogues(district_ids=[d.pk for d in districts], filters=filters)
        ranking = stats.figures_by_department(dialogues, filters, now=now, minimum=stats.ranking_minimum(districts))
        per_district = district_statistics(districts, filters, now)
        data = {
            "period": {"first_day": filters.first_day, "last_day": filters.last_day},
            "theme": filters.theme,
            "city": serializers.statistics_data(stats.figures_overall(dialogues, filters, now=now), ranking),
            "districts": [{"slug": d.slug, "name": d.name, **per_district[d.pk]} for d in districts],
        }
        return Response(serializers.CityStatisticsSerializer(data).data)
