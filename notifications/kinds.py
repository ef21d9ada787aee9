"""The registry of notification kinds: what each one says, in words that are translated when it is shown.

Apps register their kinds in their own `notices.py`:

    register("initiative_accepted", subject=_("Your initiative “%(title)s” is accepted"),
             body=_("The coordinator of %(district)s accepted …"), decides=False)

`subject` and `body` are lazy translations with %(name)s placeholders filled from the notification's
params. `decides` marks kinds that decide a dialogue (assignment, proposed outcome, escalation, overdue):
they are always e-mailed right away, whatever the person's preferences. `in_digest` marks kinds that the
daily digest lists again, as an overview, even when they were e-mailed already (escalations).
"""

from dataclasses import dataclass

from django.utils.translation import pgettext_lazy


@dataclass(frozen=True)
class Kind:
    name: str
    subject: str
    body: str
    decides: bool = False
    action: str = pgettext_lazy("button in an e-mail", "Open")
    in_digest: bool = False


KINDS: dict[str, Kind] = {}


def register(name, *, subject, body, decides=False, action=None, in_digest=False):
    """Declare a notification kind (once per name)."""
    if name in KINDS:
        raise ValueError(f"Notification kind {name!r} is registered twice.")
    KINDS[name] = Kind(
        name=name,
        subject=subject,
        body=body,
        decides=decides,
        action=action or pgettext_lazy("button in an e-mail", "Open"),
        in_digest=in_digest,
    )
    return KINDS[name]


def digest_kinds() -> list[str]:
    """Return the kinds the daily digest lists again even when they were e-mailed already."""
    return sorted(name for name, kind in KINDS.items() if kind.in_digest)


def get_kind(name) -> Kind:
    try:
        return KINDS[name]
    except KeyError:
        raise ValueError(f"Unknown notification kind {name!r}; register it in the app's notices.py.") from None
