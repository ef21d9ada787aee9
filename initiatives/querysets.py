from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import connection, models
from django.db.models import Case, CharField, Count, FloatField, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.expressions import Col
from django.db.models.functions import Cast, Coalesce, Concat

from initiatives.search import StemmedText, stems
from mokum.expressions import JoinedText

# The text search configuration: Dutch stemming, so "tuinen" finds "tuin" and "geveltuin" finds "geveltuinen".
SEARCH_CONFIG = "dutch"
# The stored document stems each initiative in its own language (migration 0007), with 'simple' (no stemming) for
# a language PostgreSQL has no configuration for; a query is stemmed the same way for each initiative.
SEARCH_CONFIGS = {"nl": SEARCH_CONFIG, "en": "english", "tr": "turkish", "ar": "arabic"}


def search_match(model, text):
    """Return the condition and the rank of a full-text search: each document read with the query in its language."""
    document = search_vector(model)
    other = SearchQuery(text, config="simple", search_type="websearch")
    condition = ~Q(language__in=SEARCH_CONFIGS) & Q(search_document=other)
    any_language = other
    ranks = []
    for language, config in SEARCH_CONFIGS.items():
        query = SearchQuery(text, config=config, search_type="websearch")
        condition |= Q(language=language, search_document=query)
        any_language |= query
        ranks.append(When(language=language, then=SearchRank(document, query)))
    # The query in any language first: one condition the GIN index `initiative_search` answers, so only the
    # documents that can match are read and checked in their own language (per-language alternatives alone
    # make PostgreSQL read every row of the other filters).
    return Q(search_document=any_language) & condition, Case(
        *ranks, default=SearchRank(document, other), output_field=FloatField()
    )


def search_vector(model):
    """Return the document PostgreSQL searches: title, summary and description with Dutch stemming.

    It is stored in the generated column `search_document` (PostgreSQL only, migration 0005, indexed as
    `initiative_search`), computed once per write instead of for every row a search looks at. The column is not
    a model field, because SQLite has no such type; this expression reads it.
    """
    column = SearchVectorField()
    column.set_attributes_from_name("search_document")
    column.model = model
    return Col(model._meta.db_table, column)


class InitiativeQuerySet(models.QuerySet):
    def public(self):
        """Return initiatives anyone may read: accepted, not hidden (withdrawn ones only once they were public)."""
        return self.filter(hidden_at__isnull=True).filter(
            Q(status__in=self.model.Status.public()) | Q(status=self.model.Status.WITHDRAWN, accepted_at__isnull=False)
        )

    def of_initiator(self, user):
        """Return the initiatives `user` owns or co-owns."""
        return self.filter(initiator_links__user=user)

    def search(self, text):
        """Return initiatives matching `text`: Dutch full-text on PostgreSQL, each word's stem on SQLite."""
        text = text.strip()
        if not text:
            return self
        if connection.vendor == "postgresql":
            condition, rank = search_match(self.model, text)
            return self.alias(search_document=search_vector(self.model)).filter(condition).annotate(search_rank=rank)
        words = stems(text)
        if not words:
            return self.none()
        # Each stem is a part of the stemmed text, so "tuin" still finds "geveltuinen", as a plain match did.
        queryset = self.alias(
            search_stems=StemmedText(Concat("title", Value(" "), "summary", Value(" "), "description"))
        )
        for word in dict.fromkeys(words):
            queryset = queryset.filter(search_stems__contains=word)
        return queryset

    def for_cards(self):
        """Return initiatives with what a list card shows, in one query: their themes come as text (`theme_list`)."""
        return with_theme_list(self.select_related("district", "area")).with_reaction_count()

    def with_reaction_count(self):
        """Annotate `reaction_count`: the neighbours' reactions anyone may read (connect/), counted in this query."""
        reaction = self.model._meta.get_field("reactions").related_model
        visible = (
            reaction.objects.filter(initiative=OuterRef("pk"), hidden_at__isnull=True)
            .filter(Q(parent__isnull=True) | Q(parent__hidden_at__isnull=True))
            .order_by()
            .values("initiative")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return self.annotate(reaction_count=Coalesce(Subquery(visible, output_field=IntegerField()), 0))


def with_theme_list(queryset):
    """Annotate each initiative with its themes as "id:slug,id:slug" (`theme_list`), in the same query."""
    through = queryset.model._meta.get_field("themes").remote_field.through
    themes = (
        through.objects.filter(initiative=OuterRef("pk"))
        .order_by()
        .values("initiative")
        .annotate(
            text=JoinedText(Concat(Cast("theme_id", CharField()), Value(":"), "theme__slug", output_field=CharField()))
        )
        .values("text")
    )
    return queryset.annotate(theme_list=Subquery(themes, output_field=CharField()))


def theme_list_items(initiative) -> list[tuple[int, str]]:
    """Return (id, slug) of each of an initiative's themes, from its `theme_list` annotation."""
    pairs = (item.partition(":") for item in (initiative.theme_list or "").split(",") if item)
    return [(int(pk), slug) for pk, _colon, slug in pairs]


def prefetch_theme_list(initiative):
    """Let `initiative.themes.all()` answer from the `theme_list` annotation, as if the themes were prefetched."""
    themes = initiative.themes.all()
    theme = themes.model
    items = theme_list_items(initiative)
    themes._result_cache = sorted((theme(pk=pk, slug=slug) for pk, slug in items), key=lambda t: t.slug)
    themes._prefetch_done = True
    initiative._prefetched_objects_cache = {**getattr(initiative, "_prefetched_objects_cache", {}), "themes": themes}
    return initiative
