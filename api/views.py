"""Read-only open data: districts with their figures, public initiatives and dialogues, the statistics."""

import re
from datetime import date, timedelta

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from api import serializers
from api.filters import DialogueFilter, InitiativeFilter
from dashboard import statistics as stats
from dashboard.forms import Period, StatisticsFilterForm, StatisticsFilters, first_of_month, start_of
from dialogues.models import Commitment, Dialogue, Outcome
from dialogues.selectors import ACTIVE_ASSIGNMENTS
from districts.models import District
from districts.workdays import local_date
from initiatives.models import Initiative, Initiator, Theme
from mokum.pagecache import VisitorCachedListMixin

ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# The figures cover 2000 to 2100: a date outside is read as the nearest of the two (the schema allows any date).
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2100, 12, 31)

STATISTICS_PARAMETERS = [
    OpenApiParameter(
        "period",
        OpenApiTypes.STR,
        enum=[value for value, _label in Period.CHOICES],
        description="Whole calendar months up to today (default 12m), or all time. Ignored with start or end.",
    ),
    OpenApiParameter(
        "start",
        OpenApiTypes.DATE,
        description="First day of the period (dialogues opened from then); dates before 2000 count from 2000.",
    ),
    OpenApiParameter(
        "end",
        OpenApiTypes.DATE,
        description="Last day of the period, included; dates after 2100 count to 2100. Before start: an empty period.",
    ),
    OpenApiParameter(
        "theme",
        OpenApiTypes.STR,
        enum=list(Theme.Slug.values),
        description="Only dialogues of initiatives with this theme (a theme slug).",
    ),
]
# Parameters that may be given empty (free text); any other one given empty, or any one given twice, is a 400.
FREE_TEXT = {"q", "district"}


class StrictQueryMixin:
    """Refuse a query parameter given twice, or given empty when it is not free text: the schema allows neither."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        errors = {}
        for name, values in request.query_params.lists():
            if len(values) > 1:
                errors[name] = [_("Give this parameter once.")]
            elif values[0] == "" and name not in FREE_TEXT:
                errors[name] = [_("This parameter cannot be empty.")]
        if errors:
            raise ValidationError(errors)


def district_statistics(districts, filters, now) -> dict:
    """Return per district id the data of a StatisticsSerializer (three queries for any number of districts)."""
    dialogues = stats.filtered_dialogues(district_ids=[d.pk for d in districts], filters=filters)
    figures = stats.figures_by_district(dialogues, filters, now=now)
    rankings = stats.figures_by_district_and_department(dialogues, filters, now=now, districts=districts)
    return {d.pk: serializers.statistics_data(figures.get(d.pk, stats.Figures()), rankings[d.pk]) for d in districts}


def _day(params, name):
    """Return query parameter `name` as a date within FIRST_DAY..LAST_DAY, None when absent; else a 400."""
    raw = params.get(name)
    if raw is None:
        return None
    try:
        if not ISO_DATE.fullmatch(raw):
            raise ValueError(raw)
        day = date.fromisoformat(raw)
    except ValueError:
        raise ValidationError({name: [_("A date as YYYY-MM-DD is required.")]}) from None
    return min(max(day, FIRST_DAY), LAST_DAY)


def _filters_from(request) -> StatisticsFilters:
    """Read the statistics parameters exactly as the schema types them; an end before the start is an empty period."""
    params = request.query_params
    errors = {}
    period = params.get("period", Period.DEFAULT)
    if period not in dict(Period.CHOICES):
        errors["period"] = [_("Not one of the periods.")]
    theme = params.get("theme", "")
    if theme and theme not in Theme.Slug.values:
        errors["theme"] = [_("Not one of the themes.")]
    try:
        start_day, end_day = _day(params, "start"), _day(params, "end")
    except ValidationError as error:
        errors.update(error.detail)
    if errors:
        raise ValidationError(errors)
    if not (start_day or end_day) and period in Period.MONTHS:
        start_day = first_of_month(local_date(timezone.now()), Period.MONTHS[period] - 1)
    return StatisticsFilters(
        start=start_of(start_day) if start_day else None,
        end=start_of(end_day + timedelta(days=1)) if end_day else None,
        theme=theme,
    )


@extend_schema_view(
    list=extend_schema(summary="The districts, with their figures of the last 12 months"),
    retrieve=extend_schema(summary="One district, with its figures of the last 12 months"),
)
class DistrictViewSet(StrictQueryMixin, viewsets.ReadOnlyModelViewSet):
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
    retrieve=extend_schema(
        summary="One public initiative, with its similar initiatives",
        description="The initiative, and in `similar` the public initiatives most like it: a few in its district, "
        "then a few elsewhere in the city (ids, titles, district, status).",
    ),
)
class InitiativeViewSet(StrictQueryMixin, VisitorCachedListMixin, viewsets.ReadOnlyModelViewSet):
    """Public initiatives: what residents carry together, with their district, themes, status and support."""

    serializer_class = serializers.InitiativeSerializer
    filterset_class = InitiativeFilter

    def get_serializer_class(self):
        # Only one initiative carries its similar ones: one query more, not one per initiative of a list.
        return serializers.InitiativeDetailSerializer if self.action == "retrieve" else serializers.InitiativeSerializer

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
class DialogueViewSet(StrictQueryMixin, VisitorCachedListMixin, viewsets.ReadOnlyModelViewSet):
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


class StatisticsViewSet(StrictQueryMixin, viewsets.ViewSet):
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
