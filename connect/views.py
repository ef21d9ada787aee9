"""Pages of the connect app. Thin: forms validate, services write, selectors read, rules decide."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView

from connect import selectors, services
from connect.forms import NeedForm, OfferForm, ReactionForm, ReasonForm, ReplyForm, SkillsForm
from connect.models import Need, Offer, Reaction
from connect.services import ConnectError, NotPermitted
from connect.workflow import ACCEPT, DECLINE
from initiatives.views import InitiativeFormView, load_initiative, safe_next


class ConnectFormView(InitiativeFormView):
    """One thing done about one initiative (or a reaction, need or offer of it), with connect's errors."""

    refused_error = NotPermitted
    domain_error = ConnectError


class ReactionLoadMixin:
    def load(self, pk):
        self.reaction = get_object_or_404(Reaction.objects.select_related("initiative__district"), pk=pk)
        initiative = load_initiative(self.request, self.reaction.initiative_id)
        self.reaction.initiative = initiative
        return initiative

    def target(self):
        return self.reaction

    def get_success_url(self):
        return safe_next(self.request, self.reaction.get_absolute_url())


class NeedLoadMixin:
    def load(self, pk):
        self.need = get_object_or_404(Need.objects.select_related("initiative__district"), pk=pk)
        initiative = load_initiative(self.request, self.need.initiative_id)
        self.need.initiative = initiative
        return initiative

    def target(self):
        return self.need

    def get_success_url(self):
        return safe_next(self.request, self.need.get_absolute_url())


class ReactView(ConnectFormView):
    form_class = ReactionForm
    permission = "connect.add_reaction"
    heading = _("React")
    button = _("Post my reaction")
    success_message = _("Your reaction is posted.")

    def perform(self, form):
        self.reaction = services.reaction_post(
            initiative=self.initiative,
            author=self.request.user,
            body=form.cleaned_data["body"],
            language=form.cleaned_data["language"],
        )

    def get_success_url(self):
        return self.reaction.get_absolute_url()


class ReplyView(ReactionLoadMixin, ConnectFormView):
    form_class = ReplyForm
    permission = "connect.reply_reaction"
    heading = _("Reply to a reaction")
    button = _("Post my reply")
    success_message = _("Your reply is posted.")

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "explanation": self.reaction.body}

    def perform(self, form):
        self.reply = services.reaction_post(
            initiative=self.initiative,
            author=self.request.user,
            body=form.cleaned_data["body"],
            language=form.cleaned_data["language"],
            parent=self.reaction,
        )

    def get_success_url(self):
        return self.reply.get_absolute_url()


class ReportReactionView(ReactionLoadMixin, ConnectFormView):
    form_class = ReasonForm
    permission = "connect.report_reaction"
    heading = _("Report this reaction as inappropriate")
    explanation = _(
        "Does it break the rules, for example because it insults or discriminates? A coordinator of the "
        "district reads your report and decides. The author does not see who reported it."
    )
    button = _("Send the report")
    success_message = _("Thank you. A coordinator will look at your report.")

    def perform(self, form):
        services.reaction_report(reaction=self.reaction, reporter=self.request.user, reason=form.cleaned_data["reason"])


class HideReactionView(ReactionLoadMixin, ConnectFormView):
    form_class = ReasonForm
    permission = "connect.hide_reaction"
    heading = _("Hide this reaction")
    explanation = _("Only the district's coordinators will still see it. The author gets your reason.")
    button = _("Hide")
    danger = True
    success_message = _("The reaction is hidden. The author gets your reason.")

    def perform(self, form):
        services.reaction_hide(reaction=self.reaction, actor=self.request.user, reason=form.cleaned_data["reason"])


class UnhideReactionView(ReactionLoadMixin, ConnectFormView):
    permission = "connect.hide_reaction"
    heading = _("Show this reaction again")
    button = _("Show again")
    success_message = _("The reaction is visible again.")

    def perform(self, form):
        services.reaction_unhide(reaction=self.reaction, actor=self.request.user)


class DismissReportsView(ReactionLoadMixin, ConnectFormView):
    permission = "connect.hide_reaction"
    heading = _("Keep this reaction visible")
    explanation = _("The reports about it are closed; the reaction stays as it is.")
    button = _("Keep it visible")
    success_message = _("The reports are closed.")

    def perform(self, form):
        services.reaction_report_dismiss(reaction=self.reaction, actor=self.request.user)

    def get_success_url(self):
        return safe_next(self.request, reverse("connect:district"))


