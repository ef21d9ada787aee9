"""The registry of notification kinds: what each one says, in words that are translated when it is shown.

Apps register their kinds in their own `notices.py`:

    register("initiative_accepted", subject=_("Your initiative “%(title)s” is accepted"),
             body=_("The coordinator of %(district)s accepted …"), decides=False)

`subject` and `body` are lazy translations with %(name)s placeholders filled from the notification's
params. `decides` marks kinds that decide a dialogue (assignment, proposed outcome, escalation, overdue):
they are always delivered, whatever the person's preferences.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Kind:
    name: str
    subject: str
    body: str
    decides: bool = False
    action: str = _("Open")


KINDS: dict[str, Kind] = {}


def register(name, *, subject, body, decides=False, action=None):
    """Declare a notification kind (once per name)."""
    if name in KINDS:
        raise ValueError(f"Notification kind {name!r} is registered twice.")
    KINDS[name] = Kind(name=name, subject=subject, body=body, decides=decides, action=action or _("Open"))
    return KINDS[name]


def get_kind(name) -> Kind:
    try:
        return KINDS[name]
    except KeyError:
        raise ValueError(f"Unknown notification kind {name!r}; register it in the app's notices.py.") from None
