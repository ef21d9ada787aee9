"""Reads about reactions, needs and offers that depend on who asks."""

import json
from dataclasses import dataclass, field
from datetime import UTC, date
from typing import NamedTuple

from django.contrib.auth.models import AnonymousUser
from django.db.models import Aggregate, Count, Exists, F, JSONField, OuterRef, Q, Subquery
from django.db.models.functions import JSONObject
from django.utils.dateparse import parse_date, parse_datetime

from accounts.models import Role, User
from accounts.selectors import user_roles
from connect.models import HelperProfile, HelperSkill, Need, Offer, Reaction, ReactionReport
from initiatives.models import Initiative, Initiator
from initiatives.rules import is_initiator


def coordinators_of(district_id):
    """Return the active coordinators of a district."""
    return User.objects.filter(roles__kind=Role.Kind.COORDINATOR, roles__district_id=district_id, is_active=True)


def helpers_for_need(need):
    """Return who wants to hear about `need`: its skill listed, its district chosen, opted in; not its initiators."""
    return (
        User.objects.filter(
            is_active=True,
            helper_profile__hear_about_needs=True,
            helper_profile__district_id=need.initiative.district_id,
            helper_skills__skill=need.skill,
        )
        .exclude(initiator_links__initiative_id=need.initiative_id)
        .distinct()
    )


def public_reactions():
    """Return the reactions anyone may read: not hidden, not under a hidden reaction, on a public initiative."""
    return Reaction.objects.filter(
        hidden_at__isnull=True,
        initiative__in=Initiative.objects.public(),
    ).exclude(parent__hidden_at__isnull=False)


class JSONList(Aggregate):
    """The rows of a group as one JSON array: jsonb_agg on PostgreSQL, json_group_array on SQLite."""

    function = "JSONB_AGG"
    output_field = JSONField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="JSON_GROUP_ARRAY", **extra_context)


def _rows(queryset, group, **fields):
    """Return a subquery that gives the rows of `queryset` for the outer row as a JSON list of `fields`."""
    return Subquery(
        queryset.order_by().values(group).annotate(rows=JSONList(JSONObject(**fields))).values("rows"),
        output_field=JSONField(),
    )


# What the page reads of an offer, under the names `_offer` reads: in the page's JSON and in a query of its own.
OFFER_ROW = {
    "id": "id",
    "helper": "helper_id",
    "name": "helper__display_name",
    "show_name": "show_name",
    "message": "message",
    "state": "state",
    "created": "created_at",
}


def with_neighbour_sections(queryset, user):
    """Annotate initiatives with their reactions and their needs (with the offers `user` may see), as JSON.

    The initiative's page reads both sections from its own query: they cost no query, however many there are.
    Everyone sees accepted helpers; the initiators see every offer; a helper sees their own.
    """
    viewer = user.pk if user.is_authenticated else 0  # no row has id 0: a visitor sees accepted helpers only
    offers = Offer.objects.filter(need_id=OuterRef("pk")).filter(
        Q(state=Offer.State.ACCEPTED)
        | Q(helper_id=viewer)
        | Exists(Initiator.objects.filter(initiative_id=OuterRef("need__initiative_id"), user_id=viewer))
    )
    needs = Need.objects.filter(initiative_id=OuterRef("pk"))
    reactions = Reaction.objects.filter(initiative_id=OuterRef("pk"))
    return queryset.annotate(
        neighbour_reactions=_rows(
            reactions,
            "initiative_id",
            id="id",
            parent="parent_id",
            author="author_id",
            name="author__display_name",
            body="body",
            language="language",
            created="created_at",
            hidden="hidden_at",
            reason="hidden_reason",
        ),
        neighbour_needs=_rows(
            needs,
            "initiative_id",
            id="id",
            kind="kind",
            skill="skill",
            text="text",
            needed_on="needed_on",
            created="created_at",
            met="met_at",
            offers=_rows(offers, "need_id", **OFFER_ROW),
        ),
    )


MISSING = object()


def _json(value):
    """Return JSON read from the database as Python (SQLite hands nested arrays over as text)."""
    if isinstance(value, str):
        return json.loads(value)
    return value or []


