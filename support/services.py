"""Every write of the support app: support requests as cases, the catalogue, guides, events and registrations."""

from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role, User
from dialogues.services import dialogue_transition
from dialogues.workflow import Action
from districts.workdays import add_working_days
from mokum.text import sanitise_rich_text
from mokum.workflow import Flow, NotAllowed, Notice, Refused, Step, WorkflowError, take
from notifications.services import notify
from support import workflow
from support.models import Article, Event, Registration, Scheme, SupportRequest

# A supporter gets two working weeks by default; the coordinator can pick another date.
DUE_WORKING_DAYS = 10


class SupportError(WorkflowError):
    """A request that cannot be carried out, with a message for the person who asked."""


class StepNotPossible(SupportError, NotAllowed):
    """The request's state does not allow this step."""


class StepRefused(PermissionDenied, Refused):
    """The person may not take this step (a PermissionDenied: views answer 403)."""


def _date_text(value: date | datetime) -> str:
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%d-%m-%Y %H:%M")
    return value.strftime("%d-%m-%Y")


def _initiators_of(initiative):
    return [link.user for link in initiative.initiator_links.select_related("user")]


def _coordinators_of(district_id):
    return [
        role.user
        for role in Role.objects.filter(kind=Role.Kind.COORDINATOR, district_id=district_id).select_related("user")
    ]


def default_due_date(*, now: datetime) -> date:
    """Return the due date a coordinator is offered when assigning a request: 10 working days from `now`."""
    return add_working_days(now, DUE_WORKING_DAYS).date()


def district_supporters(district_id):
    """Return the people who may be assigned requests in a district, by name."""
    return User.objects.filter(
        roles__kind=Role.Kind.SUPPORTER, roles__district_id=district_id, is_active=True
    ).order_by("display_name", "pk")


# --- Support requests ---------------------------------------------------------------------------------------------


def support_request_create(*, initiative, actor, need: str, description: str, now=None) -> SupportRequest:
    """Record an initiative's request for help and tell the district's coordinators."""
    now = now or timezone.now()
    if not actor.has_perm("support.add_request", initiative):
        raise PermissionDenied(_("Only the initiators of this initiative can ask for help for it."))
    if need not in SupportRequest.Need.values:
        raise SupportError(_("Choose what you need help with."))
    description = description.strip()
    if not description:
        raise SupportError(_("Describe what you need help with."))
    with transaction.atomic():
        support_request = SupportRequest(initiative=initiative, need=need, description=description, created_by=actor)
        support_request._history_user = actor
        support_request.save()
        notify(
            recipients=_coordinators_of(initiative.district_id),
            kind="support_request_new",
            params={"initiative": initiative.title},
            url=support_request.get_absolute_url(),
            dedupe_key=f"support-{support_request.pk}-new",
        )
    return support_request


