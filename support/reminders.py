"""The reminder ladder of support requests, walked by the morning scan (dialogues/reminders.py).

| rung | when (working days) | to |
|---|---|---|
| support_heads_up | 2 before the due date | the supporter |
| support_overdue | the day after the due date | the supporter |
| support_overdue_copy | 5 after the due date | the coordinators of the initiative's district |

The clock is the due date: when the coordinator moves it, the ladder starts again.
"""

from django.db.models import F, OuterRef

from accounts.models import Role
from notifications.reminders import (
    Due,
    IsoDate,
    Reminder,
    Rung,
    ScanDay,
    already_sent,
    lookups,
    register_ladder,
    register_subject,
)
from support.models import SupportRequest

SUPPORTER = "supporter"
COORDINATORS = "coordinators"
WORKING_ON = (SupportRequest.Status.ASSIGNED, SupportRequest.Status.IN_PROGRESS)

SUPPORT_RUNGS = [
    Rung("support_heads_up", SUPPORTER, "reminder_support_heads_up", ahead=(0, 2)),
    Rung("support_overdue", SUPPORTER, "reminder_support_overdue", late=(1, None)),
    Rung("support_overdue_copy", COORDINATORS, "reminder_support_overdue_copy", late=(5, None)),
]
RUNGS = {rung.kind: rung for rung in SUPPORT_RUNGS}

PATHS = {
    SUPPORTER: ("supporter_id", {"supporter__is_active": True}),
    COORDINATORS: (
        "initiative__district__roles__user_id",
        {
            "initiative__district__roles__kind": Role.Kind.COORDINATOR,
            "initiative__district__roles__user__is_active": True,
        },
    ),
}


@register_ladder
def support_reminders_due(day: ScanDay, now) -> list[Due]:
    """Return the reminders due today about support requests being worked on (one query per rung)."""
    due = []
    for rung in SUPPORT_RUNGS:
        path, conditions = PATHS[rung.audience]
        rows = (
            SupportRequest.objects.filter(
                status__in=WORKING_ON, **lookups("due_date", day.date_window(ahead=rung.ahead, late=rung.late))
            )
            .filter(**conditions)
            .annotate(recipient=F(path))
            .exclude(already_sent("support_request", rung.kind, clock=IsoDate(OuterRef("due_date"))))
            .order_by()
        )
        due += [
            Due("support_request", pk, due_date.isoformat(), rung.kind, recipient)
            for pk, due_date, recipient in rows.values_list("pk", "due_date", "recipient")
        ]
    return due


def resolve_support_reminder(row, now) -> Reminder | None:
    """Return the reminder about a support request, or None when it is closed, reassigned or re-dated."""
    rung = RUNGS.get(row.kind)
    request = (
        SupportRequest.objects.select_related("initiative", "supporter").filter(pk=row.subject_id).first()
        if rung
        else None
    )
    if request is None or request.status not in WORKING_ON or request.due_date is None:
        return None
    if request.due_date.isoformat() != row.clock:
        return None
    if rung.audience == SUPPORTER:
        concerned = request.supporter_id == row.recipient_id
    else:
        concerned = Role.objects.filter(
            user_id=row.recipient_id, kind=Role.Kind.COORDINATOR, district_id=request.initiative.district_id
        ).exists()
    if not concerned:
        return None
    params = {
        "initiative": request.initiative.title,
        "due_date": request.due_date.isoformat(),
        "supporter": request.supporter.display_name if request.supporter else "",
    }
    return Reminder(rung.notice_for(), params, request.get_absolute_url())


register_subject("support_request", resolve=resolve_support_reminder)
