"""The notifications the support app sends."""

from django.utils.translation import gettext_lazy as _

from notifications.kinds import register

register(
    "support_request_new",
    subject=_("New support request from “%(initiative)s”"),
    body=_("The initiative “%(initiative)s” asks the platform for help. Choose a supporter who can help them."),
)
register(
    "support_request_assigned_supporter",
    subject=_("A support request for you: “%(initiative)s”"),
    body=_(
        "You have been asked to help the initiative “%(initiative)s”. Please get in touch with them and finish "
        "by %(due_date)s."
    ),
)
register(
    "support_request_assigned_initiative",
    subject=_("%(supporter)s will help “%(initiative)s”"),
    body=_(
        "Your request for help has been passed on to %(supporter)s, a supporter of the platform. "
        "They will contact you soon."
    ),
)
register(
    "support_request_unassigned",
    subject=_("A support request is no longer yours: “%(initiative)s”"),
    body=_("The coordinator has passed the request of “%(initiative)s” on to another supporter. Thank you."),
)
register(
    "support_request_started",
    subject=_("Work on your request for help has started"),
    body=_("%(supporter)s is now working on the request of “%(initiative)s”."),
)
register(
    "support_request_done",
    subject=_("Your request for help is done: “%(initiative)s”"),
    body=_("The request of “%(initiative)s” is done. The closing note: %(note)s"),
)
register(
    "support_request_declined",
    subject=_("Your request for help was declined: “%(initiative)s”"),
    body=_("The platform cannot take on the request of “%(initiative)s”. The reason: %(note)s"),
)
register(
    "event_seat_offered",
    subject=_("A place has come free for you: “%(title)s”"),
    body=_(
        "Someone cancelled, so you moved up from the waiting list. You are now registered for “%(title)s” on "
        "%(starts)s. If you cannot come after all, please cancel so the next person can go."
    ),
)

# Reminders of the morning scan (support/reminders.py).
register(
    "reminder_support_heads_up",
    subject=_("Reminder: the support request of “%(initiative)s” is due on %(due_date)s"),
    body=_("Please finish helping the initiative “%(initiative)s” by %(due_date)s, or close the request with a note."),
)
register(
    "reminder_support_overdue",
    subject=_("Overdue: the support request of “%(initiative)s”"),
    body=_(
        "The support request of the initiative “%(initiative)s” was due on %(due_date)s and is still open. Please "
        "finish it, or ask the coordinator for a new due date."
    ),
)
register(
    "reminder_support_overdue_copy",
    subject=_("A support request is five working days overdue: “%(initiative)s”"),
    body=_(
        "The support request of the initiative “%(initiative)s”, with %(supporter)s, was due on %(due_date)s and "
        "is still open."
    ),
)
