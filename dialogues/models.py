import functools

from django.conf import settings
from django.db import models
from django.db.models import Case, ExpressionWrapper, F, Q, When
from django.db.models.functions import Greatest, Length
from django.db.models.lookups import GreaterThanOrEqual, LessThanOrEqual
from django.urls import reverse
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Role
from dialogues.querysets import CommitmentQuerySet, DialogueQuerySet
from mokum.choices import ChoiceLabels
from mokum.languages import content_language_field

# An outcome's reasoning must be a real explanation, not a one-liner.
REASONING_MIN_LENGTH = 150
SUMMARY_MAX_LENGTH = 200


class WaitingOn(models.TextChoices):
    """Whose turn it is: the ball is in exactly one court until the dialogue ends."""

    OFFICIALS = "officials", _("the municipality")
    INITIATIVE = "initiative", _("the initiative")
    COORDINATOR = "coordinator", _("the coordinator")
    NOBODY = "nobody", _("nobody")


class ActorKind(models.TextChoices):
    """The role someone spoke or acted in, kept with what they did so history survives job changes."""

    OFFICIAL = "official", _("official")
    INITIATOR = "initiator", _("initiator")
    COORDINATOR = "coordinator", _("coordinator")
    SYSTEM = "system", _("the platform")


class ActorSnapshot(models.Model):
    """Who did something and in which role, as it was at that moment."""

    actor_name = models.CharField(_("name"), max_length=80, blank=True)
    actor_kind = models.CharField(_("acted as"), max_length=12, choices=ActorKind.choices)
    actor_job_title = models.CharField(_("job title"), max_length=20, choices=Role.JobTitle.choices, blank=True)
    actor_department = models.CharField(_("department"), max_length=120, blank=True)

    class Meta:
        abstract = True

    @property
    def actor_role(self):
        """Return the role in words, e.g. “official (area manager, Gebiedsteam West)”."""
        return role_label(self.actor_kind, self.actor_job_title, self.actor_department)


# Elected and appointed members of the administration are named by their office, not by a department.
OFFICE_HOLDERS = (Role.JobTitle.BOARD_MEMBER, Role.JobTitle.COUNCIL_MEMBER)


def office_label(job_title, department="") -> str:
    """Return an official's position, e.g. “area manager, Gebiedsteam West” or “district board member”."""
    if job_title in OFFICE_HOLDERS or not department:
        return str(Role.JobTitle(job_title).label)
    return _("%(job_title)s, %(department)s") % {"job_title": Role.JobTitle(job_title).label, "department": department}


def role_label(kind, job_title="", department=""):
    """Return a role in words, e.g. “official (area manager, Gebiedsteam West)”, “district board member”."""
    return _role_label(kind, job_title or "", department or "", get_language())


@functools.lru_cache(maxsize=1024)
def _role_label(kind, job_title, department, language) -> str:
    # Per role and language: a timeline names the same few roles for each of its messages and events.
    if kind == ActorKind.OFFICIAL and job_title in OFFICE_HOLDERS:
        return str(Role.JobTitle(job_title).label)
    if kind == ActorKind.OFFICIAL and job_title:
        details = ", ".join(str(part) for part in (Role.JobTitle(job_title).label, department) if part)
        return _("official (%(details)s)") % {"details": details}
    return str(ActorKind(kind).label)


