"""The notifications initiatives send; params fill the %(name)s placeholders."""

from django.utils.translation import gettext_lazy as _

from notifications.kinds import register

register(
    "initiative_submitted",
    subject=_("New initiative for the intake: “%(title)s”"),
    body=_("The initiative “%(title)s” in %(district)s is waiting in the intake queue."),
)
register(
    "initiative_answered",
    subject=_("The initiators of “%(title)s” answered your question"),
    body=_("The initiative “%(title)s” in %(district)s is back in the intake queue with this answer:\n\n%(answer)s"),
)
register(
    "initiative_changed",
    subject=_("“%(title)s” has changed"),
    body=_("%(author)s changed the initiative “%(title)s”. Read what it says now."),
)
register(
    "initiative_accepted",
    subject=_("Your initiative “%(title)s” is accepted"),
    body=_(
        "The coordinator of %(district)s accepted your initiative. It is now public: neighbours can support "
        "and follow it, and the platform can start a dialogue with the municipality."
    ),
)
register(
    "initiative_information_requested",
    subject=_("A question about your initiative “%(title)s”"),
    body=_(
        "The coordinator of %(district)s needs more information before accepting your initiative:\n\n"
        "%(note)s\n\nChange your initiative and submit it again."
    ),
)
register(
    "initiative_refused",
    subject=_("Your initiative “%(title)s” is not accepted"),
    body=_("The coordinator of %(district)s did not accept your initiative. The reason:\n\n%(note)s"),
)
register(
    "initiative_update",
    subject=_("News from “%(title)s”"),
    body=_("%(author)s posted an update:\n\n%(text)s"),
)
register(
    "initiative_coinitiator_joined",
    subject=_("%(name)s joined “%(title)s”"),
    body=_("%(name)s accepted the invitation and is now a co-initiator of “%(title)s”."),
)
register(
    "initiative_hidden",
    subject=_("Your initiative “%(title)s” is hidden"),
    body=_(
        "The coordinator of %(district)s hid your initiative. Other people no longer see it. The reason:\n\n%(reason)s"
    ),
)
register(
    "initiative_update_hidden",
    subject=_("An update of “%(title)s” is hidden"),
    body=_(
        "The coordinator of %(district)s hid one of your updates. Other people no longer see it. "
        "The reason:\n\n%(reason)s"
    ),
)
register(
    "initiative_join_request",
    subject=_("%(name)s wants to join “%(title)s”"),
    body=_(
        "%(name)s asks to become a co-initiator of “%(title)s”. Their message:\n\n%(message)s\n\n"
        "Accept or decline the request on the initiative’s page."
    ),
)
register(
    "initiative_join_accepted",
    subject=_("You are now a co-initiator of “%(title)s”"),
    body=_("The initiators of “%(title)s” accepted your request. Welcome!"),
)
register(
    "initiative_join_declined",
    subject=_("Your request to join “%(title)s”"),
    body=_("The initiators of “%(title)s” declined your request to join. You can still support or follow it."),
)
register(
    "network_invitation",
    subject=_("“%(network)s” invites “%(title)s” to join"),
    body=_(
        "The network “%(network)s” invites your initiative “%(title)s” to join it. Accept or decline the "
        "invitation on the initiative’s page."
    ),
)
