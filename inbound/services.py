"""Incoming e-mail: a reply to a notification becomes that person's message in the dialogue.

Both ways in (`manage.py receive_mail` for a mail server's pipe, and anymail's inbound webhooks) call
`inbound_mail_receive`. The reply goes through `dialogue_transition`, the same path as the form on the site.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from dialogues.errors import DialogueError
from dialogues.models import OPEN_STATES, Dialogue, Message
from dialogues.services import dialogue_transition
from inbound.addresses import BadToken, read_reply_address
from inbound.models import AwayNotice, InboundMail
from inbound.parsing import ParsedMail, parse_mail
from inbound.selectors import reply_action
from notifications.services import absolute_url, language_of, message_id

logger = logging.getLogger(__name__)

Outcome = InboundMail.Outcome
# At most this many explanations an hour to one address: a misconfigured mail server cannot start a loop.
BOUNCES_PER_HOUR = 3


class Refusal(Exception):
    """The mail is not posted; `code` says why, for the explanation to the sender."""

    def __init__(self, code: str, detail: str = ""):
        super().__init__(code)
        self.code = code
        self.detail = detail


def _explanation(code: str, detail: str) -> str:
    return {
        "invalid": _(
            "We could not tell which dialogue this e-mail is about. Reply to an e-mail from Kracht van Mokum, "
            "or write on the dialogue’s page."
        ),
        "expired": _("The reply address in this e-mail is too old. Write on the dialogue’s page instead."),
        "wrong_sender": _(
            "This reply address belongs to someone else’s e-mail address. To keep the dialogue safe, we only "
            "take replies from the address we wrote to."
        ),
        "closed": _("This dialogue has ended, so your message was not added."),
        "not_allowed": _("You cannot write in this dialogue right now."),
        "empty": _("We found no new text in your e-mail, only quoted text or a signature."),
        "invalid_text": detail,
    }.get(code, detail)


def inbound_mail_receive(*, raw: bytes, envelope_recipient: str = "", now=None) -> InboundMail:
    """Take one incoming e-mail: post it in its dialogue, ignore it, or refuse it with an explanation."""
    now = now or timezone.now()
    parsed = parse_mail(raw)
    if parsed.message_id:
        earlier = InboundMail.objects.filter(message_id=parsed.message_id).first()
        if earlier is not None:
            return earlier
    try:
        with transaction.atomic():
            return _receive(parsed, raw, envelope_recipient, now)
    except IntegrityError:
        # The same message arrived twice at the same moment; the other delivery took it.
        return InboundMail.objects.get(message_id=parsed.message_id)


def _receive(parsed: ParsedMail, raw: bytes, envelope_recipient: str, now) -> InboundMail:
    row = InboundMail.objects.create(
        message_id=parsed.message_id,
        sender=parsed.sender,
        subject=parsed.subject[:255],
        raw=raw,
        outcome=Outcome.REFUSED,
    )
    dialogue = user = None
    try:
        reply = read_reply_address([envelope_recipient, *parsed.recipients], now=now)
        user = User.objects.filter(pk=reply.user_id, is_active=True).first()
        dialogue = Dialogue.objects.select_related("initiative", "district").filter(pk=reply.dialogue_id).first()
        if user is None or dialogue is None:
            raise BadToken("invalid")
    except BadToken as error:
        problem = error.reason
    else:
        problem = ""
    row.user, row.dialogue = user, dialogue
    if parsed.automatic:
        # Machines never get an answer (that is how mail loops start); an out-of-office tells the coordinator.
        if (
            user is not None
            and dialogue is not None
            and parsed.out_of_office
            and reply_action(user, dialogue) == "answer"
        ):
            AwayNotice.objects.create(user=user, dialogue=dialogue, subject=parsed.subject[:255], noticed_at=now)
        return _finish(row, Outcome.AUTOMATIC, "automatic")
    try:
        if user is None or dialogue is None:
            raise Refusal(problem)  # an address that is not ours or has expired: `problem` says which
        if parsed.sender != user.email.lower():
            raise Refusal("wrong_sender")
        message = _post(parsed, user, dialogue, now)
    except Refusal as refusal:
        return _refuse(row, parsed, refusal, user, dialogue, now)
    row.posted_message = message
    if parsed.attachments:
        transaction.on_commit(lambda: _send_attachments_notice(parsed, user, dialogue))
    return _finish(row, Outcome.POSTED, "")


def _post(parsed: ParsedMail, user, dialogue, now) -> Message:
    action = reply_action(user, dialogue)
    if action is None:
        raise Refusal("closed" if dialogue.state not in OPEN_STATES else "not_allowed")
    if not parsed.text:
        raise Refusal("empty")
    try:
        with translation.override(language_of(user)):
            dialogue_transition(dialogue=dialogue, action=action, actor=user, text=parsed.text, now=now)
    except ValidationError as error:
        raise Refusal("invalid_text", " ".join(error.messages)) from error
    except DialogueError as error:
        raise Refusal("not_allowed", str(error)) from error
    return Message.objects.filter(dialogue=dialogue, author=user).latest("created_at", "id")


def _finish(row: InboundMail, outcome: str, reason: str) -> InboundMail:
    row.outcome, row.reason = outcome, reason
    row.save(update_fields=["outcome", "reason", "user", "dialogue", "posted_message"])
    return row


def _may_explain(sender: str, now) -> bool:
    """Return whether the sender may get an explanation: a real address, not ours, not flooded."""
    if not sender or "@" not in sender:
        return False
    ours = {settings.INBOUND_EMAIL_DOMAIN.lower(), (settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip("> ")).lower()}
    if sender.rpartition("@")[2] in ours:
        return False
    recent = InboundMail.objects.filter(
        sender=sender, outcome=Outcome.BOUNCED, received_at__gte=now - timedelta(hours=1)
    )
    return recent.count() < BOUNCES_PER_HOUR


def _refuse(row, parsed: ParsedMail, refusal: Refusal, user, dialogue, now) -> InboundMail:
    if parsed.null_sender or not _may_explain(parsed.sender, now):
        return _finish(row, Outcome.REFUSED, refusal.code)
    # The explanation goes in the language of the person the address belongs to, or of the sender's account.
    person = (
        user
        if user is not None and refusal.code != "wrong_sender"
        else User.objects.filter(email__iexact=parsed.sender).first()
    )
    language = language_of(person) if person else settings.LANGUAGE_CODE
    link = absolute_url(dialogue.get_absolute_url()) if dialogue is not None and refusal.code != "invalid" else ""
    transaction.on_commit(lambda: _send_explanation(parsed, refusal, language, link))
    return _finish(row, Outcome.BOUNCED, refusal.code)


def _auto_reply(parsed: ParsedMail, subject: str, body: str) -> EmailMessage:
    headers = {"Auto-Submitted": "auto-replied", "Message-ID": message_id(f"inbound-{timezone.now().timestamp()}")}
    if parsed.message_id:
        headers.update({"In-Reply-To": parsed.message_id, "References": parsed.message_id})
    return EmailMessage(subject=subject, body=body, to=[parsed.sender], headers=headers)


def _send_explanation(parsed: ParsedMail, refusal: Refusal, language: str, link: str) -> None:
    with translation.override(language):
        context = {"explanation": _explanation(refusal.code, refusal.detail), "link": link, "subject": parsed.subject}
        body = render_to_string("inbound/refused.txt", context)
        subject = _("Your message was not added: %(subject)s") % {"subject": parsed.subject or "…"}
    _send(_auto_reply(parsed, " ".join(subject.split())[:200], body))


def _send_attachments_notice(parsed: ParsedMail, user, dialogue) -> None:
    with translation.override(language_of(user)):
        context = {"attachments": parsed.attachments, "link": absolute_url(dialogue.get_absolute_url())}
        body = render_to_string("inbound/attachments.txt", context)
        subject = _("Your message is in the dialogue, without its attachments")
    _send(_auto_reply(parsed, subject, body))


def _send(message: EmailMessage) -> None:
    try:
        message.send()
    except Exception:  # noqa: BLE001 - the reply was handled; an explanation that cannot be sent is only logged
        logger.warning("Could not send an answer about an incoming e-mail to %s", message.to, exc_info=True)