class Dialogue(ChoiceLabels, models.Model):
    """The dialogue between an initiative and the officials who answer it, tracked until a reasoned outcome."""

    class State(models.TextChoices):
        REQUESTED = "requested", _("waiting to be assigned")
        ASSIGNED = "assigned", _("assigned to an official")
        IN_DIALOGUE = "in_dialogue", _("in dialogue")
        AWAITING_INITIATIVE = "awaiting_initiative", _("waiting for the initiative")
        OUTCOME_PROPOSED = "outcome_proposed", _("outcome proposed")
        CONTESTED = "contested", _("outcome contested")
        CONCLUDED = "concluded", _("concluded")
        REOPENED = "reopened", _("asked to reopen")
        WITHDRAWN = "withdrawn", _("withdrawn")
        CLOSED = "closed", _("closed")

        @classmethod
        def open(cls):
            """Return the states of a dialogue that has not ended."""
            return (
                cls.REQUESTED,
                cls.ASSIGNED,
                cls.IN_DIALOGUE,
                cls.AWAITING_INITIATIVE,
                cls.OUTCOME_PROPOSED,
                cls.CONTESTED,
                cls.REOPENED,
            )

        @classmethod
        def ended(cls):
            """Return the states of a dialogue that has ended: concluded, withdrawn or closed."""
            return (cls.CONCLUDED, cls.WITHDRAWN, cls.CLOSED)

    class ClosureKind(models.TextChoices):
        DUPLICATE = "duplicate", _("duplicate of another dialogue")
        NOT_COMPETENT = "not_competent", _("the municipality is not competent")

    initiative = models.ForeignKey(
        "initiatives.Initiative", on_delete=models.PROTECT, related_name="dialogues", verbose_name=_("initiative")
    )
    # The initiative's district, kept here for the inbox, the dashboards and their indexes.
    district = models.ForeignKey(
        "districts.District", on_delete=models.PROTECT, related_name="dialogues", verbose_name=_("district")
    )
    question = models.TextField(_("question"), max_length=3000)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.REQUESTED)
    waiting_on = models.CharField(
        _("waiting on"), max_length=12, choices=WaitingOn.choices, default=WaitingOn.COORDINATOR
    )
    # The current turn: its number (a new clock starts with each turn), when it started, how many
    # working days it has, and the end of its last working day. Stored so a holiday change can recompute.
    clock = models.PositiveIntegerField(_("turn number"), default=1)
    turn_started_at = models.DateTimeField(_("turn started"), null=True, blank=True)
    turn_days = models.PositiveSmallIntegerField(_("working days for this turn"), null=True, blank=True)
    deadline_at = models.DateTimeField(_("deadline"), null=True, blank=True)
    # Twice the turn's working days: the moment a late answer becomes "long overdue" in public.
    long_overdue_at = models.DateTimeField(_("long overdue from"), null=True, blank=True)
    first_response_at = models.DateTimeField(_("first answer"), null=True, blank=True)
    # The end of the first-answer turn, kept after the turn ends: a dialogue that got no answer by then
    # counts against "first answers within the deadline", also once it is answered late, withdrawn or closed.
    first_answer_due_at = models.DateTimeField(_("first answer due"), null=True, blank=True)
    concluded_at = models.DateTimeField(_("concluded"), null=True, blank=True)
    # Working days the first answer and the outcome took, stored when they happen so the statistics are
    # database aggregates (dashboard/statistics.py): from the start of the first-answer turn (assignment)
    # to the first answer, and from opening to the accepted outcome; plus whether the first answer was in time.
    first_response_days = models.PositiveSmallIntegerField(_("working days to the first answer"), null=True, blank=True)
    first_response_on_time = models.BooleanField(_("first answer within the deadline"), null=True, blank=True)
    outcome_days = models.PositiveSmallIntegerField(_("working days to the outcome"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated to the board"), null=True, blank=True)
    # The type of the accepted outcome, kept here so lists and figures tell "agreed" from "not agreed".
    outcome_type = models.CharField(_("outcome"), max_length=16, blank=True)
    closure_kind = models.CharField(_("closed because"), max_length=16, choices=ClosureKind.choices, blank=True)
    referral = models.TextField(_("referral"), max_length=2000, blank=True)
    # Goes up with every change; a form posts back the version it showed, so a stale form is refused.
    version = models.PositiveIntegerField(_("version"), default=1)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("opened by"),
    )
    created_at = models.DateTimeField(_("opened"))

    history = HistoricalRecords(excluded_fields=["deadline_at", "long_overdue_at", "first_answer_due_at"])
    objects = DialogueQuerySet.as_manager()

    class Meta:
        verbose_name = _("dialogue")
        verbose_name_plural = _("dialogues")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["state", "deadline_at"], name="dialogue_state_deadline"),
            models.Index(fields=["waiting_on", "deadline_at"], name="dialogue_waiting_deadline"),
            models.Index(fields=["district", "state"], name="dialogue_district_state"),
            # The statistics' period filter (dialogues opened in a period, per district).
            models.Index(fields=["district", "created_at"], name="dialogue_district_opened"),
        ]
        constraints = [
            models.CheckConstraint(
                name="dialogue_open_waits_on_someone",
                condition=(
                    Q(state__in=["concluded", "withdrawn", "closed"], waiting_on="nobody", deadline_at__isnull=True)
                    | (
                        ~Q(state__in=["concluded", "withdrawn", "closed"])
                        & ~Q(waiting_on="nobody")
                        & Q(deadline_at__isnull=False)
                    )
                ),
                violation_error_message=_("An open dialogue waits on one side with a deadline; an ended one does not."),
            ),
            models.CheckConstraint(
                name="dialogue_closed_has_kind",
                condition=Q(state="closed") & ~Q(closure_kind="") | ~Q(state="closed") & Q(closure_kind=""),
                violation_error_message=_("A closed dialogue says why it was closed."),
            ),
        ]

    def __str__(self):
        return f"{self.initiative.title}: {self.question[:60]}"

    def get_absolute_url(self):
        return reverse("dialogues:detail", kwargs={"pk": self.pk})

    @property
    def is_open(self):
        return self.state in OPEN_STATES

    def is_overdue(self, now) -> bool:
        """Tell whether the current turn's deadline has passed."""
        return self.deadline_at is not None and now > self.deadline_at

    def is_long_overdue(self, now) -> bool:
        """Tell whether twice the turn's working days have passed."""
        return self.long_overdue_at is not None and now > self.long_overdue_at

    @property
    def public_status(self):
        """Return the public label code (see `PublicStatus`) for this dialogue."""
        return public_status_of(self.state, self.waiting_on, self.outcome_type)

    @property
    def public_label(self):
        return PublicStatus(self.public_status).label