class SupportRequestFlow(Flow):
    """The support request's side of the workflow engine: checks and effects (`_<name>`), audiences (`_to_<name>`)."""

    table = workflow.TRANSITIONS
    model = SupportRequest
    related = ("initiative", "supporter")
    not_allowed_error = StepNotPossible
    refused_error = StepRefused
    field_messages = {
        "supporter": gettext_lazy("Choose a supporter."),
        "due_date": gettext_lazy("Give a due date."),
        "note": gettext_lazy("Write a closing note, so the initiative knows what was done or why not."),
    }

    def not_allowed_message(self, obj) -> str:
        return _("This request is “%(status)s” now, so this step is not possible any more.") % {
            "status": obj.get_status_display()
        }

    def refused_message(self, step: Step) -> str:
        return _("You may not take this step for this request.")

    def prepare(self, step: Step) -> None:
        step.context["previous_supporter"] = step.obj.supporter

    def invalid(self, problems: dict[str, Any]) -> Exception:
        return SupportError(" ".join(problems.values()))

    def save_with_history(self, step: Step) -> None:
        # django-simple-history writes the history entry on save, naming the actor.
        step.obj._history_user = step.actor
        step.obj.save()

    def announce(self, step: Step, notice: Notice, people: list) -> None:
        request = step.obj
        params = {"initiative": request.initiative.title}
        if "due_date" in notice.extra:
            params["due_date"] = request.due_date.isoformat()
        if "supporter" in notice.extra:
            params["supporter"] = request.supporter.display_name
        if "note" in notice.extra:
            params["note"] = request.closing_note
        notify(recipients=people, kind=notice.kind, params=params, url=request.get_absolute_url())

    def _supporter_of_district(self, step: Step) -> dict[str, str]:
        supporter = step.fields["supporter"]
        district_id = step.obj.initiative.district_id
        if supporter is not None and not district_supporters(district_id).filter(pk=supporter.pk).exists():
            return {"supporter": _("This person is not a supporter in the initiative’s district.")}
        return {}

    def _due_date_ahead(self, step: Step) -> dict[str, str]:
        due_date = step.fields["due_date"]
        if due_date is not None and due_date < timezone.localdate(step.now):
            return {"due_date": _("The due date cannot be in the past.")}
        return {}

    def _assign(self, step: Step) -> None:
        request = step.obj
        request.supporter = step.fields["supporter"]
        request.assigned_by = step.actor
        request.assigned_at = step.now
        request.due_date = step.fields["due_date"]

    def _close(self, step: Step) -> None:
        step.obj.closing_note = step.fields["note"]
        step.obj.closed_at = step.now

    def _to_supporter(self, step: Step) -> list:
        return [step.obj.supporter]

    def _to_initiators(self, step: Step) -> list:
        return _initiators_of(step.obj.initiative)

    def _to_previous_supporter(self, step: Step) -> list:
        previous = step.context["previous_supporter"]
        return [previous] if previous is not None and previous != step.obj.supporter else []

    def _to_supporter_unless_actor(self, step: Step) -> list:
        supporter = step.obj.supporter
        return [supporter] if supporter is not None and supporter != step.actor else []


SUPPORT_REQUEST_FLOW = SupportRequestFlow()


def support_request_transition(
    *,
    support_request: SupportRequest,
    action: str,
    actor,
    supporter=None,
    due_date: date | None = None,
    note: str = "",
    now=None,
) -> SupportRequest:
    """Move a support request along the workflow, as `actor`, and tell the people involved."""
    fields = {"supporter": supporter, "due_date": due_date, "note": note.strip()}
    step = take(SUPPORT_REQUEST_FLOW, obj=support_request, action=action, actor=actor, fields=fields, now=now)
    support_request.refresh_from_db()
    return step.obj


# --- Catalogue and guides ------------------------------------------------------------------------------------------


def scheme_save(*, actor, scheme: Scheme, themes, districts, now=None) -> Scheme:
    """Create or change a scheme in the catalogue."""
    if not actor.has_perm("support.manage_catalogue"):
        raise PermissionDenied(_("Only coordinators keep the catalogue."))
    if not themes:
        raise SupportError(_("Choose at least one theme."))
    scheme.full_clean(exclude=["themes", "districts"])
    with transaction.atomic():
        scheme.save()
        scheme.themes.set(themes)
        scheme.districts.set(districts)
    return scheme


def article_save(*, actor, article: Article, now=None) -> Article:
    """Create or change a guide; its text keeps only safe markup."""
    if not actor.has_perm("support.manage_catalogue"):
        raise PermissionDenied(_("Only coordinators write the guides."))
    article.body = sanitise_rich_text(article.body)
    if not article.slug:
        article.slug = _free_slug(article.title, exclude_pk=article.pk)
    if not article.body.strip():
        raise SupportError(_("Write the text of the guide."))
    article.full_clean()
    with transaction.atomic():
        article.save()
    return article


def _free_slug(title, *, exclude_pk=None):
    base = slugify(title)[:150]
    if base in ("", "new"):
        base = "guide"
    slug, number = base, 1
    while Article.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


# --- Events and registration ---------------------------------------------------------------------------------------


