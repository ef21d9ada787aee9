"""Similar initiatives, found by the database: Dutch full-text search plus trigram similarity of titles.

On PostgreSQL the words of a title, stemmed by the `dutch` configuration (so "moestuinen" finds "moestuin"), are
looked up in a stored vector of every initiative's title and summary (`similarity_document`, GIN index
`initiative_similarity`, migration 0007); the best few in the district and elsewhere are chosen by a window over
those matches. Titles that look alike letter by letter are found even without a shared word
("Zwerfafvalopruimactie", "Zwerfafval-opruimacties"): the nearest ten through the GiST trigram index
(`title <-> 'text'`). The union of both, a handful of rows, is read with district and dialogue outcome: one query
whatever the size of the city (EXPLAIN ANALYZE at 20,000 initiatives: README, "Similar initiatives").

On SQLite (development without PostgreSQL) the same Dutch stems are compared as the search does
(initiatives/search.py): an initiative is similar when its text contains a stem of the title, ranked by how many.
"""

import re
from dataclasses import dataclass
from typing import Any

from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVectorExact,
    SearchVectorField,
    TrigramDistance,
    TrigramSimilarity,
)
from django.db import connection
from django.db.models import (
    Case,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.expressions import Col
from django.db.models.functions import Cast, Concat, RowNumber
from django.db.models.lookups import Contains, GreaterThan

from dialogues.models import Dialogue
from initiatives.models import Initiative, InitiativeLink, JoinRequest, NetworkInvitation
from initiatives.querysets import SEARCH_CONFIG
from initiatives.rules import is_initiator
from initiatives.search import StemmedText, stems

# How many similar initiatives a page shows in the same district, and how many elsewhere in the city.
IN_DISTRICT = 3
ELSEWHERE = 3
# Titles at least this alike (0 to 1, pg_trgm's similarity) count as similar without a shared word.
TITLE_SIMILARITY = 0.3
# How many of the nearest titles (by trigrams) are candidates besides those sharing a word.
NEAREST_TITLES = 10
# Below this score a match on one word of a long text is noise, not similarity.
MINIMUM_SCORE = 0.05
# Words shorter than this say little about what an initiative is about ("de", "in", "op").
SHORTEST_WORD = 3
WORD = re.compile(r"[^\W_]+")
# Dutch words that say nothing about the subject. PostgreSQL's `dutch` configuration drops its own list; this
# short one keeps the SQLite fallback from calling "het plein" similar to "het park".
STOP_WORDS = frozenset(
    [
        "aan",
        "als",
        "bij",
        "dat",
        "die",
        "dit",
        "door",
        "een",
        "en",
        "er",
        "het",
        "hij",
        "hoe",
        "ik",
        "in",
        "is",
        "je",
        "met",
        "na",
        "naar",
        "niet",
        "nog",
        "of",
        "om",
        "onze",
        "ons",
        "ook",
        "op",
        "over",
        "te",
        "tot",
        "uit",
        "van",
        "voor",
        "wat",
        "we",
        "wie",
        "wij",
        "ze",
        "zij",
        "zijn",
    ]
)


def title_words(title: str) -> list[str]:
    """Return the distinct words of `title` that are long enough to say what it is about, lower case."""
    words = [
        word for word in WORD.findall((title or "").casefold()) if len(word) >= SHORTEST_WORD and word not in STOP_WORDS
    ]
    return list(dict.fromkeys(words))[:12]


def similarity_vector():
    """Return the stored Dutch text vector of title (weight A) and summary (weight B), PostgreSQL only (migration 0007).

    Like `search_vector`, the generated column is not a model field because SQLite has no such type.
    """
    column = SearchVectorField()
    column.set_attributes_from_name("similarity_document")
    column.model = Initiative
    return Col(Initiative._meta.db_table, column)


@dataclass
class Scoring:
    """How one database finds and scores similar initiatives."""

    sharing: Q  # the initiatives that share a word with the title (stemmed)
    text_rank: Any  # how much of the title's words they share
    title_alike: Any  # how alike the titles are letter by letter (0 to 1)
    nearest: QuerySet | None  # the ids of the nearest titles letter by letter, a few


def _scoring_postgresql(title: str, public: QuerySet) -> Scoring:
    words = title_words(title)
    # Any of the words: an initiative about the same thing rarely uses all the words of another's title.
    query = SearchQuery(" | ".join(words or ["-"]), config=SEARCH_CONFIG, search_type="raw")
    document = similarity_vector()
    # The nearest titles through the GiST trigram index (`ORDER BY title <-> 'text' LIMIT n`): a near-duplicate
    # without a shared word ("Zwerfafvalopruimactie", "Zwerfafval-opruimacties"); too distant ones are dropped later.
    nearest = public.order_by(TrigramDistance("title", title)).values("pk")[:NEAREST_TITLES]
    return Scoring(
        sharing=Q(SearchVectorExact(document, query)) if words else Q(pk__in=[]),
        text_rank=SearchRank(document, query) if words else Value(0.0, output_field=FloatField()),
        title_alike=TrigramSimilarity("title", title),
        nearest=nearest,
    )


def _scoring_sqlite(title: str, public: QuerySet) -> Scoring:
    words = list(dict.fromkeys(stems(" ".join(title_words(title)))))
    if not words:
        zero = Value(0.0, output_field=FloatField())
        return Scoring(sharing=Q(pk__in=[]), text_rank=zero, title_alike=zero, nearest=None)
    text = StemmedText(Concat("title", Value(" "), "summary", Value(" "), "description"))
    hits = [Case(When(Contains(text, Value(f" {word}")), then=1), default=0) for word in words]
    text_rank = Cast(sum(hits[1:], hits[0]), FloatField()) / len(words)
    return Scoring(
        sharing=Q(GreaterThan(text_rank, 0)),
        text_rank=text_rank,
        title_alike=Value(0.0, output_field=FloatField()),
        nearest=None,
    )


def _with_dialogue_outcome(queryset) -> QuerySet:
    """Annotate the latest concluded dialogue of each initiative: its id and the type of its outcome."""
    concluded = Dialogue.objects.filter(initiative=OuterRef("pk"), state=Dialogue.State.CONCLUDED).order_by(
        "-concluded_at", "-pk"
    )
    return queryset.annotate(
        concluded_dialogue_id=Subquery(concluded.values("pk")[:1], output_field=IntegerField()),
        concluded_outcome=Subquery(concluded.values("outcome_type")[:1]),
    )


def _is_similar(item) -> bool:
    """Tell whether a candidate is alike enough: it shares a word of the title, or the titles look alike."""
    return item.similarity >= MINIMUM_SCORE and (item.text_rank > 0 or item.title_alike >= TITLE_SIMILARITY)


def _with_link(queryset, linked_to) -> QuerySet:
    """Annotate the coordinators' link between each initiative and initiative `linked_to`: its id and kind."""
    links = InitiativeLink.objects.filter(
        Q(first_id=linked_to, second=OuterRef("pk")) | Q(first=OuterRef("pk"), second_id=linked_to)
    )
    return queryset.annotate(
        link_id=Subquery(links.values("pk")[:1], output_field=IntegerField()),
        link_kind=Subquery(links.values("kind")[:1]),
    )


def similar_initiatives(
    *, title: str, district_id=None, exclude=None, linked_to=None, in_district=IN_DISTRICT, elsewhere=ELSEWHERE
):
    """Return the public initiatives most like one titled `title`: the best few in `district_id`, then elsewhere.

    One query. Each result has `similarity` (higher is more alike), `in_district` (1 in the same district) and
    the latest concluded dialogue (`concluded_dialogue_id`, `concluded_outcome`) when there is one. With
    `linked_to` (an initiative's id) the public initiatives a coordinator linked to it come along, after the
    similar ones, with `link_id` and `link_kind`.
    """
    title = (title or "").strip()[:120]
    if not title:
        return []
    public = Initiative.objects.public()
    if exclude is not None:
        public = public.exclude(pk=exclude)
    scoring = (_scoring_postgresql if connection.vendor == "postgresql" else _scoring_sqlite)(title, public)
    here = Q(district_id=district_id) if district_id else Q(pk__isnull=True)
    in_district_value = Case(When(here, then=Value(1)), default=Value(0), output_field=IntegerField())
    # The best few sharing a word, in the district and elsewhere: a window over the matches the GIN index found.
    best_sharing = (
        public.filter(scoring.sharing)
        .annotate(
            similarity=scoring.text_rank + scoring.title_alike,
            in_district=in_district_value,
            shown=Case(When(here, then=Value(in_district)), default=Value(elsewhere), output_field=IntegerField()),
            place=Window(RowNumber(), partition_by=[F("in_district")], order_by=[F("similarity").desc(), F("pk")]),
        )
        .filter(place__lte=F("shown"))
        .values("pk")[: in_district + elsewhere]
    )
    others = [query for query in (scoring.nearest, *_linked_ids(linked_to)) if query is not None]
    if connection.vendor == "postgresql":
        # One list of ids: with an OR of IN lists PostgreSQL read the whole table to test each row.
        pool = Q(pk__in=best_sharing.union(*others)) if others else Q(pk__in=best_sharing)
    else:
        pool = Q(pk__in=best_sharing)  # SQLite allows no LIMIT inside a UNION
        for query in others:
            pool |= Q(pk__in=query)
    # A handful of rows, read with their district and dialogue (the outcome subqueries run for these only).
    candidates = (
        public.filter(pool)
        .annotate(
            text_rank=scoring.text_rank,
            title_alike=scoring.title_alike,
            similarity=scoring.text_rank + scoring.title_alike,
            in_district=in_district_value,
        )
        .select_related("district")
        .order_by("-in_district", "-similarity", "pk")
    )
    candidates = _with_dialogue_outcome(candidates)
    if linked_to is not None:
        candidates = _with_link(candidates, linked_to)
    rows = list(candidates)
    linked = [item for item in rows if getattr(item, "link_id", None)]
    chosen = [item for item in rows if not getattr(item, "link_id", None) and _is_similar(item)]
    here_items = [item for item in chosen if item.in_district][:in_district]
    return here_items + [item for item in chosen if not item.in_district][:elsewhere] + linked


def _linked_ids(linked_to) -> tuple:
    """Return the ids of the initiatives linked to initiative `linked_to`, as two queries to add to a union."""
    if linked_to is None:
        return ()
    return (
        InitiativeLink.objects.filter(first_id=linked_to).values("second_id"),
        InitiativeLink.objects.filter(second_id=linked_to).values("first_id"),
    )


def similar_to(initiative, **kwargs):
    """Return the public initiatives most like `initiative` (see `similar_initiatives`), not itself."""
    return similar_initiatives(
        title=initiative.title, district_id=initiative.district_id, exclude=initiative.pk, **kwargs
    )


def connections_for_page(initiative, user) -> dict:
    """Return what the "similar initiatives" block of an initiative's page shows `user`, in a fixed number of queries.

    Everyone: the similar initiatives and the ones a coordinator linked to it (one query). The initiators besides:
    open requests to join and open network invitations (one query each).
    """
    initiator = is_initiator(user, initiative)
    found = similar_to(initiative, linked_to=initiative.pk)
    similar = [item for item in found if not getattr(item, "link_id", None)]
    result = {
        "initiative": initiative,
        "in_district": [item for item in similar if item.in_district],
        "elsewhere": [item for item in similar if not item.in_district],
        "links": [item for item in found if getattr(item, "link_id", None)],
        "can_link": user.has_perm("initiatives.link_initiative", initiative),
        "can_ask_to_join": user.has_perm("initiatives.ask_to_join", initiative),
        # On a draft its initiators may still join one of these instead of going on alone.
        "offer_joining": initiator and initiative.status == Initiative.Status.DRAFT,
        "join_requests": [],
        "network_invitations": [],
    }
    if initiator:
        result["join_requests"] = list(
            JoinRequest.objects.filter(initiative=initiative, status=JoinRequest.Status.OPEN).select_related("user")
        )
        result["network_invitations"] = list(
            NetworkInvitation.objects.filter(
                initiative=initiative, status=NetworkInvitation.Status.OPEN
            ).select_related("network")
        )
    return result
