"""Similar initiatives, found by the database: Dutch full-text search plus trigram similarity of titles.

On PostgreSQL the words of a title, stemmed by the `dutch` configuration (so "moestuinen" finds "moestuin"), are
looked up in a stored vector of every public initiative's title and summary (`SimilarityRow.document`, GIN index
`similarity_document`, migration 0010); the best few in the district and elsewhere are chosen by a window over
those matches. Titles that look alike letter by letter are found even without a shared word
("Zwerfafvalopruimactie", "Zwerfafval-opruimacties"): the nearest ten through the GiST trigram index
(`title <-> 'text'`). The union of both, a handful of rows, is read with district and dialogue outcome: one query
whatever the size of the city (EXPLAIN ANALYZE at 20,000 initiatives: README, "Similar initiatives").

On SQLite (development without PostgreSQL) the same Dutch stems are compared as the search does
(initiatives/search.py): an initiative is similar when its text contains a stem of the title, ranked by how many.
"""

import functools
import json
import re
from dataclasses import dataclass
from typing import Any

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
    TextField,
    Value,
    When,
    Window,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Concat, RowNumber
from django.db.models.lookups import Contains, GreaterThan

from accounts.models import User
from dialogues.models import Dialogue
from districts.models import District
from initiatives.models import Initiative, InitiativeLink, JoinRequest, Network, NetworkInvitation
from initiatives.rules import is_initiator
from initiatives.search import StemmedText, stems
from mokum.pagecache import later

# How many similar initiatives a page shows in the same district, and how many elsewhere in the city.
IN_DISTRICT = 3
ELSEWHERE = 3
# Titles at least this alike (0 to 1, pg_trgm's similarity) count as similar without a shared word.
TITLE_SIMILARITY = 0.3
# How many of the nearest titles (by trigrams) are candidates besides those sharing a word.
NEAREST_TITLES = 10
# Of those sharing a word, how many (in the district, and elsewhere) are compared by title as well: the best by
# the words they share. A common word ("buurt") is shared by thousands; titles alike without much text in common
# come in as the nearest titles.
SHORTLIST = 50
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


