"""Reads about initiatives that depend on who asks, each in a fixed number of queries."""

import functools
import unicodedata
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from itertools import groupby
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.models import (
    CharField,
    Count,
    Exists,
    Field,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    prefetch_related_objects,
)
from django.db.models.functions import Cast, Coalesce, Concat
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.models import User
from accounts.selectors import user_roles
from connect.selectors import with_neighbour_sections
from districts.models import Area
from initiatives.models import (
    Follow,
    Initiative,
    InitiativeUpdate,
    Initiator,
    Network,
    NetworkMembership,
    Report,
    Support,
    Theme,
)
from initiatives.querysets import prefetch_theme_list, with_theme_list
from initiatives.rules import is_initiator, remember_initiator
from initiatives.similarity import with_similar
from initiatives.workflow import Action
from mokum.dates import long_date
from mokum.expressions import JoinedText
from mokum.languages import current_language
from mokum.pagecache import holidays_for_pages, shared_value
from mokum.prepared import PreparedQuery

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

S = Initiative.Status


def area_choices():
    """Return the areas as choices grouped under their district's name, for selects that work without JavaScript."""
    areas = Area.objects.select_related("district").order_by("district__name", "name")
    return [
        (district.name, [(str(area.pk), area.name) for area in group])
        for district, group in groupby(areas, key=lambda area: area.district)
    ]


def _alphabetical(label) -> str:
    """Return a sort key that orders `label` as a dictionary would: without accents and case."""
    decomposed = unicodedata.normalize("NFKD", str(label))
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


def theme_order(slug, label) -> tuple:
    """Return the sort key of a theme: alphabetical in the active language, "other" last."""
    return (slug == Theme.Slug.OTHER, _alphabetical(label))


@functools.lru_cache(maxsize=16)
def _theme_labels(language: str) -> dict:
    """Return slug → (sort key, name) for every theme, in `language` (translations are fixed while a process runs)."""
    with translation.override(language):
        return {slug: (theme_order(slug, label), str(label)) for slug, label in Theme.Slug.choices}


def theme_labels() -> dict:
    """Return slug → (sort key, name) of the themes in the active language: no translation looked up per card."""
    return _theme_labels(current_language())


def theme_choices():
    """Return the themes as (slug, name) in the active language's alphabetical order, "other" last."""
    labels = theme_labels()
    return [(slug, name) for slug, (_key, name) in sorted(labels.items(), key=lambda item: item[1])]


def initiatives_visible_to(user):
    """Return the initiatives `user` may open: public ones, their own, and all of the districts they coordinate."""
    visible = Q(pk__in=Initiative.objects.public().values("pk"))
    if user.is_authenticated:
        visible |= Q(pk__in=Initiator.objects.filter(user=user).values("initiative_id"))
        visible |= Q(district_id__in=user_roles(user).coordinator_of)
    return Initiative.objects.filter(visible)


def initiative_for_page(pk, user):
    """Return the initiative with what its page shows, including whether `user` supports and follows it.

    What the page shows of the initiative is the same for everyone: it is read once per data version and shared
    (mokum/pagecache.py); whether `user` supports and follows it is read for them, in one small query.
    """
    if settings.PAGE_CACHE_SECONDS:
        initiative = shared_value(("initiative-page", int(pk)), lambda: _public_initiative(pk))
        if initiative is not None and user.is_authenticated:
            initiative.viewer_supports, initiative.viewer_follows = _viewer_support_and_follow(initiative.pk, user.pk)
            # The shared copy holds the needs with the offers a visitor sees (accepted helpers); a logged-in
            # person may see more (their own offer; initiators every offer): connect adds theirs when there are needs.
            initiative.neighbour_needs_for_visitor = True
    else:  # nothing is shared: the person's support and follow come along in the initiative's own query
        initiative = _public_initiative(pk, viewer=user if user.is_authenticated else None)
    if initiative is None:
        raise Http404
    # The initiator links are loaded anyway: answer `is_initiator` from them instead of another query.
    remember_initiator(user, initiative.pk, {link.user_id for link in initiative.initiator_links.all()})
    return initiative