def _moment(value):
    """Return a moment read from JSON: PostgreSQL writes its offset, SQLite stores UTC without one."""
    if not isinstance(value, str):
        return value
    moment = parse_datetime(value.replace(" ", "T"))
    if moment is not None and moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment


def _day(value):
    return parse_date(value) if isinstance(value, str) else value


def _with(obj, **values):
    """Return `obj` with what the page shows of it besides its fields (a name, the offers it may see)."""
    for name, value in values.items():
        setattr(obj, name, value)
    return obj


def _reaction(row, initiative) -> Reaction:
    reaction = Reaction(
        id=row["id"],
        initiative=initiative,
        parent_id=row["parent"],
        author_id=row["author"],
        body=row["body"],
        language=row["language"],
        created_at=_moment(row["created"]),
        hidden_at=_moment(row["hidden"]),
        hidden_reason=row["reason"] or "",
    )
    return _with(reaction, author_name=row["name"] or "")


@dataclass
class Thread:
    """A reaction and its replies, as the page shows them."""

    reaction: Reaction
    replies: list = field(default_factory=list)


@dataclass
class ReactionsOnPage:
    threads: list
    count: int
    closed: bool


def reactions_closed(initiative) -> bool:
    """Tell whether the reactions on `initiative` are closed (no query when the page's query joined it in)."""
    return hasattr(initiative, "reactions_closed")


def reactions_for_page(initiative, *, moderator: bool) -> ReactionsOnPage:
    """Return the reactions on `initiative` as threads; hidden ones (and their replies) only for its moderators.

    Read from `with_neighbour_sections` when the initiative was loaded with it, else in one query.
    """
    rows = getattr(initiative, "neighbour_reactions", MISSING)
    if rows is MISSING:
        rows = with_neighbour_sections(Initiative.objects.filter(pk=initiative.pk), AnonymousUser()).values_list(
            "neighbour_reactions", flat=True
        )[0]
    reactions = sorted((_reaction(row, initiative) for row in _json(rows)), key=lambda r: (r.created_at, r.pk))
    threads: dict[int, Thread] = {}
    count = 0
    for reaction in reactions:
        if reaction.parent_id is None:
            if reaction.hidden_at is None or moderator:
                threads[reaction.pk] = Thread(reaction)
            count += reaction.hidden_at is None
    for reaction in reactions:
        thread = threads.get(reaction.parent_id) if reaction.parent_id else None
        if thread is None:
            continue
        reaction.parent = thread.reaction
        visible = reaction.hidden_at is None and thread.reaction.hidden_at is None
        if visible or moderator:
            thread.replies.append(reaction)
        count += visible
    return ReactionsOnPage(threads=list(threads.values()), count=count, closed=reactions_closed(initiative))


class ReactionsSharedAs(NamedTuple):
    """What the shared list of reactions differs by between people: nothing else in it is personal."""

    initiative: int
    logged_in: bool
    moderator: bool
    own: tuple  # the person's own reactions get no "report" link


def reactions_shared_as(initiative, user) -> ReactionsSharedAs:
    """Return the key parts of the shared list of reactions on `initiative` as `user` sees it."""
    moderator = user.has_perm("connect.hide_reaction", initiative)
    return ReactionsSharedAs(initiative.pk, user.is_authenticated, moderator, own_reactions(initiative, user))


def own_reactions(initiative, user) -> tuple:
    """Return the ids of the reactions on `initiative` that `user` wrote (from the page's query when it has them)."""
    if not user.is_authenticated:
        return ()
    rows = getattr(initiative, "neighbour_reactions", MISSING)
    if rows is MISSING:
        return tuple(Reaction.objects.filter(initiative=initiative, author=user).values_list("pk", flat=True))
    return tuple(row["id"] for row in _json(rows) if row["author"] == user.pk)


def _need(row, initiative) -> Need:
    need = Need(
        id=row["id"],
        initiative=initiative,
        kind=row["kind"],
        skill=row["skill"] or "",
        text=row["text"],
        needed_on=_day(row["needed_on"]),
        created_at=_moment(row["created"]),
        met_at=_moment(row["met"]),
    )
    offers = [_offer(data, need) for data in _json(row["offers"])]
    return _with(need, shown_offers=sorted(offers, key=lambda offer: (offer.created_at, offer.pk)))