# The similar initiatives of one initiative (`o`: its id, title, district and the title's words as an OR query),
# as a JSON array. One statement, so that the initiative's page can read it as a column of its own query
# (`with_similar`) and a title typed in a form as a query of its own (`similar_initiatives`). The candidates:
# - the best few sharing a word of the title, in the district and elsewhere (a window over the matches the GIN
#   index `similarity_document` finds in the public initiatives' titles and summaries; titles are compared
#   only for a shortlist of those sharing the most);
# - the nearest titles letter by letter, through the GiST trigram index (`ORDER BY title <-> … LIMIT`);
# - those a coordinator linked to it.
# The first two read the narrow copy of each public initiative that PostgreSQL keeps (`SimilarityRow`, migration
# 0010): no initiative's row is read only to be dropped as not public.
# Each comes with its district, the latest concluded dialogue's outcome and the link. Python keeps the best few.
SIMILAR_SQL = f"""
WITH o AS MATERIALIZED (
    SELECT {{id}} AS id, {{title}}::text AS title, {{district}} AS district_id,
           replace(plainto_tsquery('dutch', {{title}}::text)::text, ' & ', ' | ')::tsquery AS q
)
SELECT COALESCE(json_agg(row_to_json(s)), '[]'::json) FROM (
    SELECT c.id, c.title, c.status, d.id AS district_id, d.name AS district_name, d.slug AS district_slug,
           (c.district_id IS NOT DISTINCT FROM o.district_id)::int AS in_district,
           ts_rank(c.document, o.q) AS text_rank,
           similarity(c.title, o.title) AS title_alike,
           (SELECT dl.id FROM dialogues_dialogue dl WHERE dl.initiative_id = c.id AND dl.state = 'concluded'
             ORDER BY dl.concluded_at DESC, dl.id DESC LIMIT 1) AS concluded_dialogue_id,
           (SELECT dl.outcome_type FROM dialogues_dialogue dl WHERE dl.initiative_id = c.id AND dl.state = 'concluded'
             ORDER BY dl.concluded_at DESC, dl.id DESC LIMIT 1) AS concluded_outcome,
           l.id AS link_id, l.kind AS link_kind
    FROM o
    -- The candidates' ids as a table of their own: a handful, each read by its primary key. (As `c.id IN (…)`
    -- PostgreSQL tested every row of the table against the list.)
    CROSS JOIN LATERAL (
        SELECT b.id FROM (
            SELECT s.id, s.here,
                   row_number() OVER (
                       PARTITION BY s.here ORDER BY s.text_rank + similarity(s.title, o.title) DESC, s.id
                   ) AS place
            -- The titles are compared letter by letter only on a shortlist: the best by the words they share.
            FROM (
                SELECT x.initiative_id AS id, x.title, (x.district_id IS NOT DISTINCT FROM o.district_id) AS here,
                       ts_rank(x.document, o.q) AS text_rank,
                       row_number() OVER (
                           PARTITION BY x.district_id IS NOT DISTINCT FROM o.district_id
                           ORDER BY ts_rank(x.document, o.q) DESC, x.initiative_id
                       ) AS text_place
                FROM initiatives_similarityrow x
                WHERE x.document @@ o.q AND x.initiative_id IS DISTINCT FROM o.id
            ) s
            WHERE s.text_place <= {SHORTLIST}
        ) b
        WHERE b.place <= CASE WHEN b.here THEN {{in_district}} ELSE {{elsewhere}} END
        UNION
        (SELECT y.initiative_id FROM initiatives_similarityrow y
          WHERE y.initiative_id IS DISTINCT FROM o.id
          ORDER BY y.title <-> o.title LIMIT {NEAREST_TITLES})
        UNION
        SELECT k.second_id FROM initiatives_initiativelink k WHERE k.first_id = o.id
        UNION
        SELECT k.first_id FROM initiatives_initiativelink k WHERE k.second_id = o.id
    ) ids
    -- Only the public ones have a row: the linked ones that are not are left out here.
    JOIN (SELECT initiative_id AS id, district_id, title, status, document FROM initiatives_similarityrow) c
        ON c.id = ids.id
    JOIN districts_district d ON d.id = c.district_id
    LEFT JOIN initiatives_initiativelink l
        ON (l.first_id = o.id AND l.second_id = c.id) OR (l.first_id = c.id AND l.second_id = o.id)
) s
"""


# What waits for the initiators' answer, for the page's own query: open requests to join, open network invitations.
WAITING_SQL = """
SELECT json_build_object(
    'join_requests', COALESCE((
        SELECT json_agg(json_build_object('id', r.id, 'user_id', u.id, 'name', u.display_name, 'message', r.message)
                        ORDER BY r.created_at, r.id)
        FROM initiatives_joinrequest r JOIN accounts_user u ON u.id = r.user_id
        WHERE r.initiative_id = "initiatives_initiative".id AND r.status = 'open'), '[]'::json),
    'network_invitations', COALESCE((
        SELECT json_agg(json_build_object('id', n.id, 'network_id', w.id, 'name', w.name, 'slug', w.slug)
                        ORDER BY n.created_at, n.id)
        FROM initiatives_networkinvitation n JOIN initiatives_network w ON w.id = n.network_id
        WHERE n.initiative_id = "initiatives_initiative".id AND n.status = 'open'), '[]'::json)
)
"""


def _waiting(initiative) -> tuple[list, list]:
    """Return the open requests to join and network invitations of `initiative`, in one query or none."""
    if hasattr(initiative, "waiting_json"):  # read with the page's own query (`with_similar`)
        data = initiative.waiting_json
        data = json.loads(data) if isinstance(data, str) else data
        requests = []
        for row in data["join_requests"]:
            request = JoinRequest(pk=row["id"], initiative=initiative, user_id=row["user_id"], message=row["message"])
            request.user = User(pk=row["user_id"], display_name=row["name"])
            requests.append(request)
        invitations = []
        for row in data["network_invitations"]:
            invitation = NetworkInvitation(pk=row["id"], initiative=initiative, network_id=row["network_id"])
            invitation.network = Network(pk=row["network_id"], name=row["name"], slug=row["slug"])
            invitations.append(invitation)
        return requests, invitations
    open_requests = JoinRequest.objects.filter(initiative=initiative, status=JoinRequest.Status.OPEN)
    open_invitations = NetworkInvitation.objects.filter(initiative=initiative, status=NetworkInvitation.Status.OPEN)
    return (
        list(open_requests.select_related("user").order_by("created_at", "pk")),
        list(open_invitations.select_related("network").order_by("created_at", "pk")),
    )


