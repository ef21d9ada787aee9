"""Every write about reactions, needs and offers of help. Views, forms, admin and demo data call these."""

import re
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from connect import workflow
from connect.models import (
    NEED_TEXT_MAX_LENGTH,
    OFFER_MESSAGE_MAX_LENGTH,
    REACTION_MAX_LENGTH,
    HelperProfile,
    HelperSkill,
    Need,
    Offer,
    Reaction,
    ReactionReport,
    ReactionsClosed,
)
from connect.selectors import coordinators_of, helpers_for_need
from initiatives.models import Initiative
from initiatives.selectors import initiators_of
from mokum.languages import content_language
from mokum.text import reject_markup
from mokum.validators import validate_single_line
from mokum.workflow import Flow, NotAllowed, Notice, Refused, Step, WorkflowError, take
from notifications.services import notify

# More than one empty line between paragraphs is one paragraph break.
BLANK_LINES = re.compile(r"\n\s*\n+")


class ConnectError(WorkflowError):
    """A request the domain refuses, with a message for the person who made it."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class NotPermitted(ConnectError, Refused):
    """The person may not do this (views answer 403)."""


class OfferNotPossible(ConnectError, NotAllowed):
    """The offer is not in a state where this step can be taken."""


def _require(user, permission, obj):
    if not user.has_perm(permission, obj):
        raise NotPermitted(_("You are not allowed to do this."))


def _save_tracked(obj, *, actor, reason):
    """Save with the actor and the reason in the history."""
    obj._history_user = actor
    obj._change_reason = reason
    obj.save()


def _lock_initiative(initiative) -> Initiative:
    return Initiative.objects.select_for_update(of=("self",)).select_related("district").get(pk=initiative.pk)


def _params(initiative, **extra):
    return {"title": initiative.title, "district": initiative.district.name, **extra}


def _check_plain(text, *, max_length, empty_message):
    """Return `text` as plain text, or raise ConnectError with a message the writer understands."""
    text = (text or "").replace("\r\n", "\n").strip()
    if not text:
        raise ConnectError(empty_message)
    if len(text) > max_length:
        raise ConnectError(_("Please keep it to %(max)s characters.") % {"max": max_length})
    try:
        reject_markup(text)
    except ValidationError as error:
        raise ConnectError(error.messages[0]) from None
    return text


def reaction_body(text) -> str:
    """Return a reaction's text as stored: plain text, paragraphs separated by one empty line at most."""
    text = _check_plain(text, max_length=REACTION_MAX_LENGTH, empty_message=_("Please write your reaction."))
    text = BLANK_LINES.sub("\n\n", text)
    if any(ord(char) < 32 and char != "\n" for char in text):
        raise ConnectError(_("Please write plain text, without tabs or control characters."))
    return text


def _within_rate_limit(author, *, now) -> bool:
    window = timedelta(minutes=settings.CONNECT_REACTION_WINDOW_MINUTES)
    recent = Reaction.objects.filter(author=author, created_at__gt=now - window).count()
    return recent < settings.CONNECT_REACTIONS_PER_WINDOW


# -- reactions -----------------------------------------------------------------------------------------------


def reaction_post(*, initiative, author, body, parent=None, language="", now=None) -> Reaction:
    """Post `author`'s reaction on `initiative` (or a reply to `parent`, in `language`, else the interface's)."""
    now = now or timezone.now()
    language = content_language(language)
    body = reaction_body(body)
    if parent is not None and parent.initiative_id != initiative.pk:
        raise ValueError("The reaction replied to belongs to another initiative.")
    with transaction.atomic():
        locked = _lock_initiative(initiative)
        if parent is None:
            _require(author, "connect.add_reaction", locked)
        else:
            parent = Reaction.objects.select_related("initiative").get(pk=parent.pk)
            parent.initiative = locked
            _require(author, "connect.reply_reaction", parent)
        # One person's reactions are counted under a lock on their own row, so two quick posts cannot both slip in.
        User.objects.select_for_update().filter(pk=author.pk).first()
        if not _within_rate_limit(author, now=now):
            raise ConnectError(
                _("You have reacted a lot in a short time. Please wait a few minutes before you react again.")
            )
        reaction = Reaction.objects.create(
            initiative=locked, author=author, parent=parent, body=body, language=language, created_at=now
        )
        Initiative.objects.filter(pk=locked.pk).update(last_activity_at=now)
        _notify_reaction(reaction, locked, author)
    return reaction


def _notify_reaction(reaction, initiative, author):
    params = _params(initiative, author=author.display_name, text=reaction.body)
    url = reaction.get_absolute_url()
    key = f"reaction-{reaction.pk}"
    told = {author.pk}
    if reaction.parent_id and reaction.parent.author_id and reaction.parent.author_id not in told:
        notify(recipients=[reaction.parent.author], kind="reaction_reply", params=params, url=url, dedupe_key=key)
        told.add(reaction.parent.author_id)
    initiators = [person for person in initiators_of(initiative).filter(is_active=True) if person.pk not in told]
    notify(recipients=initiators, kind="reaction_posted", params=params, url=url, dedupe_key=key)
    told.update(person.pk for person in initiators)
    coordinators = [person for person in coordinators_of(initiative.district_id) if person.pk not in told]
    notify(recipients=coordinators, kind="reaction_posted_coordinator", params=params, url=url, dedupe_key=key)