def _public_initiative(pk, viewer=None):
    """Return the initiative with its district, area, network, weekly supports, themes and initiators, or None.

    With `viewer`, also whether they support and follow it (viewer_supports, viewer_follows).
    """
    if viewer is None:
        initiative = next(iter(PAGE_QUERY(pk, shape=(timezone.localdate(),))), None)
    else:
        queryset = _page_query(viewer, now=timezone.now()).annotate(
            viewer_supports=Exists(Support.objects.filter(initiative=OuterRef("pk"), user=viewer)),
            viewer_follows=Exists(Follow.objects.filter(initiative=OuterRef("pk"), user=viewer)),
        )
        initiative = queryset.filter(pk=pk).first()
    if initiative is not None:
        prefetch_theme_list(initiative)
        prefetch_initiator_list(initiative)
    return initiative


def _page_query(viewer, *, now):
    """Return the query of an initiative's page: the initiative with everything its page shows, in one statement."""
    # Whether the neighbours' reactions are closed, and the reactions and needs (connect/), in this same query.
    queryset = Initiative.objects.select_related("district", "area", "network", "reactions_closed")
    queryset = with_neighbour_sections(queryset, viewer)
    queryset = with_weekly_supports(queryset, now=now)  # the growth chart, without a query of its own
    # Its themes and initiators come along in the same query too, instead of a query each.
    queryset = with_theme_list(with_initiator_list(queryset))
    return with_similar(queryset)  # the similar initiatives block too (PostgreSQL)


def _page_query_of_the_day(pk, today):
    """Return the page's query as anyone sees it on `today` (its weeks of supports start from it), for one id."""
    return _page_query(AnonymousUser(), now=timezone.make_aware(datetime.combine(today, time(12)))).filter(pk=pk)


# Built and compiled once per process and day (mokum/prepared.py): building its few dozen expressions took a third of
# the time of reading an initiative, compiling them 3 ms.
PAGE_QUERY = PreparedQuery(Initiative, _page_query_of_the_day)


_VIEWER_SQL = (
    "SELECT EXISTS (SELECT 1 FROM {support} WHERE initiative_id = %s AND user_id = %s), "
    "EXISTS (SELECT 1 FROM {follow} WHERE initiative_id = %s AND user_id = %s)"
)


def _viewer_support_and_follow(initiative_id: int, user_id: int) -> tuple[bool, bool]:
    """Return whether the person supports and follows the initiative, in one query that needs no ORM to build."""
    sql = _VIEWER_SQL.format(
        support=connection.ops.quote_name(Support._meta.db_table),
        follow=connection.ops.quote_name(Follow._meta.db_table),
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [initiative_id, user_id, initiative_id, user_id])
        supports, follows = cursor.fetchone()
    return bool(supports), bool(follows)


# Unit and record separators: control characters that display names do not contain (checked when splitting).
FIELD, RECORD = "\x1f", "\x1e"


def with_initiator_list(queryset):
    """Annotate each initiative with its initiators as text (`initiator_list`: id, user id, role and name each)."""
    links = (
        Initiator.objects.filter(initiative=OuterRef("pk"))
        .order_by()
        .values("initiative")
        .annotate(
            text=JoinedText(
                Concat(
                    Cast("pk", CharField()),
                    Value(FIELD),
                    Cast("user_id", CharField()),
                    Value(FIELD),
                    "role",
                    Value(FIELD),
                    "user__display_name",
                    output_field=CharField(),
                ),
                separator=RECORD,
            )
        )
        .values("text")
    )
    return queryset.annotate(initiator_list=Subquery(links, output_field=CharField()))