def _similar_sql(*, id, title, district, in_district=IN_DISTRICT, elsewhere=ELSEWHERE) -> str:
    return SIMILAR_SQL.format(id=id, title=title, district=district, in_district=in_district, elsewhere=elsewhere)


def with_similar(queryset):
    """Annotate each initiative with its similar and linked initiatives as JSON (`similar_json`), PostgreSQL only.

    A column of the page's own query: the initiative's page shows them without a query of its own.
    """
    if connection.vendor != "postgresql":
        return queryset
    table = '"initiatives_initiative"'
    sql = _similar_sql(id=f"{table}.id", title=f"{table}.title", district=f"{table}.district_id")
    # Text fields: psycopg reads `json` columns itself (a list), where JSONField would parse them again.
    return queryset.annotate(
        similar_json=RawSQL(sql, [], output_field=TextField()),
        waiting_json=RawSQL(WAITING_SQL, [], output_field=TextField()),
    )


class _Candidate:
    """A row of SIMILAR_SQL with what choosing among them reads; only the chosen are made initiatives (`_item`)."""

    __slots__ = ("in_district", "link_id", "pk", "row", "similarity", "text_rank", "title_alike")

    def __init__(self, row: dict):
        self.row = row
        self.pk = row["id"]
        self.in_district = row["in_district"]
        self.text_rank = row["text_rank"] or 0.0
        self.title_alike = row["title_alike"] or 0.0
        self.similarity = self.text_rank + self.title_alike
        self.link_id = row["link_id"]


def _item(candidate: _Candidate) -> Any:
    """Return an initiative (not saved) from a candidate, with what the pages and the API show of it."""
    row = candidate.row
    item: Any = Initiative(pk=row["id"], title=row["title"], status=row["status"], district_id=row["district_id"])
    item.district = District(pk=row["district_id"], name=row["district_name"], slug=row["district_slug"])
    item.in_district = candidate.in_district
    item.text_rank = candidate.text_rank
    item.title_alike = candidate.title_alike
    item.similarity = candidate.similarity
    item.concluded_dialogue_id = row["concluded_dialogue_id"]
    item.concluded_outcome = row["concluded_outcome"]
    item.link_id = candidate.link_id
    item.link_kind = row["link_kind"] if candidate.link_id else None
    return item


def _chosen_items(data, *, links=True, **choice) -> list:
    """Return the initiatives chosen (`_from_rows`) from SIMILAR_SQL's JSON array, as psycopg gives it or as text.

    Without `links` the links found are left out: those of the initiative excluded, not asked for.
    """
    candidates = [_Candidate(row) for row in (json.loads(data) if isinstance(data, str) else data or [])]
    if not links:
        for candidate in candidates:
            candidate.link_id = None
    return [_item(candidate) for candidate in _from_rows(candidates, **choice)]


def _from_rows(rows, *, in_district=IN_DISTRICT, elsewhere=ELSEWHERE) -> list:
    """Keep the best few alike enough in the district, then elsewhere, then the linked ones."""
    items = sorted(rows, key=lambda item: (-item.in_district, -item.similarity, item.pk))
    linked = [item for item in items if getattr(item, "link_id", None)]
    chosen = [item for item in items if not getattr(item, "link_id", None) and _is_similar(item)]
    here_items = [item for item in chosen if item.in_district][:in_district]
    return here_items + [item for item in chosen if not item.in_district][:elsewhere] + linked


