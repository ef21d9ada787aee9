"""Thin views: read through selectors, write through services, permissions from rules.py."""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.rules import is_district_coordinator
from accounts.selectors import user_roles
from dialogues import selectors
from dialogues.commitments import commitment_drop, commitment_mark_done
from dialogues.deadlines import reopen_deadline
from dialogues.errors import ActionNotAllowed, ActionRefused, DialogueChanged, DialogueError
from dialogues.forms import (
    CommitmentFormSet,
    DropCommitmentForm,
    OpenDialogueForm,
    commitment_people,
    form_for,
)
from dialogues.models import OPEN_STATES, Commitment, Dialogue
from dialogues.rules import WHO
from dialogues.services import dialogue_open, dialogue_transition
from dialogues.workflow import AUTOMATIC, MESSAGE_KINDS, Action, who_may
from districts.models import District
from districts.workdays import local_date
from initiatives.models import Initiative
from mokum.pagecache import Later, cached_figures, holidays_for_pages, later

# Actions whose form sits on the dialogue page itself; the others open their own confirmation page.
INLINE = (Action.ANSWER, Action.REPLY, Action.NOTE)


def dialogue_detail(request, pk):
    """Show a dialogue's status, outcome and timeline, and the actions the visitor may take."""
    dialogue = selectors.dialogue_for_reading(pk=pk, user=request.user)
    now = timezone.now()
    actions = selectors.available_actions(request.user, dialogue)
    # The shared parts first: they fetch the holidays' version along with them.
    current, earlier, timeline = selectors.dialogue_page_parts(dialogue, user=request.user)
    holidays = holidays_for_pages()
    today = local_date(now)
    for outcome in [current, *earlier]:
        if outcome is not None:
            for commitment in outcome.commitments.all():
                commitment.overdue = commitment.is_overdue(today)
                commitment.can_complete = rules.has_perm("dialogues.complete_commitment", request.user, commitment)
                commitment.can_drop = rules.has_perm("dialogues.drop_commitment", request.user, commitment)
    context = {
        "dialogue": dialogue,
        "initiative": dialogue.initiative,
        "assignments": dialogue._active_assignments,
        "timeline": timeline,
        "outcome": current,
        "earlier_outcomes": earlier,
        "clock": selectors.dialogue_clock(dialogue, now=now, holidays=holidays),
        "next_step": selectors.next_step(
            dialogue, now=now, side=selectors.viewer_side(request.user, dialogue), user=request.user
        ),
        "sees_internal": selectors.sees_internal(request.user, dialogue),
        "inline_forms": [(action, form_for(action, dialogue)) for action in actions if action in INLINE],
        "other_actions": [(action, Action(action).label) for action in actions if action not in INLINE],
        "reopen_deadline": _reopen_deadline(dialogue, holidays),
    }
    return render(request, "dialogues/dialogue_detail.html", context)


def _reopen_deadline(dialogue, holidays):
    """Return until when the initiative may still ask to reopen, or None when that time is over."""
    deadline = reopen_deadline(dialogue, holidays)
    return deadline if deadline and deadline >= timezone.now() else None


def _apply_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, problems in error.message_dict.items():
            for problem in problems:
                form.add_error(field if field in form.fields else None, problem)
    else:
        for problem in error.messages:
            form.add_error(None, problem)