def prefetch_initiator_list(initiative):
    """Let `initiative.initiator_links.all()` answer from `initiator_list`, owner first, as the prefetch did."""
    links = []
    for record in (initiative.initiator_list or "").split(RECORD) if initiative.initiator_list else []:
        parts = record.split(FIELD, 3)
        if len(parts) != 4 or not parts[0].isdigit() or not parts[1].isdigit():
            # A name with a separator in it: read the links the ordinary way.
            initiators = Initiator.objects.select_related("user").order_by("-role", "joined_at")
            prefetch_related_objects([initiative], Prefetch("initiator_links", queryset=initiators))
            return initiative
        link = Initiator(pk=int(parts[0]), initiative=initiative, user_id=int(parts[1]), role=parts[2])
        link.user = User(pk=int(parts[1]), display_name=parts[3])
        links.append(link)
    links.sort(key=lambda link: (link.role != Initiator.Role.OWNER, link.pk))
    related = initiative.initiator_links.all()
    related._result_cache = links
    related._prefetch_done = True
    initiative._prefetched_objects_cache = {
        **getattr(initiative, "_prefetched_objects_cache", {}),
        "initiator_links": related,
    }
    return initiative


@dataclass
class Supporters:
    listed: list
    listed_count: int
    anonymous_count: int


# The named supporters, oldest first, with the number of all of them (a window count): a statement that needs no
# ORM to build, as it is read for every initiative page made from scratch.
_SUPPORTERS_SQL = (
    "SELECT u.display_name, s.neighbourhood, COUNT(*) OVER () FROM {support} s JOIN {user} u ON u.id = s.user_id "
    "WHERE s.initiative_id = %s AND s.listed_publicly ORDER BY s.created_at, s.id LIMIT %s"
)


def supporters_of(initiative, *, limit=100) -> Supporters:
    """Return the supporters who chose to be listed by name (at most `limit`) and how many are anonymous.

    Each listed supporter is a dictionary with `user__display_name` and `neighbourhood`.
    """
    quote = connection.ops.quote_name
    sql = _SUPPORTERS_SQL.format(support=quote(Support._meta.db_table), user=quote(User._meta.db_table))
    with connection.cursor() as cursor:
        cursor.execute(sql, [initiative.pk, limit])
        found = cursor.fetchall()
    rows = [{"user__display_name": name, "neighbourhood": place} for name, place, _total in found]
    listed_count = found[0][2] if found else 0
    return Supporters(
        listed=rows,
        listed_count=listed_count,
        anonymous_count=max(initiative.supporter_count - listed_count, 0),
    )


@dataclass
class WeekOfSupport:
    starts: datetime
    new: int
    total: int
    percent: int  # of the highest total in the chart, for the bar's height


GROWTH_WEEKS = 8


def growth_week_starts(*, weeks=GROWTH_WEEKS, now=None) -> list[datetime]:
    """Return the starts (local midnight) of the last `weeks` seven-day periods, the current one last."""
    today = timezone.localdate(now or timezone.now())
    first_day = today - timedelta(days=7 * weeks - 1)
    return [
        timezone.make_aware(datetime.combine(first_day + timedelta(days=7 * index), time.min)) for index in range(weeks)
    ]


def with_weekly_supports(queryset, *, weeks=GROWTH_WEEKS, now=None):
    """Annotate each initiative with its new supporters per week (supports_week_0 … oldest first), in the same query."""
    starts = growth_week_starts(weeks=weeks, now=now)
    counts = {}
    for index, start in enumerate(starts):
        period = Q(created_at__gte=start)
        if index + 1 < len(starts):
            period &= Q(created_at__lt=starts[index + 1])
        supports = Support.objects.filter(period, initiative=OuterRef("pk")).values("initiative")
        counts[f"supports_week_{index}"] = Coalesce(
            Subquery(supports.annotate(n=Count("pk")).values("n")), 0, output_field=IntegerField()
        )
    return queryset.annotate(**counts)


