"""Read an incoming e-mail: who sent it, to which reply address, whether a machine wrote it, and the answer.

Only the new text counts: quoted earlier mails and signatures are cut off with mail-parser-reply, which knows
the reply headers of the common mail programs in Dutch and English ("Op … schreef …", "Van: … Verzonden: …").
"""

import email
import re
from dataclasses import dataclass, field
from email import policy
from email.utils import getaddresses, parseaddr

from inscriptis import get_text
from mailparser_reply import EmailReplyParser

# Subjects of automatic answers, in the languages officials' mail programs use.
AUTO_SUBJECT = re.compile(
    r"^\s*(automatisch antwoord|automatic reply|auto(matic)?[- ]?reply|autoreply|out of (the )?office|"
    r"afwezig|niet aanwezig|buiten kantoor|afwezigheidsbericht|abwesenheitsnotiz|otomatik yan[ıi]t)",
    re.IGNORECASE,
)
# Reply headers mail-parser-reply does not know yet: Gmail and Apple Mail in Dutch put the sender before the
# colon ("Op ma 14 dec 2026 om 08:00 schreef Naam <adres>:", "Op 14 dec. 2026 heeft Naam het volgende geschreven:").
EXTRA_REPLY_HEADERS = re.compile(
    r"^\s*(Op .{6,200}? schreef .{1,200}:|Op .{6,200}? heeft .{1,200} het volgende geschreven:"
    # Gmail in Turkish ("… tarihinde … şunu yazdı:") and in Arabic ("في … كتب …:"), which the library does not know.
    r"|.{6,200}? tarihinde .{1,200}? şunu yazdı:|في .{6,200}? كتب .{1,200}:)\s*$",
    re.MULTILINE,
)
# Dutch sign-offs beyond the library's list; the signature starts at the last one.
SIGN_OFF = re.compile(
    r"^\s*((met )?(vriendelijke |hartelijke |warme )?groet(en)?|mvg|gr\.?|kind regards|best regards|regards),?\s*$",
    re.IGNORECASE | re.MULTILINE,
)
BULK_PRECEDENCE = {"bulk", "junk", "list", "auto_reply", "auto-reply"}


@dataclass
class ParsedMail:
    message_id: str
    sender: str
    sender_name: str
    recipients: list[str]
    subject: str
    text: str
    automatic: bool
    out_of_office: bool
    attachments: list[str] = field(default_factory=list)
    null_sender: bool = False


def _header(message, name) -> str:
    value = message.get(name)
    return str(value).strip() if value is not None else ""


def is_auto_reply(message) -> bool:
    """Return True for an automatic answer to a mail, such as an out-of-office (RFC 3834 and mail programs' own)."""
    if _header(message, "Auto-Submitted").lower() == "auto-replied":
        return True
    if _header(message, "X-Autoreply") or _header(message, "X-Autorespond"):
        return True
    if _header(message, "Precedence").lower() in ("auto_reply", "auto-reply"):
        return True
    return bool(AUTO_SUBJECT.match(_header(message, "Subject")))


def is_automatic(message) -> bool:
    """Return True for mail a machine sent on its own: auto-replies, bounces, mailing lists."""
    if is_auto_reply(message):
        return True
    auto_submitted = _header(message, "Auto-Submitted").lower()
    if auto_submitted and auto_submitted != "no":
        return True
    if _header(message, "Precedence").lower() in BULK_PRECEDENCE:
        return True
    if _header(message, "List-Id") or _header(message, "List-Unsubscribe"):
        return True
    sender = parseaddr(_header(message, "From"))[1].lower()
    return sender.startswith(("mailer-daemon@", "postmaster@")) or _header(message, "Return-Path") == "<>"


def _body_text(message) -> str:
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    content = part.get_content()
    if part.get_content_type() == "text/html":
        content = _html_reply(content)
    return content


def _html_reply(html: str) -> str:
    """Return the text of an HTML mail without the quoted thread mail programs put in blockquotes or divs."""
    # Gmail, Apple Mail and Thunderbird wrap the quoted mail; Outlook starts it with a divider and a header block.
    for marker in (r'<div class="gmail_quote', r"<blockquote", r'<div id="appendonsend"', r'<div id="divRplyFwdMsg"'):
        position = re.search(marker, html, re.IGNORECASE)
        if position:
            html = html[: position.start()]
    return get_text(html)


def reply_text(text: str) -> str:
    """Return only the new part of a reply: no quoted mail, no signature."""
    text = text.replace("\r\n", "\n")
    header = EXTRA_REPLY_HEADERS.search(text)
    if header:
        text = text[: header.start()]
    replies = EmailReplyParser(languages=["nl", "en"]).read(text).replies
    if not replies:
        return text.strip()
    # `body` is the reply without its signature and disclaimers; `content` keeps them.
    body = (replies[0].body or replies[0].content or "").strip()
    sign_offs = [match for match in SIGN_OFF.finditer(body) if match.start() > 0]
    return body[: sign_offs[-1].start()].strip() if sign_offs else body


def parse_mail(raw: bytes) -> ParsedMail:
    """Parse one RFC 822 message."""
    message = email.message_from_bytes(raw, policy=policy.default)
    name, sender = parseaddr(_header(message, "From"))
    recipients = [
        address
        for _name, address in getaddresses(
            [_header(message, h) for h in ("To", "Cc", "Delivered-To", "X-Original-To", "Envelope-To")]
        )
        if address
    ]
    automatic = is_automatic(message)
    subject = " ".join(_header(message, "Subject").split())
    attachments = [part.get_filename() or part.get_content_type() for part in message.iter_attachments()]
    return ParsedMail(
        message_id=_header(message, "Message-ID")[:250],
        sender=sender.lower(),
        sender_name=name,
        recipients=recipients,
        subject=subject,
        text=reply_text(_body_text(message)),
        automatic=automatic,
        out_of_office=is_auto_reply(message),
        attachments=attachments,
        null_sender=_header(message, "Return-Path") == "<>",
    )