def dialogue_act(request, pk, action):
    """Show the small confirmation form of one action (GET) and take it (POST)."""
    if action not in Action.values or action in AUTOMATIC:
        raise Http404(_("There is no such action."))
    dialogue = selectors.dialogue_for_page(pk=pk, user=request.user)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    not_now = _not_now_for(request.user, dialogue, action)
    posted = request.POST if request.method == "POST" else None
    if not_now and posted is None:
        messages.warning(request, not_now)
        return redirect(dialogue)
    form = form_for(action, dialogue, posted)
    if not_now:
        # Keep what they wrote on the screen: nothing typed is lost.
        form.is_valid()
        form.add_error(None, not_now)
        return render(request, "dialogues/act.html", _act_context(dialogue, action, form), status=409)
    formset = None
    if action == Action.PROPOSE:
        formset = CommitmentFormSet(posted, prefix="commitments", form_kwargs={"people": commitment_people(dialogue)})
    status = 200
    if posted is not None:
        result = _submit(request, dialogue, action, form, formset)
        if not isinstance(result, int):
            return result
        status = result
    if status == 409:
        dialogue = selectors.dialogue_for_page(pk=pk, user=request.user)
        form.data = form.data.copy()
        form.data[form.add_prefix("version")] = dialogue.version
    holidays = holidays_for_pages()
    context = {
        **_act_context(dialogue, action, form),
        "formset": formset,
        "consequences": selectors.action_consequences(dialogue, action, now=timezone.now(), holidays=holidays),
        "outcome": selectors.dialogue_outcomes(dialogue)[0] if action in (Action.ACCEPT, Action.CONTEST) else None,
    }
    return render(request, "dialogues/act.html", context, status=status)


def _act_context(dialogue, action, form) -> dict:
    return {
        "dialogue": dialogue,
        "initiative": dialogue.initiative,
        "action": action,
        "action_label": Action(action).label,
        "form": form,
    }


def _not_now_for(user, dialogue, action) -> str:
    """Return why `user` cannot take `action` at this moment ("" when they can); the wrong person gets a 403."""
    if rules.has_perm(f"dialogues.{action}", user, dialogue):
        return ""
    if not WHO[who_may(action)](user, dialogue):
        raise PermissionDenied(_("You cannot do this in this dialogue."))
    # The right person, at the wrong moment: the dialogue moved on, or a time limit passed.
    return _not_now(dialogue, action)


def _submit(request, dialogue, action, form, formset) -> HttpResponse | int:
    """Take the action from the posted form: a redirect when it is done, else the status of the form shown again."""
    if not form.is_valid() or (formset is not None and not formset.is_valid()):
        return 400
    arguments = form.service_arguments()
    if formset is not None:
        arguments["commitments"] = _commitments_from(formset)
    try:
        changed = dialogue_transition(
            dialogue=dialogue,
            action=action,
            actor=request.user,
            expected_version=form.cleaned_data["version"],
            **arguments,
        )
    except ActionRefused as error:
        raise PermissionDenied(error.message) from error
    except (DialogueChanged, ActionNotAllowed) as error:
        form.add_error(None, error.message)
        return 409
    except ValidationError as error:
        _apply_errors(form, error)
        return 400
    messages.success(request, _done_message(action, changed))
    return redirect(dialogue.get_absolute_url() + ("#timeline" if action in MESSAGE_KINDS else ""))


def _not_now(dialogue, action) -> str:
    if action == Action.REQUEST_REOPEN and dialogue.state == Dialogue.State.CONCLUDED:
        return _("The time to ask for reopening this dialogue is over.")
    return _("“%(action)s” is not possible while the dialogue is “%(state)s”.") % {
        "action": Action(action).label,
        "state": dialogue.get_state_display(),
    }


def _commitments_from(formset):
    items = []
    for data in formset.cleaned_data:
        if not data or not data.get("what"):
            continue
        owner = User.objects.filter(pk=data["owner"]).first() if data.get("owner") else None
        items.append(
            {
                "what": data["what"],
                "owner": owner,
                "owner_label": data.get("owner_label", ""),
                "due_date": data["due_date"],
            }
        )
    return items