def support_growth(initiative, *, weeks=GROWTH_WEEKS, now=None) -> list[WeekOfSupport]:
    """Return new and total supporters per week over the last `weeks` weeks, oldest week first."""
    if not hasattr(initiative, "supports_week_0"):
        initiative = with_weekly_supports(Initiative.objects.filter(pk=initiative.pk), weeks=weeks, now=now).get()
    new_per_week = [getattr(initiative, f"supports_week_{index}") for index in range(weeks)]
    total = initiative.supporter_count - sum(new_per_week)
    result = []
    for start, new in zip(growth_week_starts(weeks=weeks, now=now), new_per_week, strict=True):
        total += new
        result.append(WeekOfSupport(starts=start, new=new, total=total, percent=0))
    highest = max((week.total for week in result), default=0) or 1
    for week in result:
        week.percent = round(100 * week.total / highest)
    return result


def _updates_of(pk, with_hidden):
    updates = InitiativeUpdate.objects.filter(initiative_id=pk).select_related("author")
    return updates if with_hidden else updates.filter(hidden_at__isnull=True)


UPDATES = PreparedQuery(InitiativeUpdate, _updates_of)


def updates_for(initiative, user) -> list:
    """Return the updates of `initiative`; hidden ones only for its initiators and coordinators."""
    with_hidden = is_initiator(user, initiative) or user.has_perm("initiatives.moderate_initiative", initiative)
    return UPDATES(initiative.pk, shape=(bool(with_hidden),), parent=initiative, parent_field="initiative")


@dataclass
class TimelineEntry:
    at: datetime
    label: "str | StrPromise"
    status: str
    actor: str = ""
    note: str = ""


EVENT_LABELS = {
    "create": _("Registered as a draft"),
    "edit": _("Changed by the initiators"),
    Action.SUBMIT: _("Submitted for intake"),
    Action.ANSWER: _("The initiators answered the question"),
    Action.TAKE_UP: _("Taken up for intake"),
    Action.ACCEPT: _("Accepted: the initiative is public"),
    Action.ASK: _("More information asked"),
    Action.REFUSE: _("Not accepted"),
    Action.WITHDRAW: _("Withdrawn by the initiators"),
    Action.REALISE: _("Realised"),
    Action.STRAND: _("Stranded"),
    "hide": _("Hidden by the coordinator"),
    "unhide": _("Shown again by the coordinator"),
}
# What a visitor sees of the history; the intake's questions, edits and moderation are for those involved.
# Edits made while the initiative was public are public too: supporters see what changed after they signed.
PUBLIC_EVENTS = {Action.SUBMIT, Action.ACCEPT, Action.WITHDRAW, Action.REALISE, Action.STRAND}
# The fields an edit can change, in the order the timeline names them.
EDITED_FIELDS = ("title", "summary", "description", "ask", "district", "area", "network", "image", "image_alt")


def _field_name(name: str) -> str:
    """Return the verbose name of the initiative's field `name` (its own fields, never a reverse relation)."""
    field = Initiative._meta.get_field(name)
    return str(field.verbose_name) if isinstance(field, Field) else name


def _changed_fields(record, previous) -> str:
    """Return the names of the fields `record` changed since `previous`, for the timeline."""
    if previous is None:
        return ""
    changed = {change.field for change in record.diff_against(previous, included_fields=EDITED_FIELDS).changes}
    names = [_field_name(name) for name in EDITED_FIELDS if name in changed]
    return _("Changed: %(fields)s") % {"fields": ", ".join(names)} if names else ""


