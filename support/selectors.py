"""Reads of the support app, mostly depending on who asks."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.utils import timezone
from django.utils.translation import ngettext

from accounts.selectors import user_roles
from initiatives.models import Initiative
from mokum.dates import long_date
from mokum.pagecache import holidays_for_pages
from mokum.prepared import PreparedQuery
from support.models import Article, Event, Registration, Scheme, SupportRequest

S = SupportRequest.Status


def _request_list():
    return SupportRequest.objects.select_related("initiative__district", "supporter")


def _open_schemes(*, district, themes, today: date):
    return Scheme.objects.published().open_on(today).for_district(district).with_any_theme(themes)


def schemes_matching(*, district, themes, today: date):
    """Return published schemes open `today` to `district` (or city-wide) that share a theme with `themes`."""
    return _open_schemes(district=district, themes=themes, today=today).prefetch_related("themes", "districts")


def schemes_for_initiative(initiative, *, today: date):
    """Return the open schemes that match an initiative's district and themes."""
    return schemes_matching(district=initiative.district_id, themes=initiative.themes.values("pk"), today=today)


def _first_schemes_for(initiative_id, district_id, today):
    themes = Initiative.themes.through.objects.filter(initiative_id=initiative_id).values("theme_id")
    return _open_schemes(district=district_id, themes=themes, today=today)[:FIRST_SCHEMES]


# How many matching schemes an initiative's page shows.
FIRST_SCHEMES = 5
FIRST_SCHEMES_QUERY = PreparedQuery(Scheme, _first_schemes_for, prefetch=["themes", "districts"])


def first_schemes_for_initiative(initiative, *, today: date) -> list:
    """Return the first few of `schemes_for_initiative`, for the initiative's page (compiled once per day)."""
    return FIRST_SCHEMES_QUERY(initiative.pk, initiative.district_id, shape=(today,))


def scheme_list(user):
    """Return the catalogue as `user` may see it: published schemes, and drafts for coordinators."""
    schemes = Scheme.objects.prefetch_related("themes", "districts")
    if not user.has_perm("support.manage_catalogue"):
        schemes = schemes.published()
    return schemes


def support_request_for(user, pk):
    """Return the request `pk` when `user` may see it, else None."""
    support_request = _request_list().filter(pk=pk).first()
    if support_request is None or not user.has_perm("support.view_request", support_request):
        return None
    return support_request


def support_requests_of_initiatives(user):
    """Return the support requests of the initiatives `user` owns or co-owns, newest first."""
    if not user.is_authenticated:
        return SupportRequest.objects.none()
    return _request_list().filter(initiative__initiator_links__user=user)


def support_requests_of_initiative(initiative):
    """Return an initiative's requests for help, newest first (for its initiators)."""
    return list(SupportRequest.objects.filter(initiative=initiative).select_related("supporter"))


def initiatives_asking_help(user):
    """Return the initiatives for which `user` may ask for help."""
    if not user.is_authenticated:
        return Initiative.objects.none()
    return (
        Initiative.objects.filter(initiator_links__user=user, hidden_at__isnull=True)
        .exclude(status__in=Initiative.Status.closed())
        .order_by("title")
    )


def supporter_inbox(user):
    """Return the open requests assigned to `user`, due soonest first."""
    return (
        _request_list()
        .filter(supporter=user, status__in=(S.ASSIGNED, S.IN_PROGRESS))
        .order_by("due_date", "created_at")
    )


def coordinator_queue(user):
    """Return the requests of the districts `user` coordinates that wait for a supporter, oldest first."""
    districts = user_roles(user).coordinator_of
    return _request_list().filter(status=S.NEW, initiative__district_id__in=districts).order_by("created_at", "id")


def coordinator_open_requests(user):
    """Return the assigned, still open requests of the districts `user` coordinates, due soonest first."""
    districts = user_roles(user).coordinator_of
    return (
        _request_list()
        .filter(status__in=(S.ASSIGNED, S.IN_PROGRESS), initiative__district_id__in=districts)
        .order_by("due_date", "created_at")
    )


def support_requests_due(*, on_date: date):
    """Return the open, assigned requests due on or before `on_date`, for the reminder scan."""
    return (
        SupportRequest.objects.filter(status__in=(S.ASSIGNED, S.IN_PROGRESS), due_date__lte=on_date)
        .select_related("initiative", "supporter")
        .order_by("due_date", "id")
    )


@dataclass(frozen=True)
class SupportCounts:
    new: int = 0
    assigned: int = 0
    in_progress: int = 0
    overdue: int = 0

    @property
    def open(self):
        return self.new + self.assigned + self.in_progress


