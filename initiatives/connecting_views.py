"""Pages that connect initiatives: links between them, requests to join, network invitations.

One small view per action, on the pattern of initiatives/views.py: behind a login and a permission, a form,
a service call, a message and back to the initiative.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView

from initiatives import connecting, selectors
from initiatives.forms import InitiativeLinkForm, JoinRequestForm, NetworkInviteForm
from initiatives.models import Initiative, InitiativeLink, JoinRequest, NetworkInvitation
from initiatives.services import InitiativeError, NotPermitted
from initiatives.similarity import similar_to
from initiatives.views import InitiativeFormView


class JoinRequestView(InitiativeFormView):
    form_class = JoinRequestForm
    permission = "initiatives.ask_to_join"
    heading = _("Ask to become a co-initiator")
    explanation = _(
        "The initiators get your request with your name and message. If they accept, you carry the initiative "
        "together with them."
    )
    button = _("Send the request")
    success_message = _("Your request is sent. You get a message when the initiators answer.")

    def perform(self, form):
        connecting.join_request_create(initiative=self.initiative, user=self.request.user, **form.cleaned_data)


class JoinRequestAnswerView(InitiativeFormView):
    """An initiator accepts or declines a request to join."""

    accept = True

    def dispatch(self, request, *args, **kwargs):
        self.join_request = get_object_or_404(JoinRequest.objects.select_related("user"), pk=kwargs["pk"])
        return super().dispatch(request, *args, pk=self.join_request.initiative_id)

    def refuse(self):
        if not self.request.user.has_perm("initiatives.answer_join_request", self.join_request):
            raise PermissionDenied
        return None

    def get_context_data(self, **kwargs):
        name = self.join_request.user.display_name
        return {
            **super().get_context_data(**kwargs),
            "heading": _("Accept %(name)s as co-initiator") % {"name": name}
            if self.accept
            else _("Decline the request of %(name)s") % {"name": name},
            "explanation": self.join_request.message,
            "button": _("Accept") if self.accept else _("Decline"),
            "danger": not self.accept,
        }

    def perform(self, form):
        connecting.join_request_answer(request=self.join_request, actor=self.request.user, accept=self.accept)
        self.success_message = (
            _("%(name)s is now a co-initiator.") if self.accept else _("The request of %(name)s is declined.")
        ) % {"name": self.join_request.user.display_name}


class LinkView(InitiativeFormView):
    """A coordinator marks this initiative and another one as related or duplicates."""

    form_class = InitiativeLinkForm
    template_name = "initiatives/link.html"
    permission = "initiatives.link_initiative"
    heading = _("Mark as related or duplicate")
    explanation = _("The link shows on the pages of both initiatives.")
    button = _("Save the link")
    success_message = _("The initiatives are linked.")

    def get_initial(self):
        other = self.request.GET.get("other", "")
        return {"other": other} if other.isdigit() else {}

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, candidates=similar_to(self.initiative))

    def perform(self, form):
        other = Initiative.objects.select_related("district").filter(pk=form.cleaned_data["other"]).first()
        if other is None or not self.request.user.has_perm("initiatives.view_initiative", other):
            raise InitiativeError(_("There is no initiative with this number that you can see."))
        connecting.initiative_link(
            initiative=self.initiative, other=other, kind=form.cleaned_data["kind"], actor=self.request.user
        )


class UnlinkView(InitiativeFormView):
    permission = "initiatives.link_initiative"
    heading = _("Remove the link")
    button = _("Remove the link")
    danger = True
    success_message = _("The link is removed.")

    def refuse(self):
        super().refuse()
        self.link = get_object_or_404(
            InitiativeLink.objects.select_related("first", "second"), pk=self.kwargs["link_pk"]
        )
        if self.initiative.pk not in (self.link.first_id, self.link.second_id):
            raise PermissionDenied
        return None

    def get_context_data(self, **kwargs):
        other = self.link.other(self.initiative)
        explanation = _("The link with “%(title)s” disappears from both pages.") % {"title": other.title}
        return {**super().get_context_data(**kwargs), "explanation": explanation}

    def perform(self, form):
        connecting.initiative_unlink(link=self.link, initiative=self.initiative, actor=self.request.user)


class NetworkInvitationAnswerView(InitiativeFormView):
    """An initiator accepts or declines a network's invitation to join it."""

    accept = True

    def dispatch(self, request, *args, **kwargs):
        self.invitation = get_object_or_404(NetworkInvitation.objects.select_related("network"), pk=kwargs["pk"])
        return super().dispatch(request, *args, pk=self.invitation.initiative_id)

    def refuse(self):
        if not self.request.user.has_perm("initiatives.answer_network_invitation", self.invitation):
            raise PermissionDenied
        return None

    def get_context_data(self, **kwargs):
        name = self.invitation.network.name
        return {
            **super().get_context_data(**kwargs),
            "heading": _("Join the network “%(network)s”") % {"network": name}
            if self.accept
            else _("Decline the invitation of “%(network)s”") % {"network": name},
            "explanation": _("The initiative’s page shows the network, and the network’s page shows the initiative.")
            if self.accept
            else "",
            "button": _("Accept") if self.accept else _("Decline"),
            "danger": not self.accept,
        }

    def perform(self, form):
        connecting.network_invitation_answer(invitation=self.invitation, actor=self.request.user, accept=self.accept)
        self.success_message = (
            _("The initiative is now part of “%(network)s”.")
            if self.accept
            else _("The invitation of “%(network)s” is declined.")
        ) % {"network": self.invitation.network.name}


class NetworkInviteView(FormView):
    """A network's administrator invites an initiative to join the network."""

    form_class = NetworkInviteForm
    template_name = "initiatives/network_invite.html"

    def dispatch(self, request, *args, **kwargs):
        self.network = selectors.network_for_page(kwargs["slug"])
        if not request.user.has_perm("initiatives.invite_to_network", self.network):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, network=self.network)

    def form_valid(self, form):
        initiative = Initiative.objects.public().filter(pk=form.cleaned_data["initiative"]).first()
        try:
            if initiative is None:
                raise InitiativeError(_("There is no public initiative with this number."))
            connecting.network_invite(network=self.network, initiative=initiative, actor=self.request.user)
        except NotPermitted:
            raise PermissionDenied from None
        except InitiativeError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(
            self.request, _("The invitation is sent to the initiators of “%(title)s”.") % {"title": initiative.title}
        )
        return redirect(self.network)