# Short names for the two groups, imported all over the project.
OPEN_STATES = Dialogue.State.open()
ENDED_STATES = Dialogue.State.ended()
# Whose turn makes an open dialogue past its deadline late (the municipality's or the coordinator's).
LATE_SIDES = (WaitingOn.OFFICIALS, WaitingOn.COORDINATOR)


def waiting_on_the_city(prefix: str = "") -> Q:
    """Return the condition for an open dialogue whose turn is the municipality's or the coordinator's.

    Such a dialogue is late once its deadline has passed (dashboard.statistics.late_now).
    """
    return Q(**{f"{prefix}state__in": OPEN_STATES, f"{prefix}waiting_on__in": LATE_SIDES})


def owes_first_answer(prefix: str = "") -> Q:
    """Return the condition for a dialogue without a first answer that had not ended before that answer's deadline.

    Once the deadline has passed, its answer is missing (dashboard.statistics.unanswered_past_deadline). A dialogue
    withdrawn or closed before its deadline owed no answer any more; one that ended after the deadline went
    unanswered and counts against the municipality.
    """
    p = prefix
    return Q(**{f"{p}first_response_at__isnull": True}) & (
        Q(**{f"{p}ended_at__isnull": True}) | Q(**{f"{p}ended_at__gt": F(f"{p}first_answer_due_at")})
    )


class PublicStatus(models.TextChoices):
    """The few labels the public sees; "concluded, not agreed" is never lumped in with "agreed"."""

    WITH_COORDINATOR = "with_coordinator", _("with the platform coordinator")
    WAITING_MUNICIPALITY = "waiting_municipality", _("waiting for the municipality")
    WAITING_INITIATIVE = "waiting_initiative", _("waiting for the initiative")
    OUTCOME_PROPOSED = "outcome_proposed", _("outcome proposed")
    CONCLUDED_AGREED = "concluded_agreed", _("concluded — agreed")
    CONCLUDED_PARTLY = "concluded_partly", _("concluded — partly agreed")
    CONCLUDED_NOT_AGREED = "concluded_not_agreed", _("concluded — not agreed")
    CLOSED = "closed", _("closed")
    WITHDRAWN = "withdrawn", _("withdrawn")


def public_status_of(state, waiting_on, outcome_type) -> str:
    """Map an internal state (and the accepted outcome's type) to its public label code."""
    S = Dialogue.State
    if state == S.CONCLUDED:
        return {
            Outcome.Type.AGREED: PublicStatus.CONCLUDED_AGREED,
            Outcome.Type.PARTLY_AGREED: PublicStatus.CONCLUDED_PARTLY,
        }.get(outcome_type, PublicStatus.CONCLUDED_NOT_AGREED)
    if state == S.CLOSED:
        return PublicStatus.CLOSED
    if state == S.WITHDRAWN:
        return PublicStatus.WITHDRAWN
    if state == S.OUTCOME_PROPOSED:
        return PublicStatus.OUTCOME_PROPOSED
    return {
        WaitingOn.OFFICIALS: PublicStatus.WAITING_MUNICIPALITY,
        WaitingOn.INITIATIVE: PublicStatus.WAITING_INITIATIVE,
    }.get(waiting_on, PublicStatus.WITH_COORDINATOR)