def reaction_report(*, reaction, reporter, reason, now=None) -> ReactionReport:
    """Report `reaction` as inappropriate; the coordinators of the district hear of it and decide."""
    now = now or timezone.now()
    reason = _check_plain(reason, max_length=2000, empty_message=_("Please say why this is inappropriate."))
    _require(reporter, "connect.report_reaction", reaction)
    try:
        with transaction.atomic():
            report = ReactionReport.objects.create(reaction=reaction, reporter=reporter, reason=reason, created_at=now)
            initiative = reaction.initiative
            notify(
                recipients=coordinators_of(initiative.district_id),
                kind="reaction_reported",
                params=_params(initiative, reason=reason, text=reaction.body),
                url=reaction.get_absolute_url(),
                dedupe_key=f"reaction-report-{report.pk}",
            )
    except IntegrityError:
        raise ConnectError(_("You have already reported this. A coordinator will look at it.")) from None
    return report


def _lock_reaction(reaction) -> Reaction:
    return (
        Reaction.objects.select_for_update(of=("self",))
        .select_related("initiative__district", "author")
        .get(pk=reaction.pk)
    )


def reaction_hide(*, reaction, actor, reason, now=None) -> Reaction:
    """Hide `reaction` (and so its replies) from everyone but the coordinators, with a reason its author gets."""
    now = now or timezone.now()
    reason = _check_plain(reason, max_length=2000, empty_message=_("Please give the reason; the author will see it."))
    with transaction.atomic():
        locked = _lock_reaction(reaction)
        _require(actor, "connect.hide_reaction", locked)
        if locked.hidden_at is not None:
            raise ConnectError(_("This reaction is hidden already."))
        locked.hidden_at, locked.hidden_by, locked.hidden_reason = now, actor, reason
        _save_tracked(locked, actor=actor, reason="hide")
        ReactionReport.objects.filter(reaction=locked, resolved_at__isnull=True).update(
            resolved_at=now, resolved_by=actor, outcome=ReactionReport.Outcome.HIDDEN
        )
        notify(
            recipients=[locked.author] if locked.author and locked.author.is_active else [],
            kind="reaction_hidden",
            params=_params(locked.initiative, reason=reason, text=locked.body),
            url=locked.initiative.get_absolute_url(),
        )
    return locked


def reaction_unhide(*, reaction, actor) -> Reaction:
    """Show a hidden reaction again."""
    with transaction.atomic():
        locked = _lock_reaction(reaction)
        _require(actor, "connect.hide_reaction", locked)
        locked.hidden_at, locked.hidden_by, locked.hidden_reason = None, None, ""
        _save_tracked(locked, actor=actor, reason="unhide")
    return locked


def reaction_report_dismiss(*, reaction, actor, now=None) -> int:
    """Dismiss the open reports of `reaction`: it stays visible. Return how many were open."""
    now = now or timezone.now()
    _require(actor, "connect.hide_reaction", reaction)
    with transaction.atomic():
        return ReactionReport.objects.filter(reaction=reaction, resolved_at__isnull=True).update(
            resolved_at=now, resolved_by=actor, outcome=ReactionReport.Outcome.DISMISSED
        )


def reactions_close(*, initiative, actor, now=None) -> ReactionsClosed:
    """Close the reactions on `initiative`: what was said stays readable, nobody adds to it."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock_initiative(initiative)
        _require(actor, "connect.close_reactions", locked)
        closed, _created = ReactionsClosed.objects.get_or_create(
            initiative=locked, defaults={"closed_at": now, "closed_by": actor}
        )
    return closed


def reactions_open(*, initiative, actor) -> bool:
    """Open the reactions on `initiative` again; return False when they were open."""
    with transaction.atomic():
        locked = _lock_initiative(initiative)
        _require(actor, "connect.close_reactions", locked)
        deleted, _rows = ReactionsClosed.objects.filter(initiative=locked).delete()
    return bool(deleted)


# -- needs and offers ----------------------------------------------------------------------------------------


def need_text(text) -> str:
    """Return a need's short description as stored: one line of plain text."""
    text = _check_plain(
        text, max_length=NEED_TEXT_MAX_LENGTH, empty_message=_("Please say in a few words what you need.")
    )
    try:
        validate_single_line(text)
    except ValidationError as error:
        raise ConnectError(error.messages[0]) from None
    return text


