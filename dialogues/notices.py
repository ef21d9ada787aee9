"""The notifications dialogues send; params fill the %(name)s placeholders.

None of them carries the text of a message: internal notes can never leak into an e-mail, and people
read the conversation on the dialogue's page.
"""

from django.utils.translation import gettext_lazy as _

from notifications.kinds import register

register(
    "dialogue_opened",
    subject=_("A dialogue with the municipality has started for “%(title)s”"),
    body=_(
        "The platform of %(district)s opened a dialogue between the initiative “%(title)s” and the "
        "municipality. The coordinator now looks for the right official."
    ),
)
register(
    "dialogue_assigned",
    subject=_("You are the lead official for “%(title)s”"),
    body=_(
        "The coordinator of %(district)s assigned the dialogue with the initiative “%(title)s” to you. "
        "Please give a first answer by %(deadline)s."
    ),
    decides=True,
)
register(
    "dialogue_official_added",
    subject=_("You are added to the dialogue with “%(title)s”"),
    body=_("The coordinator of %(district)s added you to the dialogue with the initiative “%(title)s”."),
    decides=True,
)
register(
    "dialogue_assigned_initiative",
    subject=_("%(official)s answers your initiative “%(title)s”"),
    body=_(
        "The coordinator of %(district)s assigned %(official)s to the dialogue about your initiative. "
        "You can expect a first answer by %(deadline)s."
    ),
)
register(
    "dialogue_reassigned",
    subject=_("The dialogue with “%(title)s” is handed over to you"),
    body=_(
        "The coordinator of %(district)s made you the lead official for the dialogue with the initiative "
        "“%(title)s”. The current deadline is %(deadline)s."
    ),
    decides=True,
)
register(
    "dialogue_message",
    subject=_("New message in the dialogue about “%(title)s”"),
    body=_("%(author)s wrote in the dialogue about the initiative “%(title)s”."),
)
register(
    "dialogue_question",
    subject=_("The municipality has a question about “%(title)s”"),
    body=_(
        "%(author)s asked your initiative a question in the dialogue about “%(title)s”. Please answer by %(deadline)s."
    ),
)
register(
    "dialogue_outcome_proposed",
    subject=_("An outcome is proposed for “%(title)s”"),
    body=_(
        "%(author)s proposed an outcome for the dialogue about your initiative: “%(summary)s”. Read the "
        "reasoning, then accept it or contest it by %(deadline)s. Without a reaction it counts as accepted."
    ),
    decides=True,
)
register(
    "dialogue_contested",
    subject=_("The initiative “%(title)s” contests the proposed outcome"),
    body=_("The initiative “%(title)s” in %(district)s contests the proposed outcome. Please decide by %(deadline)s."),
    decides=True,
)
register(
    "dialogue_escalated",
    subject=_("Please decide on the contested outcome for “%(title)s”"),
    body=_(
        "The coordinator of %(district)s asks you to decide on the contested outcome of the dialogue with "
        "the initiative “%(title)s”, by %(deadline)s."
    ),
    decides=True,
)
register(
    "dialogue_resumed",
    subject=_("The dialogue about “%(title)s” continues"),
    body=_("The proposed outcome for “%(title)s” was sent back: the dialogue continues."),
)
register(
    "dialogue_concluded",
    subject=_("The dialogue about “%(title)s” is concluded"),
    body=_(
        "The dialogue between the initiative “%(title)s” and the municipality has a reasoned outcome: “%(summary)s”."
    ),
)
register(
    "dialogue_initiative_time_up",
    subject=_("The dialogue about “%(title)s” continues without an answer"),
    body=_(
        "The initiative “%(title)s” did not answer the question within its time. The dialogue continues: "
        "the municipality takes the next step."
    ),
)
register(
    "dialogue_reopen_requested",
    subject=_("The initiative “%(title)s” asks to reopen its dialogue"),
    body=_("The initiative “%(title)s” in %(district)s asks to reopen its concluded dialogue. Please decide."),
    decides=True,
)
register(
    "dialogue_reopened",
    subject=_("The dialogue about “%(title)s” is reopened"),
    body=_("The coordinator of %(district)s reopened the dialogue about “%(title)s”."),
)
register(
    "dialogue_reopen_refused",
    subject=_("The dialogue about “%(title)s” stays concluded"),
    body=_("The coordinator of %(district)s decided not to reopen the dialogue about “%(title)s”."),
)
register(
    "dialogue_withdrawn",
    subject=_("The initiative “%(title)s” withdrew from its dialogue"),
    body=_("The initiative “%(title)s” in %(district)s withdrew from the dialogue with the municipality."),
)
register(
    "dialogue_closed",
    subject=_("The dialogue about “%(title)s” is closed"),
    body=_("The coordinator of %(district)s closed the dialogue about “%(title)s”. The reasons are on its page."),
)
register(
    "commitment_done",
    subject=_("A commitment for “%(title)s” is done"),
    body=_("“%(what)s” is done."),
)