DONE = {
    Action.ASSIGN: gettext_lazy("The lead official is assigned and has been told."),
    Action.ADD_OFFICIAL: gettext_lazy("The official is added to the dialogue and has been told."),
    Action.REASSIGN: gettext_lazy("The dialogue is handed over to the new lead official, who has been told."),
    Action.ANSWER: gettext_lazy("Your answer is in the dialogue."),
    Action.ASK: gettext_lazy("Your question is in the dialogue. The initiative has been told."),
    Action.PROPOSE: gettext_lazy("The outcome is proposed. The initiative has been told."),
    Action.NOTE: gettext_lazy("Your internal note is saved. Only officials and coordinators see it."),
    Action.RECORD: gettext_lazy("The agreed points are on the record."),
    Action.REPLY: gettext_lazy("Your answer is in the dialogue."),
    Action.ACCEPT: gettext_lazy("You accepted the outcome."),
    Action.CONTEST: gettext_lazy("You said that you do not agree with the outcome. The coordinator has been told."),
    Action.WITHDRAW: gettext_lazy("The initiative withdrew from the dialogue."),
    Action.REQUEST_REOPEN: gettext_lazy("Your request to reopen the dialogue is sent to the coordinator."),
    Action.CLOSE: gettext_lazy("The dialogue is closed."),
    Action.ESCALATE: gettext_lazy("The district board member is asked to decide and has been told."),
    Action.RESUME: gettext_lazy("The outcome is sent back to the dialogue."),
    Action.UPHOLD: gettext_lazy("The outcome stands."),
    Action.REOPEN: gettext_lazy("The dialogue is reopened."),
    Action.REFUSE_REOPEN: gettext_lazy("The dialogue stays concluded."),
}


def _done_message(action, dialogue) -> str:
    """Say what just happened and who acts next, by when."""
    after = selectors.next_step(dialogue, now=timezone.now()).sentence
    return f"{DONE[action]} {after}"


@login_required
def dialogue_open_view(request, initiative_pk):
    """Open a dialogue from an active initiative (district coordinators), or ask for one (its initiators)."""
    initiative = get_object_or_404(Initiative.objects.select_related("district"), pk=initiative_pk)
    if not rules.has_perm("dialogues.open_dialogue", request.user, initiative):
        raise PermissionDenied(
            _("Only the initiators or a coordinator of the district can open a dialogue, for an active initiative.")
        )
    form = OpenDialogueForm(request.POST or None, initial={"question": initiative.ask})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                dialogue = dialogue_open(
                    initiative=initiative, question=form.cleaned_data["question"], actor=request.user
                )
            except ActionRefused as error:
                raise PermissionDenied(error.message) from error
            except ValidationError as error:
                _apply_errors(form, error)
                status = 400
            else:
                after = selectors.next_step(dialogue, now=timezone.now()).sentence
                if rules.has_perm("dialogues.assign", request.user, dialogue):
                    messages.success(request, _("The dialogue is opened. %(next)s") % {"next": after})
                else:
                    messages.success(request, _("Your request is sent. %(next)s") % {"next": after})
                return redirect(dialogue)
        else:
            status = 400
    return render(
        request,
        "dialogues/open.html",
        {
            "initiative": initiative,
            "form": form,
            "triage_days": initiative.district.triage_days,
            "as_coordinator": is_district_coordinator(request.user, initiative),
            "existing": initiative.dialogues.filter(state__in=OPEN_STATES).count(),
        },
        status=status,
    )


@login_required
def inbox(request):
    """List the dialogues assigned to an official (and those waiting on a coordinator), most urgent first."""
    if not rules.has_perm("dialogues.view_inbox", request.user):
        raise PermissionDenied(_("The inbox is for officials and coordinators."))
    # The same inbox until anything changes (mokum/pagecache.py): per person, address, language and day. The
    # page's content is kept rendered for the person ({% personalcache %}): its data is read only when it is not.
    today = local_date(timezone.now())
    key = ("inbox", request.user.pk, request.get_full_path(), get_language(), today)
    data = Later(lambda: _inbox_page(cached_figures(key, lambda: _inbox_context(request))))
    context = {name: later(lambda name=name: data()[name]) for name in INBOX_CONTEXT}
    return render(request, "dialogues/inbox.html", {**context, "inbox_path": request.get_full_path(), "today": today})