def need_post(*, initiative, actor, kind, text, skill="", needed_on=None, now=None) -> Need:
    """Add a need to `initiative`; residents who listed that skill in the district and asked to hear, hear of it."""
    now = now or timezone.now()
    text = need_text(text)
    if kind not in Need.Kind.values:
        raise ConnectError(_("Please choose what you need."))
    if kind == Need.Kind.SKILL and skill not in Need.Skill.values:
        raise ConnectError(_("Please choose the skill you need."))
    if kind != Need.Kind.SKILL:
        skill = ""
    with transaction.atomic():
        locked = _lock_initiative(initiative)
        _require(actor, "connect.post_need", locked)
        need = Need(initiative=locked, kind=kind, skill=skill, text=text, needed_on=needed_on, created_by=actor)
        need.created_at = now
        _save_tracked(need, actor=actor, reason="post")
        if need.skill:
            notify(
                recipients=helpers_for_need(need),
                kind="need_matches_skill",
                params=_params(locked, need=text, skill=str(need.get_skill_display())),
                url=need.get_absolute_url(),
                dedupe_key=f"need-{need.pk}-skill",
            )
    return need


def need_mark_met(*, need, actor, now=None) -> Need:
    """Mark `need` as met: it leaves the lists of open needs and takes no more offers."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = Need.objects.select_for_update(of=("self",)).select_related("initiative__district").get(pk=need.pk)
        _require(actor, "connect.mark_need_met", locked)
        locked.met_at = now
        _save_tracked(locked, actor=actor, reason="met")
    return locked


def offer_make(*, need, helper, message, show_name=True, now=None) -> Offer:
    """Say "I can help" on `need`, with a message the initiators get; once per person and need."""
    now = now or timezone.now()
    message = _check_plain(
        message, max_length=OFFER_MESSAGE_MAX_LENGTH, empty_message=_("Please write how you can help.")
    )
    with transaction.atomic():
        locked = Need.objects.select_for_update(of=("self",)).select_related("initiative__district").get(pk=need.pk)
        _require(helper, "connect.offer_help", locked)
        try:
            with transaction.atomic():
                offer = Offer(need=locked, helper=helper, message=message, show_name=show_name, created_at=now)
                _save_tracked(offer, actor=helper, reason="offer")
        except IntegrityError:
            raise ConnectError(_("You have already offered to help with this.")) from None
        notify(
            recipients=initiators_of(locked.initiative).filter(is_active=True),
            kind="offer_made",
            params=_params(locked.initiative, need=locked.text, name=helper.display_name, message=message),
            url=locked.get_absolute_url(),
            dedupe_key=f"offer-{offer.pk}",
        )
    return offer


class OfferFlow(Flow):
    """The offer's side of the workflow engine: the permission is asked about the offer's need."""

    table = workflow.TRANSITIONS
    model = Offer
    state_field = "state"
    related = ("need__initiative__district", "helper")
    not_allowed_error = OfferNotPossible
    refused_error = NotPermitted

    def not_allowed_message(self, obj) -> str:
        return _("This is not possible now: the offer is “%(state)s”.") % {"state": obj.get_state_display()}

    def refusal(self, step: Step) -> str:
        if step.actor is not None and step.actor.has_perm(step.edge.who, step.obj.need):
            return ""
        return str(_("You are not allowed to do this."))

    def save_with_history(self, step: Step) -> None:
        _save_tracked(step.obj, actor=step.actor, reason=step.action)

    def announce(self, step: Step, notice: Notice, people: list) -> None:
        need = step.obj.need
        notify(
            recipients=people,
            kind=notice.kind,
            params=_params(need.initiative, need=need.text),
            url=need.get_absolute_url(),
            dedupe_key=f"offer-{step.obj.pk}-{step.action}-{step.now.timestamp()}",
        )

    def _decided(self, step: Step) -> None:
        step.obj.decided_at = step.now

    def _to_helper(self, step: Step) -> list:
        return [step.obj.helper] if step.obj.helper.is_active else []


OFFER_FLOW = OfferFlow()


def offer_transition(*, offer, action, actor, now=None) -> Offer:
    """Accept or decline an offer of help through the workflow engine; the helper hears of it after commit."""
    return take(OFFER_FLOW, obj=offer, action=action, actor=actor, now=now).obj


# -- what a resident can do ----------------------------------------------------------------------------------


def helper_profile_save(*, user, skills, district=None, hear_about_needs=False) -> HelperProfile:
    """Keep `user`'s skills, district and whether they want to hear about needs that match."""
    _require(user, "connect.edit_skills", None)
    unknown = set(skills) - set(Need.Skill.values)
    if unknown:
        raise ConnectError(_("Please choose skills from the list."))
    if hear_about_needs and district is None:
        raise ConnectError(_("Choose your district, so we know which initiatives are near you."))
    with transaction.atomic():
        profile, _created = HelperProfile.objects.select_for_update().get_or_create(user=user)
        profile.district = district
        profile.hear_about_needs = hear_about_needs
        profile.save()
        HelperSkill.objects.filter(user=user).exclude(skill__in=skills).delete()
        HelperSkill.objects.bulk_create(
            [HelperSkill(user=user, skill=skill) for skill in skills], ignore_conflicts=True
        )
    return profile