def support_request_counts(*, district_ids, today: date | None = None) -> dict[int, SupportCounts]:
    """Return, per district, the open requests per status and how many are overdue (one query)."""
    today = today or timezone.localdate()
    rows = (
        SupportRequest.objects.filter(initiative__district_id__in=district_ids, status__in=SupportRequest.Status.open())
        .values("initiative__district_id")
        .annotate(
            new=Count("pk", filter=Q(status=S.NEW)),
            assigned=Count("pk", filter=Q(status=S.ASSIGNED)),
            in_progress=Count("pk", filter=Q(status=S.IN_PROGRESS)),
            overdue=Count("pk", filter=Q(due_date__lt=today)),
        )
        .order_by()
    )
    counts = {district_id: SupportCounts() for district_id in district_ids}
    for row in rows:
        counts[row["initiative__district_id"]] = SupportCounts(
            new=row["new"], assigned=row["assigned"], in_progress=row["in_progress"], overdue=row["overdue"]
        )
    return counts


def article_list(*, language: str, user=None):
    """Return the published guides, those in `language` first."""
    articles = Article.objects.all()
    if user is None or not user.has_perm("support.manage_catalogue"):
        articles = articles.published()
    return articles.annotate(
        other_language=Case(When(language=language, then=Value(0)), default=Value(1), output_field=IntegerField())
    ).order_by("other_language", "category", "title")


def event_list(*, now, user=None):
    """Return upcoming published events with their confirmed and waiting counts, soonest first."""
    return (
        Event.objects.published()
        .upcoming(now)
        .select_related("district")
        .annotate(
            confirmed_count=Count("registrations", filter=Q(registrations__status=Registration.Status.CONFIRMED)),
            waiting_count=Count("registrations", filter=Q(registrations__status=Registration.Status.WAITLISTED)),
        )
    )


def event_for(user, pk):
    """Return event `pk` with its counts when `user` may see it, else None."""
    event = (
        Event.objects.filter(pk=pk)
        .select_related("district", "organiser")
        .annotate(
            confirmed_count=Count("registrations", filter=Q(registrations__status=Registration.Status.CONFIRMED)),
            waiting_count=Count("registrations", filter=Q(registrations__status=Registration.Status.WAITLISTED)),
        )
        .first()
    )
    if event is None or not user.has_perm("support.view_event", event):
        return None
    return event


def registration_of(user, event):
    """Return the active (not cancelled) registration of `user` for `event`, or None."""
    if not user.is_authenticated:
        return None
    return Registration.objects.filter(event=event, user=user).exclude(status=Registration.Status.CANCELLED).first()


def waiting_position(registration) -> int | None:
    """Return the place of a waitlisted registration in the queue (1 is next)."""
    if registration is None or registration.status != Registration.Status.WAITLISTED:
        return None
    ahead = Registration.objects.filter(event_id=registration.event_id, status=Registration.Status.WAITLISTED).filter(
        Q(created_at__lt=registration.created_at) | Q(created_at=registration.created_at, id__lt=registration.id)
    )
    return ahead.count() + 1


def event_attendees(event):
    """Return an event's confirmed and waiting registrations, in the order they registered."""
    registrations = (
        Registration.objects.filter(event=event)
        .exclude(status=Registration.Status.CANCELLED)
        .select_related("user")
        .order_by("created_at", "id")
    )
    confirmed = [r for r in registrations if r.status == Registration.Status.CONFIRMED]
    waiting = [r for r in registrations if r.status == Registration.Status.WAITLISTED]
    return confirmed, waiting


def my_registrations(user, *, now):
    """Return `user`'s registrations for events that have not ended."""
    if not user.is_authenticated:
        return Registration.objects.none()
    return (
        Registration.objects.filter(user=user, event__ends_at__gte=now)
        .exclude(status=Registration.Status.CANCELLED)
        .select_related("event")
        .order_by("event__starts_at")
    )


def event_districts_for(user):
    """Return the districts `user` may organise events in; None in the list stands for city-wide."""
    from districts.models import District

    roles = user_roles(user)
    if roles.city_coordinator:
        return District.objects.all()
    return District.objects.filter(pk__in=roles.coordinator_of)


def support_answer_time(initiative, *, now) -> str:
    """Say within how many working days, and by which date, the coordinator finds a supporter for a request."""
    district = initiative.district
    return ngettext(
        "The coordinator asks a supporter to help you within %(days)d working day, by %(date)s.",
        "The coordinator asks a supporter to help you within %(days)d working days, by %(date)s.",
        district.triage_days,
    ) % {"days": district.triage_days, "date": long_date(district.triage_deadline(now, holidays_for_pages()))}