def event_save(*, actor, event: Event, now=None) -> Event:
    """Create or change an event; a larger capacity moves people up from the waiting list."""
    now = now or timezone.now()
    if event.pk is None:
        if not actor.has_perm("support.add_event"):
            raise PermissionDenied(_("Only coordinators organise events."))
        event.organiser = actor
    elif not actor.has_perm("support.change_event", Event.objects.get(pk=event.pk)):
        raise PermissionDenied(_("You may not change this event."))
    if not actor.has_perm("support.organise_event_in", event.district):
        raise PermissionDenied(_("You can only organise events for the districts you coordinate."))
    event.full_clean()
    with transaction.atomic():
        if event.pk is not None:
            Event.objects.select_for_update().get(pk=event.pk)  # registrations wait until the new capacity is saved
            confirmed = event.registrations.filter(status=Registration.Status.CONFIRMED).count()
            if event.capacity < confirmed:
                raise SupportError(
                    _("%(count)d people are already registered; the number of places cannot be lower than that.")
                    % {"count": confirmed}
                )
        event.save()
        _promote_waiting(event, now=now)
    return event


def event_post_agreed_points(*, event: Event, actor, text: str, now=None):
    """Put what was agreed at `event` on the record of the dialogue it is about; return that dialogue."""
    now = now or timezone.now()
    if not actor.has_perm("support.post_agreed_points", event) or event.dialogue is None:  # the rule checks it too
        raise PermissionDenied(_("Only the organiser and the coordinators post the agreed points of this event."))
    if event.starts_at > now:
        raise SupportError(_("The agreed points can be put on record once the event has started."))
    # The record is part of the dialogue's text, read in either language: name the event, date it by numbers.
    heading = f"{event.title} ({timezone.localtime(event.starts_at):%d-%m-%Y})"
    return dialogue_transition(
        dialogue=event.dialogue, action=Action.RECORD, actor=actor, text=f"{heading}\n\n{text.strip()}", now=now
    )


def event_register(*, event: Event, user, now=None) -> Registration:
    """Register `user` for `event`: a confirmed place while there is room, else a place on the waiting list."""
    now = now or timezone.now()
    if not user.has_perm("support.register_event", event):
        raise PermissionDenied(_("Log in to register for this event."))
    with transaction.atomic():
        # Everyone registering for this event queues on its row, so the seats are counted one at a time.
        locked = Event.objects.select_for_update().get(pk=event.pk)
        if locked.ends_at <= now:
            raise SupportError(_("This event is over; registration is closed."))
        if Registration.objects.filter(event=locked, user=user).exclude(status=Registration.Status.CANCELLED).exists():
            raise SupportError(_("You are already registered for this event."))
        confirmed = Registration.objects.filter(event=locked, status=Registration.Status.CONFIRMED).count()
        status = Registration.Status.CONFIRMED if confirmed < locked.capacity else Registration.Status.WAITLISTED
        return Registration.objects.create(event=locked, user=user, status=status, created_at=now)


def registration_cancel(*, registration: Registration, actor, now=None) -> Registration | None:
    """Cancel a registration; a freed place goes to the first person on the waiting list, who is told.

    Return the registration that moved up, if any.
    """
    now = now or timezone.now()
    if registration.user_id != actor.pk:
        raise PermissionDenied(_("You can only cancel your own registration."))
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=registration.event_id)
        locked = Registration.objects.select_for_update().get(pk=registration.pk)
        if locked.status == Registration.Status.CANCELLED:
            raise SupportError(_("This registration was already cancelled."))
        if event.ends_at <= now:
            raise SupportError(_("This event is over; registrations can no longer be changed."))
        locked.status = Registration.Status.CANCELLED
        locked._history_user = actor
        locked.save()
        promoted = _promote_waiting(event, now=now)
    registration.refresh_from_db()
    return promoted[0] if promoted else None


def _promote_waiting(event, *, now) -> list[Registration]:
    """Give free places to the waiting list in the order people registered (the event row is locked)."""
    if event.ends_at <= now:
        return []
    confirmed = Registration.objects.filter(event=event, status=Registration.Status.CONFIRMED).count()
    free = event.capacity - confirmed
    if free <= 0:
        return []
    waiting = list(
        Registration.objects.select_for_update()
        .filter(event=event, status=Registration.Status.WAITLISTED)
        .select_related("user")
        .order_by("created_at", "id")[:free]
    )
    for registration in waiting:
        registration.status = Registration.Status.CONFIRMED
        registration.save()
        notify(
            recipients=[registration.user],
            kind="event_seat_offered",
            params={"title": event.title, "starts": _date_text(event.starts_at)},
            url=event.get_absolute_url(),
            dedupe_key=f"event-{event.pk}-registration-{registration.pk}-promoted",
        )
    return waiting
