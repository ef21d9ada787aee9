"""Open data about neighbours around initiatives: public reactions, and needs without the helpers' personal data."""

import django_filters
from django.db.models import Count, Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, viewsets

from api.filters import IdFilter, TextFilter
from api.views import StrictQueryMixin
from connect.models import Need, Offer, Reaction
from connect.selectors import public_reactions
from initiatives.models import Initiative
from mokum.pagecache import VisitorCachedListMixin


class ReactionSerializer(serializers.ModelSerializer):
    initiative = serializers.PrimaryKeyRelatedField(read_only=True)
    reply_to = serializers.PrimaryKeyRelatedField(
        source="parent", read_only=True, allow_null=True, help_text="The reaction this replies to, if it is a reply."
    )
    author = serializers.SerializerMethodField(help_text="The author's display name; empty for a former participant.")
    text = serializers.CharField(source="body", help_text="Plain text; an empty line separates paragraphs.")

    class Meta:
        model = Reaction
        fields = ["id", "initiative", "reply_to", "author", "text", "language", "created_at"]

    def get_author(self, obj) -> str:
        return obj.author.display_name if obj.author else ""


class NeedSerializer(serializers.ModelSerializer):
    initiative = serializers.PrimaryKeyRelatedField(read_only=True)
    kind_label = serializers.CharField(source="get_kind_display")
    skill = serializers.ChoiceField(choices=["", *Need.Skill.values], help_text="The skill, for a need of a skill.")
    is_met = serializers.SerializerMethodField()
    helpers = serializers.IntegerField(source="helper_count", help_text="How many neighbours' help was accepted.")

    class Meta:
        model = Need
        fields = [
            "id",
            "initiative",
            "kind",
            "kind_label",
            "skill",
            "text",
            "needed_on",
            "created_at",
            "is_met",
            "met_at",
            "helpers",
        ]

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_is_met(self, obj) -> bool:
        return obj.met_at is not None


class ReactionFilter(django_filters.FilterSet):
    initiative = IdFilter(field_name="initiative_id", help_text="The initiative's id.")
    district = TextFilter(field_name="initiative__district__slug", help_text="District address name, e.g. west.")

    class Meta:
        model = Reaction
        fields = ["initiative", "district"]


class NeedFilter(django_filters.FilterSet):
    initiative = IdFilter(field_name="initiative_id", help_text="The initiative's id.")
    district = TextFilter(field_name="initiative__district__slug", help_text="District address name, e.g. west.")
    kind = django_filters.ChoiceFilter(choices=Need.Kind.choices, help_text="What is needed.")
    met = django_filters.ChoiceFilter(
        choices=[("true", "true"), ("false", "false")], method="filter_met", help_text="Met (true) or open (false)."
    )

    class Meta:
        model = Need
        fields = ["initiative", "district", "kind", "met"]

    def filter_met(self, queryset, name, value):
        return queryset.filter(met_at__isnull=value != "true")


@extend_schema_view(
    list=extend_schema(
        summary="Neighbours' public reactions on public initiatives, newest first",
        description="Hidden reactions, and replies to them, never appear.",
    ),
    retrieve=extend_schema(summary="One public reaction"),
)
class ReactionViewSet(StrictQueryMixin, VisitorCachedListMixin, viewsets.ReadOnlyModelViewSet):
    """Neighbours' reactions on public initiatives: text, display name, and the reaction a reply answers."""

    serializer_class = ReactionSerializer
    filterset_class = ReactionFilter

    def get_queryset(self):
        return public_reactions().select_related("author").order_by("-created_at", "-pk")


@extend_schema_view(
    list=extend_schema(
        summary="What public initiatives need, newest first",
        description="Only how many neighbours help; never who offered or what they wrote.",
    ),
    retrieve=extend_schema(summary="One need"),
)
class NeedViewSet(StrictQueryMixin, VisitorCachedListMixin, viewsets.ReadOnlyModelViewSet):
    """Needs of public initiatives: hands, skills, materials, a space or money, and whether they are met."""

    serializer_class = NeedSerializer
    filterset_class = NeedFilter

    def get_queryset(self):
        return (
            Need.objects.filter(initiative__in=Initiative.objects.public())
            .annotate(helper_count=Count("offers", filter=Q(offers__state=Offer.State.ACCEPTED)))
            .order_by("-created_at", "-pk")
        )