class DialogueAssignment(models.Model):
    """An official assigned to a dialogue, with the department and job title they had at that moment."""

    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="assignments")
    official = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="dialogue_assignments",
        verbose_name=_("official"),
    )
    official_name = models.CharField(_("name"), max_length=80)
    is_lead = models.BooleanField(_("lead"), default=False)
    department = models.ForeignKey(
        "districts.Department",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department"),
    )
    department_name = models.CharField(_("department"), max_length=120, blank=True)
    job_title = models.CharField(_("job title"), max_length=20, choices=Role.JobTitle.choices)
    assigned_at = models.DateTimeField(_("assigned"))
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    ended_at = models.DateTimeField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("assigned official")
        verbose_name_plural = _("assigned officials")
        ordering = ["-is_lead", "assigned_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["dialogue"],
                condition=Q(is_lead=True, ended_at__isnull=True),
                name="dialogue_one_active_lead",
                violation_error_message=_("A dialogue has one lead official at a time."),
            ),
            models.UniqueConstraint(
                fields=["dialogue", "official"],
                condition=Q(ended_at__isnull=True),
                name="dialogue_official_assigned_once",
            ),
        ]
        indexes = [
            models.Index(fields=["official", "ended_at"], name="assignment_official_active"),
            # The statistics' department filter and per-department figures (the current lead's department).
            models.Index(fields=["department", "is_lead", "ended_at"], name="assignment_department_lead"),
        ]

    def __str__(self):
        return f"{self.official_name} ({self.get_job_title_display()}, {self.department_name})"

    @property
    def role_label(self):
        return office_label(self.job_title, self.department_name)


class Message(ChoiceLabels, ActorSnapshot):
    """Something said in the dialogue: public by default, or an internal note only staff see."""

    class Kind(models.TextChoices):
        ANSWER = "answer", _("answer")
        QUESTION = "question", _("question")
        REPLY = "reply", pgettext_lazy("from the initiative", "answer")
        NOTE = "note", _("internal note")
        RECORD = "record", _("agreed points")

    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="dialogue_messages",
        verbose_name=_("author"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    text = models.TextField(_("text"), max_length=6000)
    language = content_language_field()
    is_internal = models.BooleanField(_("internal note"), default=False)
    clock = models.PositiveIntegerField(_("turn number"))
    created_at = models.DateTimeField(_("written"))

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                name="message_internal_only_from_staff",
                condition=Q(is_internal=False) | Q(actor_kind__in=["official", "coordinator"], kind="note"),
                violation_error_message=_("Only officials and coordinators write internal notes."),
            ),
        ]
        indexes = [models.Index(fields=["dialogue", "created_at"], name="message_timeline")]

    def __str__(self):
        return f"{self.get_kind_display()} by {self.actor_name}"


class AppendOnly(Exception):
    pass


class DialogueEvent(ChoiceLabels, ActorSnapshot):
    """One step in a dialogue's history: what happened, from which state to which, by whom and why.

    Append-only: rows are written once by the dialogue services and never changed or deleted.
    """

    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=24)
    from_state = models.CharField(_("from"), max_length=20, blank=True)
    to_state = models.CharField(_("to"), max_length=20)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(_("reason"), max_length=6000, blank=True)
    # Some reasons (why an official was replaced, why the board was asked) are for staff only.
    reason_is_internal = models.BooleanField(default=False)
    clock = models.PositiveIntegerField(_("turn number"))
    waiting_on = models.CharField(_("waiting on"), max_length=12, choices=WaitingOn.choices)
    deadline_at = models.DateTimeField(_("deadline"), null=True, blank=True)
    params = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("time"))

    class Meta:
        verbose_name = _("dialogue event")
        verbose_name_plural = _("dialogue events")
        ordering = ["created_at", "id"]
        constraints = [
            # The moment a turn became overdue is logged once, whatever scans run.
            models.UniqueConstraint(
                fields=["dialogue", "clock"], condition=Q(action="overdue"), name="dialogue_overdue_once_per_clock"
            ),
        ]
        indexes = [
            models.Index(fields=["dialogue", "created_at"], name="event_timeline"),
            models.Index(fields=["action", "created_at"], name="event_action_time"),
            # The escalations of a district's dialogues (statistics): a few per dialogue among its many events.
            models.Index(fields=["dialogue", "created_at"], condition=Q(action="escalated"), name="event_escalated"),
        ]

    def __str__(self):
        return f"{self.action}: {self.from_state} → {self.to_state}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnly("Dialogue events are never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("Dialogue events are never deleted.")