HISTORY = PreparedQuery(
    Initiative.history.model,
    lambda pk: (
        Initiative.history.model.objects.filter(id=pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    ),
)


def initiative_timeline(initiative, *, full) -> list[TimelineEntry]:
    """Return the initiative's history as a timeline, oldest first; `full` adds notes, edits and moderation."""
    records = HISTORY(initiative.pk)
    entries = []
    previous: Any = None  # the record before, a django-simple-history model (the package has no type information)
    for record in records:
        record_before, previous = previous, record
        event = record.history_change_reason or ("create" if record.history_type == "+" else "edit")
        public = event in PUBLIC_EVENTS or (event == "edit" and record.status in Initiative.Status.public())
        if event not in EVENT_LABELS or (not full and not public):
            continue
        note = ""
        if event == "edit":
            note = _changed_fields(record, record_before)
        elif full and event in (Action.ASK, Action.REFUSE, Action.ACCEPT):
            note = record.intake_note
        elif full and event == Action.ANSWER:
            note = record.intake_answer
        elif full and event == "hide":
            note = record.hidden_reason
        entries.append(
            TimelineEntry(
                at=record.history_date,
                label=EVENT_LABELS[event],
                status=record.get_status_display(),
                actor=record.history_user.display_name if record.history_user else "",
                note=note,
            )
        )
    return entries


def initiators_of(initiative):
    """Return the people who own or co-own `initiative`."""
    return User.objects.filter(initiator_links__initiative=initiative)


def initiative_audience(initiative, *, exclude=None):
    """Return the people who support or follow `initiative` (without `exclude`), for news about it."""
    people = User.objects.filter(Q(supports__initiative=initiative) | Q(follows__initiative=initiative), is_active=True)
    if exclude is not None:
        people = people.exclude(pk=exclude.pk)
    return people.distinct()


def intake_queue(user):
    """Return the initiatives waiting for the intake in the districts `user` coordinates, oldest first."""
    initiators = Initiator.objects.select_related("user").order_by("-role", "joined_at")
    return (
        Initiative.objects.filter(
            district_id__in=user_roles(user).coordinator_of,
            status__in=[S.SUBMITTED, S.INTAKE],
        )
        .select_related("district", "area")
        .prefetch_related("themes", Prefetch("initiator_links", queryset=initiators))
        .order_by("submitted_at", "pk")
    )


def open_reports(user):
    """Return the reports waiting for a decision in the districts `user` coordinates, oldest first."""
    return (
        Report.objects.filter(resolved_at__isnull=True, initiative__district_id__in=user_roles(user).coordinator_of)
        .select_related("initiative__district", "update", "reporter")
        .order_by("created_at", "pk")
    )


def initiatives_of(user):
    """Return the initiatives `user` owns or co-owns, in every status, most recently active first."""
    return Initiative.objects.of_initiator(user).for_cards().order_by("-last_activity_at")


def supported_by(user):
    """Return the public initiatives `user` supports."""
    return Initiative.objects.public().filter(supports__user=user).for_cards().order_by("-last_activity_at")


def followed_by(user):
    """Return the public initiatives `user` follows."""
    return Initiative.objects.public().filter(follows__user=user).for_cards().order_by("-last_activity_at")


def recent_public(limit=6):
    """Return the most recently accepted public initiatives, for the home page."""
    public = Initiative.objects.public().filter(accepted_at__isnull=False)  # always so; it lets the index serve
    return public.select_related("district", "area").order_by("-accepted_at", "-pk")[:limit]


def network_for_page(slug):
    """Return a network with its districts and its members, admins first."""
    members = NetworkMembership.objects.select_related("user").order_by("-is_admin", "user__display_name")
    return get_object_or_404(
        Network.objects.prefetch_related("districts", Prefetch("memberships", queryset=members)), slug=slug
    )


def intake_answer_time(initiative, *, now) -> str:
    """Say within how many working days, and by which date, the coordinator looks at a submitted initiative."""
    district = initiative.district
    return ngettext(
        "The coordinator looks at your initiative within %(days)d working day, by %(date)s.",
        "The coordinator looks at your initiative within %(days)d working days, by %(date)s.",
        district.triage_days,
    ) % {"days": district.triage_days, "date": long_date(district.triage_deadline(now, holidays_for_pages()))}