def _similar_postgresql(*, title, district_id, exclude, linked_to, in_district, elsewhere) -> list:
    # The linked ones are those of `exclude` or `linked_to`; with neither, no link matches id NULL.
    sql = _similar_sql(
        id="%s::int", title="%s", district="%s::int", in_district=int(in_district), elsewhere=int(elsewhere)
    )
    own_id = linked_to if linked_to is not None else exclude
    # `o.id` is both "not itself" and "linked to it"; with only `exclude` the links of it come along too, dropped below.
    with connection.cursor() as cursor:
        cursor.execute(sql, [own_id, title, district_id, title])
        data = cursor.fetchone()[0]
    return _chosen_items(data, links=linked_to is not None, in_district=in_district, elsewhere=elsewhere)


@dataclass
class Scoring:
    """How SQLite finds and scores similar initiatives (PostgreSQL: SIMILAR_SQL)."""

    sharing: Q  # the initiatives that share a word with the title (stemmed)
    text_rank: Any  # how much of the title's words they share
    title_alike: Any  # how alike the titles are letter by letter (0 to 1)


def _scoring_sqlite(title: str, public: QuerySet) -> Scoring:
    words = list(dict.fromkeys(stems(" ".join(title_words(title)))))
    if not words:
        zero = Value(0.0, output_field=FloatField())
        return Scoring(sharing=Q(pk__in=[]), text_rank=zero, title_alike=zero)
    text = StemmedText(Concat("title", Value(" "), "summary", Value(" "), "description"))
    hits = [Case(When(Contains(text, Value(f" {word}")), then=1), default=0) for word in words]
    text_rank = Cast(sum(hits[1:], hits[0]), FloatField()) / len(words)
    return Scoring(
        sharing=Q(GreaterThan(text_rank, 0)),
        text_rank=text_rank,
        title_alike=Value(0.0, output_field=FloatField()),
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
    if connection.vendor == "postgresql":
        return _similar_postgresql(
            title=title,
            district_id=district_id,
            exclude=exclude,
            linked_to=linked_to,
            in_district=in_district,
            elsewhere=elsewhere,
        )
    public = Initiative.objects.public()
    if exclude is not None:
        public = public.exclude(pk=exclude)
    scoring = _scoring_sqlite(title, public)
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
    pool = Q(pk__in=best_sharing)  # SQLite allows no LIMIT inside a UNION
    for query in _linked_ids(linked_to):
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
    return _from_rows(list(candidates), in_district=in_district, elsewhere=elsewhere)


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


def similar_shared_as(initiative, user) -> tuple:
    """Return what the shared "similar initiatives" block differs by between people: is an initiator, may link,
    is offered to join (an initiator of a draft). Nothing else in it is personal."""
    initiator = is_initiator(user, initiative)
    offer_joining = initiator and initiative.status == Initiative.Status.DRAFT
    return (initiative.pk, initiator, user.has_perm("initiatives.link_initiative", initiative), offer_joining)


def connections_for_page(initiative, user) -> dict:
    """Return what the "similar initiatives" block of an initiative's page shows `user`, in a fixed number of queries.

    On PostgreSQL all of it comes with the page's own query (`with_similar`); elsewhere the similar and linked
    initiatives take one query, and for initiators the open requests to join and network invitations two more.
    """
    shared_as = similar_shared_as(initiative, user)
    _pk, initiator, can_link, offer_joining = shared_as

    # The lists are read when the template uses them: not at all when the block comes from the shared cache.
    @functools.cache
    def found():
        if hasattr(initiative, "similar_json"):  # read with the page's own query (`with_similar`)
            return _chosen_items(initiative.similar_json)
        return similar_to(initiative, linked_to=initiative.pk)

    def similar():
        return [item for item in found() if not getattr(item, "link_id", None)]

    waiting = functools.cache(lambda: _waiting(initiative) if initiator else ([], []))
    return {
        "initiative": initiative,
        "shared_as": shared_as,
        "in_district": later(lambda: [item for item in similar() if item.in_district]),
        "elsewhere": later(lambda: [item for item in similar() if not item.in_district]),
        "links": later(lambda: [item for item in found() if getattr(item, "link_id", None)]),
        "can_link": can_link,
        # On a draft its initiators may still join one of these instead of going on alone.
        "offer_joining": offer_joining,
        "join_requests": later(lambda: waiting()[0]),
        "network_invitations": later(lambda: waiting()[1]),
    }
