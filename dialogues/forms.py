"""The small forms of the dialogue's actions. Each posts back the version it showed."""

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from dialogues.models import OFFICE_HOLDERS, REASONING_MIN_LENGTH, SUMMARY_MAX_LENGTH, Dialogue, Outcome, office_label
from dialogues.rules import active_assignments
from dialogues.workflow import Action
from mokum.languages import ContentLanguageField
from mokum.text import PlainTextField, SingleLineField

A = Action


def textarea(rows=5):
    return forms.Textarea(attrs={"rows": rows})


class ActionForm(forms.Form):
    """A dialogue action: the version the person saw travels along, so a stale form is refused."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, dialogue=None, **kwargs):
        self.dialogue = dialogue
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("version", dialogue.version if dialogue else None)
        super().__init__(*args, **kwargs)

    def service_arguments(self) -> dict:
        """Return the keyword arguments for `dialogue_transition`."""
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}


MESSAGE_LABELS = {
    A.ANSWER: (_("Your answer"), ""),
    A.ASK: (_("Your question to the initiative"), _("Ask one clear question; the initiative gets time to answer.")),
    A.REPLY: (_("Your answer"), ""),
    A.RECORD: (
        _("Agreed points"),
        _("What both sides agreed, for example at a meeting. Everyone can read this on the dialogue’s page."),
    ),
    A.NOTE: (
        _("Internal note"),
        _("Only officials and coordinators see internal notes; the initiative and the public never do."),
    ),
}

REASON_LABELS = {
    A.CONTEST: (_("Why do you contest the outcome?"), _("The coordinator reads this and decides.")),
    A.WITHDRAW: (_("Why do you withdraw?"), _("Everyone can read this on the dialogue’s page.")),
    A.REQUEST_REOPEN: (_("Why should the dialogue be reopened?"), _("The coordinator reads this and decides.")),
    A.RESUME: (_("Why does the dialogue continue?"), _("Everyone can read this on the dialogue’s page.")),
    A.UPHOLD: (_("Why does the outcome stand?"), _("Everyone can read this on the dialogue’s page.")),
    A.REOPEN: (_("Why is the dialogue reopened?"), _("Everyone can read this on the dialogue’s page.")),
    A.REFUSE_REOPEN: (_("Why is the dialogue not reopened?"), _("Everyone can read this on the dialogue’s page.")),
    A.REASSIGN: (_("Why is the lead handed over?"), _("Only officials and coordinators see this reason.")),
    A.ESCALATE: (_("What should the board member decide?"), _("Only officials and coordinators see this.")),
    A.CLOSE: (_("Reasoning"), _("Why the dialogue is closed. Everyone can read this.")),
}


class MessageForm(ActionForm):
    # Its blank fields look the same to everyone in the same language: rendered once per process (form_fields).
    same_for_everyone = True

    text = PlainTextField(max_length=6000, widget=textarea(6))
    # An official may answer in Dutch while the site speaks Arabic to them: the interface's language is only the
    # default.
    language = ContentLanguageField()

    def __init__(self, *args, action, **kwargs):
        super().__init__(*args, **kwargs)
        label, help_text = MESSAGE_LABELS[action]
        self.fields["text"].label = label
        self.fields["text"].help_text = help_text


class ReasonForm(ActionForm):
    reason = PlainTextField(max_length=6000, widget=textarea())

    def __init__(self, *args, action, **kwargs):
        super().__init__(*args, **kwargs)
        label, help_text = REASON_LABELS[action]
        self.fields["reason"].label = label
        self.fields["reason"].help_text = help_text


class ConfirmForm(ActionForm):
    def __init__(self, *args, action=None, **kwargs):
        super().__init__(*args, **kwargs)


def official_choices(dialogue, *, board_members_only=False, exclude_assigned=False):
    """Return (user id, “name — job title, department”) for the officials of the dialogue's district."""
    roles = (
        Role.objects.filter(kind=Role.Kind.OFFICIAL, district_id=dialogue.district_id)
        .select_related("user", "department")
        .order_by("user__display_name")
    )
    if board_members_only:
        roles = roles.filter(job_title=Role.JobTitle.BOARD_MEMBER)
    assigned = {a.official_id for a in active_assignments(dialogue)} if exclude_assigned else set()
    return [
        (role.user_id, f"{role.user.display_name} — {office_label(role.job_title, role.department.name)}")
        for role in roles
        if role.user_id not in assigned and role.user.is_active
    ]


class OfficialForm(ActionForm):
    official = forms.TypedChoiceField(label=_("Official"), coerce=int)

    def __init__(self, *args, action, **kwargs):
        super().__init__(*args, **kwargs)
        dialogue = self.dialogue
        self.action = action
        labels = {
            A.ASSIGN: _("Lead official"),
            A.REASSIGN: _("New lead official"),
            A.ADD_OFFICIAL: _("Official to add"),
            A.ESCALATE: _("District board member"),
        }
        self.fields["official"].label = labels[action]
        self.fields["official"].choices = [("", _("Choose…"))] + official_choices(
            dialogue,
            board_members_only=action == A.ESCALATE,
            exclude_assigned=action in (A.ADD_OFFICIAL, A.REASSIGN),
        )
        self.fields["official"].help_text = _("Their department and job title are recorded with the assignment.")
        if action == A.ASSIGN:
            self.fields["question"] = PlainTextField(
                label=_("The question"),
                max_length=3000,
                widget=textarea(4),
                help_text=_("What the initiative asks of the municipality, in one or two plain sentences."),
                initial=dialogue.question,
            )
        if action in REASON_LABELS:
            label, help_text = REASON_LABELS[action]
            self.fields["reason"] = PlainTextField(label=label, help_text=help_text, max_length=6000, widget=textarea())

    def service_arguments(self):
        from accounts.models import User

        arguments = super().service_arguments()
        arguments["official"] = User.objects.get(pk=arguments["official"])
        return arguments