INBOX_CONTEXT = ("page", "counts", "states", "districts", "departments", "selected", "filtered", "query")


def _inbox_page(context):
    context = dict(context)
    rows, number, total = context.pop("rows")
    context["page"] = Page(rows, number, Paginator(range(total), INBOX_PAGE_SIZE))
    return context


INBOX_PAGE_SIZE = 50


def _inbox_context(request):
    roles = user_roles(request.user)
    district_ids = roles.official_of | roles.coordinator_of
    districts = list(District.objects.filter(pk__in=district_ids).order_by("name"))
    departments = list(selectors.inbox_departments(request.user))
    state = request.GET.get("state", "")
    if state not in OPEN_STATES:
        state = ""
    district = next((d for d in districts if d.slug == request.GET.get("district")), None)
    department = next((d for d in departments if str(d.pk) == request.GET.get("department")), None)
    now = timezone.now()
    counts = selectors.inbox_counts(request.user, now=now)
    filtered = bool(state or district or department)
    paginator = Paginator(
        selectors.inbox_dialogues(request.user, state=state, district=district, department=department),
        INBOX_PAGE_SIZE,
    )
    if not filtered:
        paginator.count = counts["total"]  # the same number: no second count of the same dialogues
    page = paginator.get_page(request.GET.get("page"))
    rows = list(page.object_list)
    selectors.annotate_clocks(rows, now=now, holidays=holidays_for_pages())
    return {
        "rows": (rows, page.number, paginator.count),
        "counts": counts,
        "states": [(value, str(Dialogue.State(value).label)) for value in OPEN_STATES],
        "districts": districts,
        "departments": departments,
        "selected": {"state": state, "district": district, "department": department},
        "filtered": filtered,
        "query": _query_without_page(request),
    }


def _query_without_page(request):
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _commitment_for(request, pk):
    commitment = get_object_or_404(
        Commitment.objects.select_related("dialogue__initiative", "dialogue__district", "outcome"), pk=pk
    )
    if not rules.has_perm("dialogues.view_dialogue", request.user, commitment.dialogue):
        raise Http404(_("There is no commitment here, or it is not public."))
    return commitment


@login_required
def commitment_done(request, pk):
    """Confirm (GET) and record (POST) that a commitment was kept."""
    commitment = _commitment_for(request, pk)
    if not rules.has_perm("dialogues.complete_commitment", request.user, commitment):
        raise PermissionDenied(_("Only the owner of the commitment or a coordinator can mark it done."))
    if request.method == "POST":
        try:
            commitment_mark_done(commitment=commitment, actor=request.user)
        except DialogueError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The commitment is marked as done."))
        return redirect(commitment.dialogue)
    return render(request, "dialogues/commitment_confirm.html", {"commitment": commitment, "action": "done"})


@login_required
def commitment_drop_view(request, pk):
    """Confirm (GET) and record (POST) that a commitment is dropped, with a reason."""
    commitment = _commitment_for(request, pk)
    if not rules.has_perm("dialogues.drop_commitment", request.user, commitment):
        raise PermissionDenied(_("Only a coordinator of the district can drop a commitment."))
    form = DropCommitmentForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                commitment_drop(commitment=commitment, actor=request.user, reason=form.cleaned_data["reason"])
            except ValidationError as error:
                _apply_errors(form, error)
                status = 400
            except DialogueError as error:
                messages.error(request, error.message)
                return redirect(commitment.dialogue)
            else:
                messages.success(request, _("The commitment is dropped."))
                return redirect(commitment.dialogue)
        else:
            status = 400
    return render(
        request,
        "dialogues/commitment_confirm.html",
        {"commitment": commitment, "action": "drop", "form": form},
        status=status,
    )
