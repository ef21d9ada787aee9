"""Pages of the initiatives app. Thin: forms validate, services write, selectors read, rules decide."""

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views.generic import FormView, TemplateView
from django_filters.views import FilterView

from connect.selectors import open_needs_of_network, reactions_shared_as
from initiatives import selectors, services
from initiatives.filters import InitiativeFilter
from initiatives.forms import (
    ActionForm,
    HideForm,
    InitiativeForm,
    InvitationForm,
    ReportForm,
    SupportForm,
    UpdateForm,
)
from initiatives.models import Initiative, InitiativeUpdate, Invitation, Report
from initiatives.networks import shared_themes
from initiatives.rules import is_initiator
from initiatives.services import InitiativeError, NotPermitted
from initiatives.similarity import similar_initiatives, similar_shared_as
from initiatives.workflow import TRANSITIONS, Action, actions_from
from mokum.pagecache import fragment_key, later, parts_worth_storing, prefetch
from mokum.pagination import Built, CountingPaginator


def safe_next(request, default):
    """Return the `next` address of the request when it stays on this site, else `default`."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def load_initiative(request, pk):
    """Return initiative `pk` when the person may see it; 404 otherwise, so a draft does not reveal itself."""
    initiative = get_object_or_404(Initiative.objects.select_related("district"), pk=pk)
    if not request.user.has_perm("initiatives.view_initiative", initiative):
        raise Http404
    return initiative


class InitiativeListView(FilterView):
    filterset_class = InitiativeFilter
    template_name = "initiatives/initiative_list.html"
    context_object_name = "initiatives"
    paginate_by = 20

    def get_queryset(self):
        return Initiative.objects.all()  # the filters take the public ones (InitiativeFilter.qs)

    def get(self, request, *args, **kwargs):
        self.filterset = self.get_filterset(self.get_filterset_class())
        # A search's page and the number of its matches come from one prepared query (initiatives/filters.py); the
        # ORM's query is built only when that page turns out to be empty (mokum/pagination.py).
        self.read_search_page = self.filterset.search_page_reader()
        if self.read_search_page is not None:
            self.object_list = Built(lambda: self.filterset.qs)
        elif not self.filterset.is_bound or self.filterset.is_valid() or not self.get_strict():
            self.object_list = self.filterset.qs
        else:
            self.object_list = self.filterset.queryset.none()
        context = self.get_context_data(filter=self.filterset, object_list=self.object_list)
        return self.render_to_response(context)

    def get_paginator(self, queryset, *args, **kwargs):
        # A search ranks all its matches anyway: they are counted in the page's own query (mokum/pagination.py).
        if self.read_search_page is not None:
            return CountingPaginator(queryset, *args, read=self.read_search_page, **kwargs)
        return self.paginator_class(queryset, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **kwargs,
            theme_links=selectors.theme_choices(),
            district_links=self.filterset.districts,
            filtering=any(
                self.request.GET.get(name) for name in ("q", "district", "area", "theme", "status", "language")
            ),
        )


class InitiativeCreateView(LoginRequiredMixin, FormView):
    form_class = InitiativeForm
    template_name = "initiatives/initiative_form.html"

    def post(self, request, *args, **kwargs):
        if "check_similar" in request.POST:
            return self.render_to_response(self.get_context_data(**similar_check(request.POST)))
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        initiative = services.initiative_create(owner=self.request.user, **form.changes())
        messages.success(
            self.request,
            _("Your initiative is saved as a draft. Read it through, then submit it for intake when it is ready."),
        )
        return redirect(initiative)


def similar_check(data) -> dict:
    """Return the form filled in so far (without checking it) and the initiatives similar to its title."""
    initial = {name: values if name == "themes" else values[-1] for name, values in data.lists()}
    district = data.get("district", "")
    return {
        "form": InitiativeForm(initial=initial),
        "similar_checked": True,
        "similar": similar_initiatives(
            title=data.get("title", ""), district_id=int(district) if district.isdigit() else None
        ),
    }


class MyInitiativesView(LoginRequiredMixin, TemplateView):
    template_name = "initiatives/mine.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            **kwargs,
            own=selectors.initiatives_of(user),
            supported=selectors.supported_by(user),
            followed=selectors.followed_by(user),
        )


ACTION_LABELS = {
    Action.SUBMIT: _("Submit for intake"),
    Action.ANSWER: _("Answer the question"),
    Action.TAKE_UP: _("Take up for intake"),
    Action.ACCEPT: _("Accept"),
    Action.ASK: _("Ask for more information"),
    Action.REFUSE: _("Do not accept"),
    Action.WITHDRAW: _("Withdraw the initiative"),
    Action.REALISE: _("Mark as realised"),
    Action.STRAND: _("Mark as stranded"),
}
DANGEROUS_ACTIONS = {Action.REFUSE, Action.WITHDRAW, Action.STRAND}


def available_actions(user, initiative):
    """Return the status changes `user` may make now, as (action, label, url, dangerous)."""
    result = []
    for action in actions_from(initiative.status):
        if user.has_perm(TRANSITIONS[(initiative.status, action)].who, initiative):
            url = reverse(f"initiatives:{action}", kwargs={"pk": initiative.pk})
            result.append((action, ACTION_LABELS[action], url, action in DANGEROUS_ACTIONS))
    return result


def prefetch_shared_parts(initiative, user, shared_as: dict) -> None:
    """Fetch the page's shared fragments in one round trip, under the keys its templates give them.

    The page's own fragments take their key parts from `shared_as`; the reactions and similar initiatives blocks
    from the functions their template tags use too.
    """
    if parts_worth_storing():
        prefetch(
            [
                fragment_key("initiative-about-and-supporters", shared_as["about_and_supporters"]),
                fragment_key("initiative-updates-to-dialogues", shared_as["updates_to_dialogues"]),
                fragment_key("initiative-reactions", reactions_shared_as(initiative, user)),
                fragment_key("initiative-similar", similar_shared_as(initiative, user)),
            ]
        )


class InitiativeDetailView(TemplateView):
    template_name = "initiatives/initiative_detail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        initiative = selectors.initiative_for_page(self.kwargs["pk"], user)
        if not user.has_perm("initiatives.view_initiative", initiative):
            raise Http404
        initiator = is_initiator(user, initiative)
        coordinator = user.has_perm("initiatives.moderate_initiative", initiative)
        can_post_update = user.has_perm("initiatives.post_update", initiative)
        growth = selectors.support_growth(initiative)
        full_timeline = initiator or coordinator
        can_open_dialogue = user.has_perm("dialogues.open_dialogue", initiative)
        # What the page's shared fragments differ by between people: nothing else in them is personal.
        shared_as = {
            "about_and_supporters": (initiative.pk,),
            "updates_to_dialogues": (initiative.pk, coordinator, initiator, user.is_authenticated, can_open_dialogue),
        }
        prefetch_shared_parts(initiative, user, shared_as)
        # The sections in {% sharedcache %} are read only when their fragment is not in the cache (see `later`).
        return super().get_context_data(
            **kwargs,
            initiative=initiative,
            is_initiator=initiator,
            is_coordinator=coordinator,
            shared_as=shared_as,
            can_open_dialogue=can_open_dialogue,
            actions=available_actions(user, initiative),
            supporters=later(lambda: selectors.supporters_of(initiative)),
            growth=growth,
            growth_shown=any(week.new for week in growth),
            updates=later(lambda: selectors.updates_for(initiative, user)),
            full_timeline=full_timeline,
            timeline=later(lambda: selectors.initiative_timeline(initiative, full=full_timeline)),
            support_form=SupportForm() if user.has_perm("initiatives.support_initiative", initiative) else None,
            update_form=UpdateForm() if can_post_update else None,
        )


class InitiativeFormView(FormView):
    """One thing done to one initiative: behind a login, the right to see it and a permission."""

    template_name = "initiatives/initiative_action.html"
    form_class = forms.Form
    # The service's refusal (403) and its other errors (shown on the form); connect/ uses its own.
    refused_error: type[Exception] = NotPermitted
    domain_error: type[Exception] = InitiativeError
    permission = ""
    heading = ""
    explanation = ""
    button = ""
    danger = False
    success_message = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        self.initiative = self.load(kwargs["pk"])
        refusal = self.refuse()
        if refusal is not None:
            return refusal
        return super().dispatch(request, *args, **kwargs)

    def load(self, pk):
        """Return the initiative this is about, after loading what `pk` in the address names."""
        return load_initiative(self.request, pk)

    def target(self):
        return self.initiative

    def refuse(self):
        """Return a response when the person may not do this; None lets them through."""
        if self.permission and not self.request.user.has_perm(self.permission, self.target()):
            raise PermissionDenied
        return None

    def perform(self, form):
        raise NotImplementedError

    def form_valid(self, form):
        try:
            self.perform(form)
        except self.refused_error:
            raise PermissionDenied from None
        except self.domain_error as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        if self.success_message:
            messages.success(self.request, self.success_message)
        return redirect(self.get_success_url())

    def get_success_url(self):
        return safe_next(self.request, self.initiative.get_absolute_url())

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **kwargs,
            initiative=self.initiative,
            heading=self.heading,
            explanation=self.explanation,
            button=self.button,
            danger=self.danger,
            next=safe_next(self.request, ""),
        )


class InitiativeEditView(InitiativeFormView):
    form_class = InitiativeForm
    template_name = "initiatives/initiative_form.html"
    permission = "initiatives.edit_initiative"
    success_message = _("Your changes are saved.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.initiative}

    def perform(self, form):
        services.initiative_edit(initiative=self.initiative, actor=self.request.user, **form.changes())


ACTION_PAGES = {
    Action.SUBMIT: (
        _(
            "When you submit, the coordinator of the district reads your initiative. They accept it, ask you a "
            "question, or explain why they cannot accept it. You cannot change it while it waits."
        ),
        _("Your initiative is submitted."),
    ),
    Action.ANSWER: (
        _(
            "Write your answer to the coordinator’s question. Change your initiative first where needed: while the "
            "coordinator reads it again, you cannot change it."
        ),
        _("Your answer is sent. The district’s coordinator will look at your initiative again."),
    ),
    Action.TAKE_UP: (
        _("Colleagues see that you are handling this initiative."),
        _("You took up this initiative."),
    ),
    Action.ACCEPT: (
        _("The initiative becomes public: neighbours can support and follow it, and a dialogue can start."),
        _("The initiative is accepted and now public."),
    ),
    Action.ASK: (
        _("The initiative goes back to its initiators with your question. They can change it and submit it again."),
        _("Your question is sent to the initiators."),
    ),
    Action.REFUSE: (
        _("The initiative is not accepted. The initiators see your reason."),
        _("The initiative is not accepted. The initiators get your reason."),
    ),
    Action.WITHDRAW: (
        _("You stop the initiative. If it was public, it stays readable as withdrawn. This cannot be undone."),
        _("The initiative is withdrawn."),
    ),
    Action.REALISE: (
        _("The initiative has reached its goal. It stays public as an example for others."),
        _("The initiative is marked as realised. Congratulations!"),
    ),
    Action.STRAND: (
        _("The initiative could not go on. It stays public, so others can learn from it."),
        _("The initiative is marked as stranded."),
    ),
}


class TransitionView(InitiativeFormView):
    """The confirmation of one status change; `action` comes from the URL configuration."""

    action = None
    form_class = ActionForm

    def refuse(self):
        edge = TRANSITIONS.get((self.initiative.status, self.action))
        if edge is None:
            messages.error(
                self.request,
                _("This is not possible now: the initiative is “%(status)s”.")
                % {"status": self.initiative.get_status_display()},
            )
            return redirect(self.initiative)
        if not self.request.user.has_perm(edge.who, self.initiative):
            raise PermissionDenied
        return None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "action": self.action}

    def get_context_data(self, **kwargs):
        explanation, _message = ACTION_PAGES[self.action]
        if self.action == Action.SUBMIT:
            explanation = f"{explanation} {selectors.intake_answer_time(self.initiative, now=timezone.now())}"
        context = super().get_context_data(**kwargs)
        context.update(
            heading=ACTION_LABELS[self.action],
            explanation=explanation,
            button=ACTION_LABELS[self.action],
            danger=self.action in DANGEROUS_ACTIONS,
            question=self.initiative.intake_note if self.action == Action.ANSWER else "",
        )
        return context

    def perform(self, form):
        services.initiative_transition(
            initiative=self.initiative,
            action=self.action,
            actor=self.request.user,
            note=form.cleaned_data.get("note", ""),
        )
        self.success_message = ACTION_PAGES[self.action][1]
        if self.action == Action.SUBMIT:
            answer_time = selectors.intake_answer_time(self.initiative, now=timezone.now())
            self.success_message = f"{self.success_message} {answer_time}"


class SupportView(InitiativeFormView):
    form_class = SupportForm
    permission = "initiatives.support_initiative"
    heading = _("Support this initiative")
    explanation = _("Your support shows that neighbours back this idea. You can withdraw it at any time.")
    button = pgettext_lazy("backing an initiative", "Support")
    success_message = _("Thank you! You support this initiative.")

    def perform(self, form):
        services.support_add(initiative=self.initiative, user=self.request.user, **form.cleaned_data)


class SupportWithdrawView(InitiativeFormView):
    heading = _("Withdraw your support")
    explanation = _("You are no longer counted as a supporter.")
    button = _("Withdraw my support")
    success_message = _("Your support is withdrawn.")

    def perform(self, form):
        services.support_withdraw(initiative=self.initiative, user=self.request.user)


class FollowView(InitiativeFormView):
    permission = "initiatives.follow_initiative"
    heading = _("Follow this initiative")
    explanation = _("You get a message when the initiators post an update or a dialogue moves on.")
    button = _("Follow")
    success_message = _("You follow this initiative.")

    def perform(self, form):
        services.follow_add(initiative=self.initiative, user=self.request.user)


class UnfollowView(InitiativeFormView):
    heading = _("Stop following")
    explanation = _("You no longer get messages about this initiative.")
    button = _("Stop following")
    success_message = _("You no longer follow this initiative.")

    def perform(self, form):
        services.follow_remove(initiative=self.initiative, user=self.request.user)


class UpdatePostView(InitiativeFormView):
    form_class = UpdateForm
    permission = "initiatives.post_update"
    heading = _("Post an update")
    explanation = _("Tell supporters and followers how things are going.")
    button = _("Post the update")
    success_message = _("Your update is posted. Supporters and followers get a message.")

    def perform(self, form):
        services.initiative_update_post(initiative=self.initiative, author=self.request.user, **form.cleaned_data)


class InviteView(InitiativeFormView):
    form_class = InvitationForm
    template_name = "initiatives/invite.html"
    permission = "initiatives.invite_initiator"

    def get_context_data(self, **kwargs):
        invitations = Invitation.objects.filter(initiative=self.initiative).select_related("accepted_by")
        return super().get_context_data(**kwargs, invitations=invitations[:50])

    def perform(self, form):
        invitation = services.invitation_create(
            initiative=self.initiative, email=form.cleaned_data["email"], invited_by=self.request.user
        )
        self.success_message = _("The invitation is sent to %(email)s.") % {"email": invitation.email}

    def get_success_url(self):
        return reverse("initiatives:invite", kwargs={"pk": self.initiative.pk})


class ReportView(InitiativeFormView):
    form_class = ReportForm
    heading = _("Report as inappropriate")
    explanation = _(
        "Does this break the rules, for example because it insults or discriminates? A coordinator of the "
        "district reads your report and decides. The initiators do not see who reported it."
    )
    button = _("Send the report")
    success_message = _("Thank you. A coordinator will look at your report.")

    def refuse(self):
        self.update = None
        if "update_pk" in self.kwargs:
            self.update = get_object_or_404(
                InitiativeUpdate.objects.select_related("initiative"),
                pk=self.kwargs["update_pk"],
                initiative=self.initiative,
            )
            self.heading = _("Report this update as inappropriate")
            allowed = self.request.user.has_perm("initiatives.report_update", self.update)
        else:
            allowed = self.request.user.has_perm("initiatives.report_initiative", self.initiative)
        if not allowed:
            raise PermissionDenied
        return None

    def perform(self, form):
        services.report_create(
            initiative=self.initiative,
            update=self.update,
            reporter=self.request.user,
            reason=form.cleaned_data["reason"],
        )


class HideView(InitiativeFormView):
    """A coordinator hides an initiative or one of its updates, with a reason."""

    form_class = HideForm
    permission = "initiatives.moderate_initiative"
    button = _("Hide")
    danger = True
    success_message = _("It is hidden. The initiators get your reason.")

    def get_context_data(self, **kwargs):
        update = "update_pk" in self.kwargs
        heading = _("Hide this update") if update else _("Hide this initiative")
        explanation = _("Only the initiators and the district’s coordinators will still see it.")
        return {**super().get_context_data(**kwargs), "heading": heading, "explanation": explanation}

    def perform(self, form):
        reason = form.cleaned_data["reason"]
        if "update_pk" in self.kwargs:
            update = get_object_or_404(InitiativeUpdate, pk=self.kwargs["update_pk"], initiative=self.initiative)
            services.update_hide(update=update, actor=self.request.user, reason=reason)
        else:
            services.initiative_hide(initiative=self.initiative, actor=self.request.user, reason=reason)


class UnhideView(InitiativeFormView):
    permission = "initiatives.moderate_initiative"
    button = _("Show again")
    success_message = _("It is visible again.")

    def get_context_data(self, **kwargs):
        update = "update_pk" in self.kwargs
        heading = _("Show this update again") if update else _("Show this initiative again")
        return {**super().get_context_data(**kwargs), "heading": heading}

    def perform(self, form):
        if "update_pk" in self.kwargs:
            update = get_object_or_404(InitiativeUpdate, pk=self.kwargs["update_pk"], initiative=self.initiative)
            services.update_unhide(update=update, actor=self.request.user)
        else:
            services.initiative_unhide(initiative=self.initiative, actor=self.request.user)


class CoordinatorPageView(LoginRequiredMixin, TemplateView):
    permission = ""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm(self.permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class IntakeQueueView(CoordinatorPageView):
    template_name = "initiatives/intake.html"
    permission = "initiatives.view_intake_queue"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, queue=selectors.intake_queue(self.request.user))


class ModerationQueueView(CoordinatorPageView):
    template_name = "initiatives/moderation.html"
    permission = "initiatives.view_moderation_queue"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, reports=selectors.open_reports(self.request.user))


class ReportResolveView(InitiativeFormView):
    """A coordinator decides a report from the moderation queue."""

    outcome = None

    def dispatch(self, request, *args, **kwargs):
        self.report = get_object_or_404(
            Report.objects.select_related("initiative__district", "update"), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, pk=self.report.initiative_id)

    def refuse(self):
        if not self.request.user.has_perm("initiatives.moderate_initiative", self.initiative):
            raise PermissionDenied
        if self.report.resolved_at is not None:
            messages.info(self.request, _("This report has already been handled."))
            return redirect("initiatives:moderation")
        return None

    def get_form_class(self):
        return HideForm if self.outcome == Report.Outcome.HIDDEN else forms.Form

    def get_context_data(self, **kwargs):
        hide = self.outcome == Report.Outcome.HIDDEN
        return {
            **super().get_context_data(**kwargs),
            "heading": _("Hide what was reported") if hide else _("Dismiss the report"),
            "explanation": self.report.reason,
            "button": _("Hide") if hide else _("Dismiss"),
            "danger": hide,
        }

    def perform(self, form):
        services.report_resolve(
            report=self.report,
            actor=self.request.user,
            outcome=self.outcome,
            reason=form.cleaned_data.get("reason", ""),
        )
        self.success_message = (
            _("It is hidden. The initiators get your reason.")
            if self.outcome == Report.Outcome.HIDDEN
            else _("The report is dismissed.")
        )

    def get_success_url(self):
        return reverse("initiatives:moderation")


class InvitationView(FormView):
    """The page the invitation e-mail links to: log in or sign up, then accept."""

    template_name = "initiatives/invitation.html"
    form_class = forms.Form

    def dispatch(self, request, *args, **kwargs):
        self.invitation = get_object_or_404(
            Invitation.objects.select_related("initiative", "invited_by"), token=kwargs["token"]
        )
        if request.method == "POST" and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **kwargs,
            invitation=self.invitation,
            initiative=self.invitation.initiative,
            is_open=self.invitation.is_open(),
        )

    def form_valid(self, form):
        try:
            services.invitation_accept(invitation=self.invitation, user=self.request.user)
        except InitiativeError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("Welcome! You are now a co-initiator of this initiative."))
        return redirect(self.invitation.initiative)


class NetworkDetailView(TemplateView):
    template_name = "initiatives/network_detail.html"

    def get_context_data(self, **kwargs):
        network = selectors.network_for_page(self.kwargs["slug"])
        initiatives = Initiative.objects.public().filter(network=network).for_cards().order_by("-last_activity_at")
        return super().get_context_data(
            **kwargs,
            network=network,
            initiatives=initiatives,
            shared_themes=shared_themes(network),
            open_needs=open_needs_of_network(network),
            can_invite=self.request.user.has_perm("initiatives.invite_to_network", network),
        )