class CloseForm(ActionForm):
    closure_kind = forms.ChoiceField(
        label=_("Why is the dialogue closed?"), choices=Dialogue.ClosureKind.choices, widget=forms.RadioSelect
    )
    reason = PlainTextField(label=REASON_LABELS[A.CLOSE][0], help_text=REASON_LABELS[A.CLOSE][1], max_length=6000)
    referral = PlainTextField(
        label=_("Where can the initiative go instead?"),
        help_text=_("The other dialogue, organisation or authority, with how to reach it."),
        max_length=2000,
        widget=textarea(3),
    )

    def __init__(self, *args, action=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].widget = textarea()


class OutcomeForm(ActionForm):
    outcome_type = forms.ChoiceField(label=_("Outcome"), choices=Outcome.Type.choices, widget=forms.RadioSelect)
    summary = SingleLineField(label=_("Summary"), max_length=SUMMARY_MAX_LENGTH)
    reasoning = PlainTextField(label=_("Reasoning"), max_length=8000, widget=textarea(8))

    def __init__(self, *args, action=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["summary"].help_text = _("One sentence of at most %(max)d characters.") % {
            "max": SUMMARY_MAX_LENGTH
        }
        self.fields["reasoning"].help_text = _(
            "Explain in plain words how the municipality came to this outcome: at least %(min)d characters."
        ) % {"min": REASONING_MIN_LENGTH}


class CommitmentForm(forms.Form):
    """One promise in a proposed outcome; an empty row is skipped."""

    what = SingleLineField(label=_("What will be done"), max_length=300, required=False)
    owner = forms.TypedChoiceField(label=_("Who does it"), coerce=int, required=False, empty_value=None)
    owner_label = SingleLineField(
        label=_("Or: who does it, in words"),
        help_text=_("For example a department or an organisation without an account here."),
        max_length=120,
        required=False,
    )
    due_date = forms.DateField(label=_("Due date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", _("Nobody with an account"))] + list(people)
        # Required as soon as the row is filled in (see `clean`): not labelled optional.
        for name in ("what", "owner", "owner_label", "due_date"):
            self.fields[name].required_when = True

    def clean(self):
        data = super().clean()
        filled = data.get("what") or data.get("owner") or data.get("owner_label") or data.get("due_date")
        if filled:
            if not data.get("what"):
                self.add_error("what", _("Say what will be done."))
            if not data.get("owner") and not data.get("owner_label"):
                self.add_error("owner_label", _("Choose a person or say who does it."))
            if not data.get("due_date"):
                self.add_error("due_date", _("Give a due date."))
        return data


CommitmentFormSet = formset_factory(CommitmentForm, extra=3, max_num=20, absolute_max=20)


def _position(assignment) -> str:
    """Return what a commitment owner is shown with: their department, or their office (a board member)."""
    if assignment.job_title in OFFICE_HOLDERS or not assignment.department_name:
        return assignment.get_job_title_display()
    return assignment.department_name


def commitment_people(dialogue):
    """Return (user id, label) for the people who can own a commitment: assigned officials and initiators."""
    from accounts.models import User

    officials = [
        (a.official_id, f"{a.official_name} ({_position(a)})") for a in active_assignments(dialogue) if a.official_id
    ]
    initiators = [
        (user.pk, f"{user.display_name} ({_('initiator')})")
        for user in User.objects.filter(initiator_links__initiative_id=dialogue.initiative_id).order_by("display_name")
    ]
    return officials + initiators


class OpenDialogueForm(forms.Form):
    question = PlainTextField(
        label=_("The question"),
        max_length=3000,
        widget=textarea(4),
        help_text=_("What the initiative asks of the municipality, in one or two plain sentences."),
    )


class DropCommitmentForm(forms.Form):
    reason = PlainTextField(
        label=_("Why is this commitment dropped?"),
        help_text=_("Everyone can read this on the dialogue’s page."),
        max_length=2000,
        widget=textarea(4),
    )


FORMS = {
    A.ANSWER: MessageForm,
    A.ASK: MessageForm,
    A.REPLY: MessageForm,
    A.NOTE: MessageForm,
    A.RECORD: MessageForm,
    A.ASSIGN: OfficialForm,
    A.REASSIGN: OfficialForm,
    A.ADD_OFFICIAL: OfficialForm,
    A.ESCALATE: OfficialForm,
    A.PROPOSE: OutcomeForm,
    A.CLOSE: CloseForm,
    A.ACCEPT: ConfirmForm,
    A.CONTEST: ReasonForm,
    A.WITHDRAW: ReasonForm,
    A.REQUEST_REOPEN: ReasonForm,
    A.RESUME: ReasonForm,
    A.UPHOLD: ReasonForm,
    A.REOPEN: ReasonForm,
    A.REFUSE_REOPEN: ReasonForm,
}


def form_for(action, dialogue, data=None):
    """Return the form for `action` on `dialogue`, bound to `data` when given."""
    return FORMS[action](data, dialogue=dialogue, action=action, prefix=action)
