"""Replies as real mail programs write them: their headers, quoting, encodings and signatures."""

import base64
import quopri

QUESTION = "Mogen wij geveltuinen aanleggen in de Kinkerstraat?"


def _headers(sender, to, subject, message_id, extra=""):
    return (
        f"From: {sender}\r\nTo: {to}\r\nSubject: {subject}\r\nMessage-ID: {message_id}\r\n"
        f"Date: Mon, 14 Dec 2026 09:12:00 +0100\r\nMIME-Version: 1.0\r\n{extra}"
    )


def outlook_dutch(sender, to, answer, message_id="<outlook-1@amsterdam.nl>"):
    """Outlook with Dutch headers: the answer, a signature, then "Van: … Verzonden: …" and the quoted mail."""
    body = (
        f"{answer}\r\n\r\nMet vriendelijke groet,\r\n\r\nJeroen de Vries\r\nGebiedsmanager West\r\n"
        "Gemeente Amsterdam\r\n\r\n"
        "________________________________\r\n"
        "Van: Kracht van Mokum <noreply@krachtvanmokum.nl>\r\n"
        "Verzonden: maandag 14 december 2026 08:00\r\n"
        f"Aan: {sender}\r\n"
        "Onderwerp: [Kracht van Mokum] Je bent hoofdcontact\r\n\r\n"
        f"{QUESTION}\r\n"
    )
    encoded = quopri.encodestring(body.encode("utf-8")).decode("ascii")
    return (
        _headers(sender, to, "RE: [Kracht van Mokum] Je bent hoofdcontact", message_id)
        + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
        + encoded
    ).encode("ascii")


def gmail(sender, to, answer, message_id="<CAGmail-1@mail.gmail.com>"):
    """Gmail: the answer, then "Op … schreef …:" and the quoted mail with '>' marks; text and HTML, base64."""
    text = (
        f"{answer}\n\nOp ma 14 dec 2026 om 08:00 schreef Kracht van Mokum <noreply@krachtvanmokum.nl>:\n\n"
        f"> {QUESTION}\n> Groet, de coördinator\n"
    )
    html = (
        f'<div dir="ltr">{answer}</div><br><div class="gmail_quote"><div class="gmail_attr">Op ma 14 dec 2026 '
        f"schreef Kracht van Mokum:</div><blockquote>{QUESTION}</blockquote></div>"
    )
    boundary = "000000000000abcdef"
    return (
        _headers(sender, to, "Re: [Kracht van Mokum] Een vraag", message_id)
        + f'Content-Type: multipart/alternative; boundary="{boundary}"\r\n\r\n'
        + f"--{boundary}\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        + base64.encodebytes(text.encode("utf-8")).decode("ascii").replace("\n", "\r\n")
        + f"\r\n--{boundary}\r\nContent-Type: text/html; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        + base64.encodebytes(html.encode("utf-8")).decode("ascii").replace("\n", "\r\n")
        + f"\r\n--{boundary}--\r\n"
    ).encode("ascii")


def apple_mail(sender, to, answer, message_id="<A1B2-apple@icloud.com>"):
    """Apple Mail in English: "On … wrote:" and the quoted mail, plain text in ISO-8859-1."""
    text = f"{answer}\n\nSent from my iPhone\n\n> On 14 Dec 2026, at 08:00, Kracht van Mokum wrote:\n>\n> {QUESTION}\n"
    return (
        _headers(sender, to, "Re: [Kracht van Mokum] A question", message_id)
        + "Content-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
    ).encode("ascii") + text.encode("iso-8859-1")


def html_only(sender, to, answer, message_id="<html-only-1@example.org>"):
    """An HTML-only mail, as some web mail and Outlook settings send."""
    html = (
        f"<html><body><p>{answer}</p><p>Groet,<br>Fatima</p>"
        '<div id="divRplyFwdMsg"><b>Van:</b> Kracht van Mokum<br><b>Verzonden:</b> maandag</div>'
        f"<div>{QUESTION}</div></body></html>"
    )
    return (
        _headers(sender, to, "RE: Je vraag", message_id)
        + "Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
    ).encode("ascii") + html.encode("utf-8")


def with_attachment(sender, to, answer, message_id="<attachment-1@example.org>"):
    boundary = "mixed-boundary"
    return (
        _headers(sender, to, "Re: plattegrond", message_id)
        + f'Content-Type: multipart/mixed; boundary="{boundary}"\r\n\r\n'
        + f"--{boundary}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{answer}\r\n"
        + f'--{boundary}\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename="kaart.pdf"\r\n'
        + "Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n"
        + f"--{boundary}--\r\n"
    ).encode("utf-8")


def forwarded(sender, to, answer, message_id="<fwd-1@example.org>"):
    """A mail forwarded to the reply address: the forwarder's note counts, the forwarded mail does not."""
    text = (
        f"{answer}\n\n---------- Forwarded message ---------\nFrom: Kracht van Mokum <noreply@krachtvanmokum.nl>\n"
        f"Date: Mon, 14 Dec 2026 at 08:00\nSubject: Een vraag\nTo: {sender}\n\n{QUESTION}\n"
    )
    return (
        _headers(sender, to, "Fwd: Een vraag", message_id) + "Content-Type: text/plain; charset=utf-8\r\n\r\n"
    ).encode("ascii") + text.encode("utf-8")


def out_of_office(sender, to, message_id="<oof-1@amsterdam.nl>"):
    """Exchange's automatic reply: Auto-Submitted and a Dutch out-of-office subject."""
    return (
        _headers(
            sender,
            to,
            "Automatisch antwoord: [Kracht van Mokum] Je bent hoofdcontact",
            message_id,
            "Auto-Submitted: auto-replied\r\nX-Auto-Response-Suppress: All\r\n",
        )
        + "Content-Type: text/plain; charset=utf-8\r\n\r\nIk ben afwezig tot en met 4 januari.\r\n"
    ).encode("utf-8")


def vacation_precedence(sender, to, message_id="<vacation-1@example.org>"):
    return (
        _headers(sender, to, "Out of Office", message_id, "Precedence: auto_reply\r\n")
        + "Content-Type: text/plain\r\n\r\nI am away.\r\n"
    ).encode("ascii")