class Outcome(ChoiceLabels, ActorSnapshot):
    """A reasoned outcome proposed by the municipality's side; it concludes the dialogue once accepted."""

    class Type(models.TextChoices):
        AGREED = "agreed", _("agreed")
        PARTLY_AGREED = "partly_agreed", _("partly agreed")
        DECLINED = "declined", _("declined")
        REFERRED = "referred", _("referred elsewhere")
        NOT_COMPETENT = "not_competent", _("not competent")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        CONTESTED = "contested", _("contested")
        ACCEPTED = "accepted", _("accepted")
        RETURNED = "returned", _("sent back to the dialogue")
        LAPSED = "lapsed", _("not pursued: the dialogue ended")
        SUPERSEDED = "superseded", _("reopened")

        @classmethod
        def pending(cls):
            """Return the statuses of an outcome that waits to be settled: proposed or contested."""
            return (cls.PROPOSED, cls.CONTESTED)

        @classmethod
        def void(cls):
            """Return the statuses of an outcome whose commitments no longer stand: sent back or lapsed."""
            return (cls.RETURNED, cls.LAPSED)

    class Settlement(models.TextChoices):
        BY_INITIATIVE = "initiative", _("accepted by the initiative")
        BY_DEADLINE = "deadline", _("no reaction within the deadline")
        UPHELD = "upheld", _("upheld after the initiative disagreed")

    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="outcomes")
    type = models.CharField(_("outcome"), max_length=16, choices=Type.choices)
    summary = models.CharField(_("summary"), max_length=SUMMARY_MAX_LENGTH)
    reasoning = models.TextField(_("reasoning"), max_length=8000)
    # Who decided (the actor fields): the official or coordinator who proposed it, in their role then.
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("decided by")
    )
    decided_at = models.DateTimeField(_("decided"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PROPOSED)
    settlement = models.CharField(_("how it ended"), max_length=12, choices=Settlement.choices, blank=True)
    settled_at = models.DateTimeField(_("settled"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        ordering = ["-decided_at"]
        constraints = [
            models.CheckConstraint(
                name="outcome_reasoning_has_real_length",
                condition=GreaterThanOrEqual(Length("reasoning"), REASONING_MIN_LENGTH),
                violation_error_message=_("The reasoning is too short."),
            ),
            models.CheckConstraint(
                name="outcome_summary_short",
                condition=LessThanOrEqual(Length("summary"), SUMMARY_MAX_LENGTH)
                & GreaterThanOrEqual(Length("summary"), 1),
                violation_error_message=_("The summary is empty or too long."),
            ),
            models.UniqueConstraint(
                fields=["dialogue"],
                condition=Q(status__in=["proposed", "contested"]),
                name="outcome_one_pending_per_dialogue",
            ),
            models.UniqueConstraint(
                fields=["dialogue"], condition=Q(status="accepted"), name="outcome_one_accepted_per_dialogue"
            ),
        ]

    def __str__(self):
        return f"{self.get_type_display()}: {self.summary}"

    @property
    def agreement(self):
        """Return the public label code of a dialogue concluded with this outcome."""
        return public_status_of(Dialogue.State.CONCLUDED, WaitingOn.NOBODY, self.type)


class Commitment(ChoiceLabels, models.Model):
    """Something promised in an outcome: what, by whom, by when; tracked until done or dropped."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        DONE = "done", _("done")
        DROPPED = "dropped", _("dropped")

    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="commitments")
    outcome = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="commitments")
    what = models.CharField(_("what"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="commitments",
        verbose_name=_("owner"),
    )
    # Who does it, in words: the owner's name, or a department or organisation without an account here.
    owner_label = models.CharField(_("who"), max_length=120)
    due_date = models.DateField(_("due"))
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.OPEN)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    dropped_reason = models.TextField(_("why it was dropped"), max_length=2000, blank=True)
    dropped_at = models.DateTimeField(_("dropped"), null=True, blank=True)
    created_at = models.DateTimeField(_("promised"))

    history = HistoricalRecords()
    objects = CommitmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["due_date", "id"]
        constraints = [
            models.CheckConstraint(
                name="commitment_has_owner",
                condition=~Q(owner_label=""),
                violation_error_message=_("A commitment says who does it."),
            ),
            models.CheckConstraint(
                name="commitment_status_fields",
                condition=(
                    Q(status="open", done_at__isnull=True, dropped_at__isnull=True)
                    | Q(status="done", done_at__isnull=False, dropped_at__isnull=True)
                    | (Q(status="dropped", done_at__isnull=True, dropped_at__isnull=False) & ~Q(dropped_reason=""))
                ),
                violation_error_message=_("A done commitment has a date; a dropped one a date and a reason."),
            ),
        ]
        indexes = [models.Index(fields=["status", "due_date"], name="commitment_due")]

    def __str__(self):
        return self.what

    def is_overdue(self, today) -> bool:
        """Tell whether it is still open after its due date."""
        return self.status == self.Status.OPEN and self.due_date < today


class StatisticsRow(models.Model):
    """A dialogue as the statistics count it: its figures' columns, its current lead's department, its escalations.

    PostgreSQL keeps these rows itself (triggers on dialogues, assignments and escalation events, migration 0008),
    in the same transaction as every change, bulk updates and deletions included; nothing in Python writes them. The
    grouped figures of the public statistics read this narrow table instead of joining the dialogues (a row of 400
    bytes) to their assignments and events: a third of the time at city scale. Elsewhere (SQLite) it stays empty
    and the figures are counted from the dialogues themselves.

    The columns the figures read come first and the ones only the generated columns read last (migration 0009):
    PostgreSQL reads a row's columns in order up to the last one a statement needs. The generated columns hold the
    parts of the figures' conditions that do not change with time (`dashboard.statistics.statistics_row_flags`), so that
    what is left at each page is a comparison with the moment: open now, and since when an answer is missing, the
    dialogue is late and it is long overdue (NULL: never).
    """

    dialogue = models.OneToOneField(
        Dialogue, on_delete=models.DO_NOTHING, db_constraint=False, primary_key=True, related_name="+"
    )
    district = models.ForeignKey(
        "districts.District", on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )
    created_at = models.DateTimeField()
    escalations = models.IntegerField(default=0)  # how many times the morning scan escalated it ("escalated" events)
    first_response_days = models.SmallIntegerField(null=True)
    outcome_days = models.SmallIntegerField(null=True)
    first_response_on_time = models.BooleanField(null=True)
    is_open = models.GeneratedField(
        expression=ExpressionWrapper(Q(state__in=OPEN_STATES), output_field=models.BooleanField()),
        output_field=models.BooleanField(),
        db_persist=True,
    )
    # The first answer's deadline while the dialogue owes that answer (NULL: answered, or ended before it).
    answer_missing_from = models.GeneratedField(
        expression=Case(When(owes_first_answer(), then=F("first_answer_due_at"))),
        output_field=models.DateTimeField(),
        db_persist=True,
    )
    # The deadline while the dialogue waits on the municipality or the coordinator (NULL: it cannot be late).
    late_from = models.GeneratedField(
        expression=Case(When(waiting_on_the_city(), then=F("deadline_at"))),
        output_field=models.DateTimeField(),
        db_persist=True,
    )
    # From then on it is late and past its long-overdue moment as well.
    long_late_from = models.GeneratedField(
        expression=Case(
            When(
                waiting_on_the_city() & Q(deadline_at__isnull=False, long_overdue_at__isnull=False),
                then=Greatest("deadline_at", "long_overdue_at"),
            ),
        ),
        output_field=models.DateTimeField(),
        db_persist=True,
    )
    first_response_at = models.DateTimeField(null=True)
    concluded_at = models.DateTimeField(null=True)
    state = models.CharField(max_length=20)
    outcome_type = models.CharField(max_length=16)
    # The current lead's department (NULL: no current lead; "" a lead without a department).
    lead_department_name = models.CharField(max_length=120, null=True)
    lead_department = models.ForeignKey(
        "districts.Department",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        null=True,
        related_name="+",
    )
    initiative = models.ForeignKey(
        "initiatives.Initiative", on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )
    waiting_on = models.CharField(max_length=12)
    deadline_at = models.DateTimeField(null=True)
    long_overdue_at = models.DateTimeField(null=True)
    first_answer_due_at = models.DateTimeField(null=True)
    ended_at = models.DateTimeField(null=True)

    class Meta:
        indexes = [models.Index(fields=["district", "created_at"], name="statisticsrow_district_opened")]

    def __str__(self):
        return f"{self.dialogue_id}"
