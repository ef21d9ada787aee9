"""The notifications the neighbours' reactions and offers of help send; params fill the %(name)s placeholders."""

from django.utils.translation import gettext_lazy as _

from notifications.kinds import register

register(
    "reaction_posted",
    subject=_("%(author)s reacted on “%(title)s”"),
    body=_("%(author)s wrote on your initiative “%(title)s”:\n\n%(text)s"),
)
register(
    "reaction_posted_coordinator",
    subject=_("New reaction on “%(title)s” in %(district)s"),
    body=_("%(author)s reacted on the initiative “%(title)s”:\n\n%(text)s"),
)
register(
    "reaction_reply",
    subject=_("%(author)s replied to your reaction on “%(title)s”"),
    body=_("%(author)s wrote:\n\n%(text)s"),
)
register(
    "reaction_reported",
    subject=_("A reaction on “%(title)s” was reported"),
    body=_("Someone reported this reaction as inappropriate:\n\n%(text)s\n\nThe reason they gave:\n\n%(reason)s"),
)
register(
    "reaction_hidden",
    subject=_("Your reaction on “%(title)s” is hidden"),
    body=_("The coordinator of %(district)s hid your reaction. The reason:\n\n%(reason)s"),
)
register(
    "offer_made",
    subject=_("%(name)s can help “%(title)s”"),
    body=_("%(name)s offers to help with “%(need)s”:\n\n%(message)s\n\nAccept or decline the offer on the page."),
)
register(
    "offer_accepted",
    subject=_("“%(title)s” accepted your help"),
    body=_("The initiators of “%(title)s” accepted your offer to help with “%(need)s”. They will get in touch."),
)
register(
    "offer_declined",
    subject=_("“%(title)s” does not need your help now"),
    body=_(
        "The initiators of “%(title)s” declined your offer to help with “%(need)s”. Thank you for offering: "
        "other initiatives may need you."
    ),
)
register(
    "need_matches_skill",
    subject=_("An initiative in %(district)s needs %(skill)s"),
    body=_("The initiative “%(title)s” in %(district)s asks for help: “%(need)s”. Can you help?"),
)