def _offer(data, need) -> Offer:
    """Return an offer read as a row of OFFER_ROW (from the page's JSON or from a query of `values`)."""
    offer = Offer(
        id=data["id"],
        need=need,
        helper_id=data["helper"],
        show_name=data["show_name"],
        message=data["message"],
        state=data["state"],
        created_at=_moment(data["created"]),
    )
    return _with(offer, helper_name=data["name"] or "")


def needs_for_page(initiative, user) -> list[Need]:
    """Return the needs of `initiative`, open ones first, each with the offers `user` may see (`shown_offers`).

    Read from `with_neighbour_sections` when the initiative was loaded with it, else in one query. The shared
    copy of the page (initiatives.selectors.initiative_for_page) holds the offers a visitor sees; a logged-in
    person's own offers (an initiator's: every offer) are added in one small query, and only when there are needs.
    """
    rows = getattr(initiative, "neighbour_needs", MISSING)
    if rows is MISSING:
        rows = with_neighbour_sections(Initiative.objects.filter(pk=initiative.pk), user).values_list(
            "neighbour_needs", flat=True
        )[0]
    needs = [_need(row, initiative) for row in _json(rows)]
    if needs and user.is_authenticated and getattr(initiative, "neighbour_needs_for_visitor", False):
        _add_personal_offers(needs, initiative, user)
    far = date.max
    return sorted(needs, key=lambda n: (n.met_at is not None, n.needed_on or far, n.created_at, n.pk))


def _add_personal_offers(needs, initiative, user) -> None:
    """Add to `needs` the offers besides the accepted ones that `user` may see: their own, or as initiator all."""
    offers = Offer.objects.filter(need_id__in=[need.pk for need in needs]).exclude(state=Offer.State.ACCEPTED)
    if not is_initiator(user, initiative):
        offers = offers.filter(helper_id=user.pk)
    by_need = {need.pk: need for need in needs}
    for need_id, *values in offers.values_list("need_id", *OFFER_ROW.values()):
        need = by_need[need_id]
        need.shown_offers.append(_offer(dict(zip(OFFER_ROW, values, strict=True)), need))
    for need in needs:
        need.shown_offers.sort(key=lambda offer: (offer.created_at, offer.pk))


def open_needs_for_coordinator(user):
    """Return the open needs of active initiatives in the districts `user` coordinates, oldest first."""
    return (
        Need.objects.filter(
            met_at__isnull=True,
            initiative__district_id__in=user_roles(user).coordinator_of,
            initiative__in=Initiative.objects.public(),
        )
        .select_related("initiative__district")
        .annotate(
            offer_count=Count("offers", filter=Q(offers__state=Offer.State.OFFERED)),
            accepted_count=Count("offers", filter=Q(offers__state=Offer.State.ACCEPTED)),
        )
        .order_by("created_at", "id")
    )


def open_needs_of_network(network):
    """Return the open needs of the network's public, active initiatives, soonest needed first."""
    return (
        Need.objects.filter(
            met_at__isnull=True,
            initiative__network=network,
            initiative__in=Initiative.objects.public().filter(status=Initiative.Status.ACTIVE),
        )
        .select_related("initiative__district")
        .order_by(F("needed_on").asc(nulls_last=True), "created_at", "id")
    )


def open_reaction_reports(user):
    """Return the open reports of reactions in the districts `user` coordinates, oldest first."""
    return (
        ReactionReport.objects.filter(
            resolved_at__isnull=True, reaction__initiative__district_id__in=user_roles(user).coordinator_of
        )
        .select_related("reaction__initiative__district", "reaction__author")
        .order_by("created_at", "id")
    )


def helper_profile_of(user):
    """Return `user`'s skills, district and choice to hear about needs (an unsaved profile when there is none)."""
    profile = HelperProfile.objects.filter(user=user).select_related("district").first() or HelperProfile(user=user)
    skills = list(HelperSkill.objects.filter(user=user).values_list("skill", flat=True))
    return profile, skills


def offers_by(user):
    """Return the offers of help `user` made, newest first."""
    return Offer.objects.filter(helper=user).select_related("need__initiative").order_by("-created_at")