class CloseReactionsView(ConnectFormView):
    permission = "connect.close_reactions"
    heading = _("Close the reactions")
    explanation = _("What neighbours wrote stays readable, but nobody can add a reaction until you open them again.")
    button = _("Close the reactions")
    danger = True
    success_message = _("The reactions are closed.")

    def perform(self, form):
        services.reactions_close(initiative=self.initiative, actor=self.request.user)


class OpenReactionsView(ConnectFormView):
    permission = "connect.close_reactions"
    heading = _("Open the reactions again")
    button = _("Open the reactions")
    success_message = _("Neighbours can react again.")

    def perform(self, form):
        services.reactions_open(initiative=self.initiative, actor=self.request.user)


class NeedCreateView(ConnectFormView):
    form_class = NeedForm
    permission = "connect.post_need"
    heading = _("Say what you need")
    explanation = _("Neighbours see it on the page and can offer to help. You decide whose help you accept.")
    button = _("Add the need")
    success_message = _("The need is on the page.")

    def perform(self, form):
        data = form.cleaned_data
        self.need = services.need_post(
            initiative=self.initiative,
            actor=self.request.user,
            kind=data["kind"],
            skill=data.get("skill") or "",
            text=data["text"],
            needed_on=data.get("needed_on"),
        )

    def get_success_url(self):
        return self.need.get_absolute_url()


class NeedMetView(NeedLoadMixin, ConnectFormView):
    permission = "connect.mark_need_met"
    heading = _("Mark this need as met")
    button = _("It is met")
    success_message = _("The need is marked as met. Thank you, neighbours!")

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "explanation": self.need.text}

    def perform(self, form):
        services.need_mark_met(need=self.need, actor=self.request.user)


class OfferView(NeedLoadMixin, ConnectFormView):
    form_class = OfferForm
    permission = "connect.offer_help"
    heading = _("I can help")
    button = _("Send my offer")
    success_message = _("Thank you! The initiators get your offer and let you know.")

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "explanation": self.need.text}

    def perform(self, form):
        services.offer_make(
            need=self.need,
            helper=self.request.user,
            message=form.cleaned_data["message"],
            show_name=form.cleaned_data["show_name"],
        )


class OfferDecideView(ConnectFormView):
    action = ""
    permission = "connect.decide_offer"

    def load(self, pk):
        self.offer = get_object_or_404(Offer.objects.select_related("need__initiative__district", "helper"), pk=pk)
        initiative = load_initiative(self.request, self.offer.need.initiative_id)
        self.offer.need.initiative = initiative
        return initiative

    def target(self):
        return self.offer.need

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        name = self.offer.helper.display_name or _("a former participant")
        if self.action == ACCEPT:
            context["heading"] = _("Accept the help of %(name)s") % {"name": name}
            context["button"] = _("Accept")
        else:
            context["heading"] = _("Decline the help of %(name)s") % {"name": name}
            context["button"] = _("Decline")
            context["danger"] = True
        context["explanation"] = f"{self.offer.need.text}\n\n{self.offer.message}"
        return context

    def perform(self, form):
        services.offer_transition(offer=self.offer, action=self.action, actor=self.request.user)
        self.success_message = _("The helper gets a message.")

    def get_success_url(self):
        return safe_next(self.request, self.offer.need.get_absolute_url())


class DistrictNeedsView(LoginRequiredMixin, TemplateView):
    """A coordinator's overview: open needs and reported reactions across their districts."""

    template_name = "connect/district.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm("connect.view_district_needs"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            **kwargs,
            needs=selectors.open_needs_for_coordinator(user)[:200],
            reports=selectors.open_reaction_reports(user)[:100],
        )


class SkillsView(LoginRequiredMixin, FormView):
    """A resident's skills, district and whether they want to hear about needs that match."""

    template_name = "connect/skills.html"
    form_class = SkillsForm

    def get_initial(self):
        profile, skills = selectors.helper_profile_of(self.request.user)
        return {"skills": skills, "district": profile.district, "hear_about_needs": profile.hear_about_needs}

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, offers=selectors.offers_by(self.request.user)[:50])

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            services.helper_profile_save(
                user=self.request.user,
                skills=data["skills"],
                district=data["district"],
                hear_about_needs=data["hear_about_needs"],
            )
        except ConnectError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("Your skills are saved."))
        return redirect("connect:skills")


class OfferAcceptView(OfferDecideView):
    action = ACCEPT


class OfferDeclineView(OfferDecideView):
    action = DECLINE
