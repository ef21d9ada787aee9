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
        "A dialogue between the initiative “%(title)s” and the municipality has started in %(district)s. "
        "The coordinator now looks for the right official."
    ),
)
register(
    "dialogue_requested",
    subject=_("“%(title)s” asks for a dialogue with the municipality"),
    body=_(
        "The initiators of “%(title)s” in %(district)s ask for a dialogue with the municipality. "
        "Please assign a lead official by %(deadline)s."
    ),
    decides=True,
)
register(
    "dialogue_agreed_points",
    subject=_("Agreed points added to the dialogue about “%(title)s”"),
    body=_(
        "%(author)s put the points both sides agreed on the record of the dialogue about “%(title)s”. "
        "Read them on the dialogue’s page."
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

# -- reminders of the morning scan (dialogues/reminders.py) -------------------------------------------------
# The municipality's turn.
register(
    "reminder_heads_up",
    subject=_("Reminder: the initiative “%(title)s” expects the next step by %(deadline)s"),
    body=_(
        "The dialogue with the initiative “%(title)s” in %(district)s waits on the municipality. Please take the "
        "next step by the end of %(deadline)s: answer, ask a question or propose an outcome."
    ),
)
register(
    "reminder_overdue",
    subject=_("Overdue: the initiative “%(title)s” is waiting for an answer"),
    body=_(
        "The deadline of %(deadline)s has passed without the next step from the municipality in the dialogue "
        "with the initiative “%(title)s”. The initiative and the public now see that the answer is overdue. "
        "Please answer as soon as you can."
    ),
    decides=True,
)
register(
    "reminder_overdue_initiative",
    subject=_("The municipality is late with its answer about “%(title)s”"),
    body=_(
        "The municipality should have taken the next step in the dialogue about your initiative “%(title)s” by "
        "%(deadline)s. We have reminded the officials. The dialogue’s page shows that the answer is overdue."
    ),
    decides=True,
)
register(
    "reminder_second",
    subject=_("Second reminder: “%(title)s” is still waiting for an answer"),
    body=_(
        "The dialogue with the initiative “%(title)s” has been overdue since %(deadline)s. The coordinator of "
        "%(district)s receives a copy of this reminder. Please answer, or tell the coordinator what stands in "
        "the way."
    ),
    decides=True,
)
register(
    "reminder_second_copy",
    subject=_("Copy: second reminder about “%(title)s”"),
    body=_(
        "The officials in the dialogue with the initiative “%(title)s” received a second reminder: the deadline "
        "of %(deadline)s has passed. Without an answer the dialogue is escalated to you in five working days."
    ),
)
register(
    "reminder_escalation",
    subject=_("Escalated: the dialogue with “%(title)s” has stalled"),
    body=_(
        "The municipality has not taken the next step in the dialogue with the initiative “%(title)s” for ten "
        "working days after the deadline of %(deadline)s. The dialogue is escalated to you as coordinator of "
        "%(district)s: please find out what stands in the way and make sure it moves on."
    ),
    decides=True,
    in_digest=True,
)
register(
    "reminder_long_overdue",
    subject=_("Long overdue: the dialogue with “%(title)s”"),
    body=_(
        "The dialogue with the initiative “%(title)s” in %(district)s has waited on the municipality for twice "
        "its time (the deadline was %(deadline)s). Its public page now says it is long overdue. We tell you as "
        "a member of the district board."
    ),
    decides=True,
)
# The coordinator's turn.
register(
    "reminder_coordinator_heads_up",
    subject=_("Reminder: the dialogue with “%(title)s” waits on you until %(deadline)s"),
    body=_(
        "The dialogue with the initiative “%(title)s” in %(district)s waits on the coordinator. Please take the "
        "next step by the end of %(deadline)s."
    ),
)
register(
    "reminder_coordinator_overdue",
    subject=_("Overdue: the dialogue with “%(title)s” waits on the coordinator"),
    body=_(
        "The deadline of %(deadline)s has passed without the next step from the coordinator in the dialogue with "
        "the initiative “%(title)s” in %(district)s. Five working days after the deadline it goes to the city "
        "coordinators."
    ),
    decides=True,
)
register(
    "reminder_city_escalation",
    subject=_("Escalated to the city: the dialogue with “%(title)s” waits on %(district)s"),
    body=_(
        "The dialogue with the initiative “%(title)s” has waited on the coordinator of %(district)s for five "
        "working days after its deadline of %(deadline)s. It is escalated to you as city coordinator."
    ),
    decides=True,
    in_digest=True,
)
# The initiative's turn: friendly.
register(
    "reminder_initiative_answer",
    subject=_("The municipality is waiting for your answer about “%(title)s”"),
    body=_(
        "The municipality asked your initiative a question in the dialogue about “%(title)s”. Please answer by "
        "%(deadline)s, on the dialogue’s page. If there is no answer by then, the dialogue continues without it."
    ),
)
register(
    "reminder_initiative_answer_last",
    subject=_("Last reminder: please answer the question about “%(title)s” by %(deadline)s"),
    body=_(
        "The municipality is still waiting for your answer in the dialogue about your initiative “%(title)s”. "
        "After %(deadline)s the dialogue continues without it."
    ),
)
register(
    "reminder_initiative_outcome",
    subject=_("Please react to the proposed outcome for “%(title)s”"),
    body=_(
        "An outcome is proposed in the dialogue about your initiative “%(title)s”. Read the reasoning, then accept "
        "it or contest it by %(deadline)s. Without a reaction it counts as accepted."
    ),
    decides=True,
)
register(
    "reminder_initiative_outcome_last",
    subject=_("Last reminder: react to the proposed outcome for “%(title)s” by %(deadline)s"),
    body=_(
        "If you do not accept or contest the proposed outcome for your initiative “%(title)s” by %(deadline)s, it "
        "counts as accepted and the dialogue concludes."
    ),
    decides=True,
)
# Commitments of an accepted outcome.
register(
    "reminder_commitment_heads_up",
    subject=_("A commitment for “%(title)s” is due on %(due)s"),
    body=_(
        "You promised in the dialogue with the initiative “%(title)s”: “%(what)s”. It is due on %(due)s. Mark it "
        "as done on the dialogue’s page when it is."
    ),
)
register(
    "reminder_commitment_overdue",
    subject=_("Overdue: a commitment for “%(title)s”"),
    body=_(
        "“%(what)s” was due on %(due)s and is not marked as done. The initiative sees that it is overdue. Please "
        "do it, or mark it as done on the dialogue’s page if it is."
    ),
    decides=True,
)
register(
    "reminder_commitment_overdue_initiative",
    subject=_("A commitment for your initiative “%(title)s” is overdue"),
    body=_("“%(what)s” (%(who)s) was due on %(due)s and is not done yet. We have sent a reminder."),
)
register(
    "reminder_commitment_second",
    subject=_("Second reminder: a commitment for “%(title)s”"),
    body=_(
        "“%(what)s” was due on %(due)s and is still not done. The coordinator of %(district)s receives a copy of "
        "this reminder."
    ),
    decides=True,
)
register(
    "reminder_commitment_second_copy",
    subject=_("Copy: a commitment for “%(title)s” is five working days overdue"),
    body=_("“%(what)s” (%(who)s) was due on %(due)s and is not done. Its owner received a second reminder."),
)
