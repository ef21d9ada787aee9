"""Replies by e-mail, fed in as a mail server (`manage.py receive_mail`) and a mail provider (anymail) deliver them."""

import hashlib
import hmac
import io
import sys
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django.utils.html import escape

from dialogues.models import Dialogue, Message
from dialogues.workflow import Action
from inbound.addresses import reply_address
from inbound.models import AwayNotice, InboundMail
from tests.dialogues.factories import dialogue_at, dialogue_in, make_cast, step
from tests.inbound import mails

pytestmark = pytest.mark.django_db(transaction=True)

S = Dialogue.State
ANSWER = "Goed idee. We kijken volgende week samen naar de stoep; ik bel je maandag."


def receive(raw: bytes, recipient: str = "") -> str:
    """Deliver `raw` as a mail server's pipe does: on standard input of `manage.py receive_mail`."""
    out = io.StringIO()
    stdin = io.TextIOWrapper(io.BytesIO(raw))
    old, sys.stdin = sys.stdin, stdin
    try:
        call_command("receive_mail", recipient=recipient, stdout=out)
    finally:
        sys.stdin = old
    return out.getvalue().strip()


@pytest.fixture
def assigned():
    """A dialogue waiting on its lead official's first answer (put straight there: these tests are about mail)."""
    cast = make_cast()
    dialogue = dialogue_at(cast.initiative, [Action.ASSIGN], coordinator=cast.coordinator, lead=cast.lead)
    mail.outbox = []
    return cast, dialogue


def address(dialogue, person, now=None):
    return reply_address(dialogue_id=dialogue.pk, user_id=person.pk, now=now)


@pytest.mark.parametrize(
    "build",
    [mails.outlook_dutch, mails.gmail, mails.apple_mail, mails.html_only, mails.forwarded],
    ids=lambda b: b.__name__,
)
def test_a_reply_from_each_mail_program_becomes_the_officials_first_answer(assigned, build):
    cast, dialogue = assigned
    assert receive(build(cast.lead.email, address(dialogue, cast.lead), ANSWER)) == "posted"
    dialogue.refresh_from_db()
    assert dialogue.state == S.IN_DIALOGUE  # the first answer moves the clock as on the site
    (message,) = Message.objects.filter(dialogue=dialogue, author=cast.lead)
    assert message.kind == "answer" and not message.is_internal
    assert ANSWER in message.text
    # Only the answer: not the quoted mail, not the reply header.
    assert mails.QUESTION not in message.text
    assert "schreef" not in message.text and "wrote:" not in message.text and "Verzonden" not in message.text
    # ... and not the signature.
    assert "groet" not in message.text.lower() and "iPhone" not in message.text and "Fatima" not in message.text
    assert mail.outbox == [] or all("not added" not in m.subject for m in mail.outbox)


def test_the_reply_address_arrives_in_the_assignment_mail_and_a_reply_to_it_is_posted():
    cast = make_cast()
    dialogue = dialogue_in(S.REQUESTED, cast)
    mail.outbox = []
    step(dialogue, Action.ASSIGN, cast.coordinator, None, official=cast.lead)
    (assignment,) = [m for m in mail.outbox if m.to == [cast.lead.email]]
    (reply_to,) = assignment.reply_to
    assert reply_to.startswith("antwoord+") and reply_to.endswith("@antwoord.testserver")
    assert receive(mails.outlook_dutch(cast.lead.email, reply_to, ANSWER)) == "posted"
    dialogue.refresh_from_db()
    assert dialogue.state == S.IN_DIALOGUE


def test_mails_to_people_who_cannot_write_carry_no_reply_address():
    cast = make_cast()
    dialogue = dialogue_in(S.IN_DIALOGUE, cast)
    mail.outbox = []
    step(dialogue, Action.WITHDRAW, cast.owner, None, reason="We stoppen ermee.")
    assert mail.outbox and all(not m.reply_to for m in mail.outbox)


def test_the_initiative_replies_to_a_question_by_mail():
    cast = make_cast()
    dialogue = dialogue_in(S.AWAITING_INITIATIVE, cast)
    assert receive(mails.gmail(cast.owner.email, address(dialogue, cast.owner), "Ja, de buren doen mee.")) == "posted"
    dialogue.refresh_from_db()
    assert dialogue.state == S.IN_DIALOGUE
    assert Message.objects.filter(dialogue=dialogue, author=cast.owner, kind="reply").exists()


def test_an_official_writing_while_the_initiative_is_asked_adds_to_the_conversation():
    cast = make_cast()
    dialogue = dialogue_in(S.AWAITING_INITIATIVE, cast)
    assert (
        receive(mails.apple_mail(cast.member.email, address(dialogue, cast.member), "Nog een aanvulling.")) == "posted"
    )
    dialogue.refresh_from_db()
    assert dialogue.state == S.AWAITING_INITIATIVE  # the initiative's clock keeps running


def refused(dialogue, reason):
    row = InboundMail.objects.get()
    assert (row.outcome, row.reason) == ("bounced", reason)
    assert (
        not Message.objects.filter(dialogue=dialogue)
        .exclude(kind="question")
        .exclude(created_at__lt=row.received_at - timedelta(minutes=1))
        .exists()
    )
    (explanation,) = mail.outbox
    assert explanation.extra_headers["Auto-Submitted"] == "auto-replied"
    return explanation


def test_a_tampered_token_is_refused_politely(assigned):
    cast, dialogue = assigned
    good = address(dialogue, cast.lead)
    token = good.split("+")[1].split("@")[0]
    bad = good.replace(token, ("b" if token[0] != "b" else "c") + token[1:])
    assert receive(mails.outlook_dutch(cast.lead.email, bad, ANSWER)) == "bounced invalid"
    explanation = refused(dialogue, "invalid")
    assert explanation.to == [cast.lead.email]
    assert "niet toegevoegd" in explanation.subject or "not added" in explanation.subject


def test_a_reply_from_another_address_is_refused(assigned):
    cast, dialogue = assigned
    assert (
        receive(mails.gmail("iemand.anders@example.org", address(dialogue, cast.lead), ANSWER))
        == "bounced wrong_sender"
    )
    explanation = refused(dialogue, "wrong_sender")
    assert explanation.to == ["iemand.anders@example.org"]
    dialogue.refresh_from_db()
    assert dialogue.state == S.ASSIGNED


def test_an_expired_address_is_refused(assigned):
    cast, dialogue = assigned
    old = address(dialogue, cast.lead, now=timezone.now() - timedelta(days=120))
    assert receive(mails.outlook_dutch(cast.lead.email, old, ANSWER)) == "bounced expired"
    assert cast.lead.email in refused(dialogue, "expired").to


def test_a_reply_to_an_ended_dialogue_is_refused():
    cast = make_cast()
    dialogue = dialogue_in(S.IN_DIALOGUE, cast)
    reply_to = address(dialogue, cast.lead)
    step(Dialogue.objects.get(pk=dialogue.pk), Action.WITHDRAW, cast.owner, None, reason="We stoppen ermee.")
    mail.outbox = []
    assert receive(mails.outlook_dutch(cast.lead.email, reply_to, ANSWER)) == "bounced closed"
    explanation = refused(dialogue, "closed")
    assert f"/dialogues/{dialogue.pk}/" in explanation.body


def test_an_out_of_office_reply_is_no_message_gets_no_answer_and_marks_the_official_away(assigned):
    cast, dialogue = assigned
    assert receive(mails.out_of_office(cast.lead.email, address(dialogue, cast.lead))) == "automatic automatic"
    assert mail.outbox == []
    assert not Message.objects.filter(dialogue=dialogue, author=cast.lead).exists()
    (away,) = AwayNotice.objects.all()
    assert (away.user, away.dialogue) == (cast.lead, dialogue)


def test_other_automatic_mail_is_ignored_without_an_answer(assigned):
    cast, dialogue = assigned
    # Even to a bad address: a machine never gets an answer, so two machines cannot answer each other forever.
    receive(mails.vacation_precedence(cast.lead.email, "antwoord+nonsense@antwoord.testserver"))
    receive(mails.vacation_precedence(cast.lead.email, address(dialogue, cast.lead), message_id="<v2@example.org>"))
    assert list(InboundMail.objects.values_list("outcome", flat=True)) == ["automatic", "automatic"]
    assert mail.outbox == []
    assert AwayNotice.objects.count() == 1  # the vacation answer at the official's own address


def test_the_same_mail_delivered_twice_is_stored_once(assigned):
    cast, dialogue = assigned
    raw = mails.outlook_dutch(cast.lead.email, address(dialogue, cast.lead), ANSWER)
    assert receive(raw) == "posted"
    assert receive(raw) == "posted"
    assert InboundMail.objects.count() == 1
    assert Message.objects.filter(dialogue=dialogue, author=cast.lead).count() == 1


def test_attachments_are_not_kept_and_the_sender_is_told(assigned):
    cast, dialogue = assigned
    assert receive(mails.with_attachment(cast.lead.email, address(dialogue, cast.lead), ANSWER)) == "posted"
    (notice,) = [m for m in mail.outbox if m.to == [cast.lead.email]]
    assert "kaart.pdf" in notice.body


def test_no_explanation_goes_to_our_own_addresses_or_floods_a_sender(assigned):
    cast, dialogue = assigned
    receive(mails.gmail("robot@antwoord.testserver", "antwoord+x@antwoord.testserver", ANSWER, message_id="<l1@x>"))
    assert mail.outbox == []
    for n in range(5):
        receive(mails.gmail("iemand@example.org", "nergens@example.org", ANSWER, message_id=f"<flood{n}@x>"))
    assert len(mail.outbox) == 3  # at most three explanations an hour to one address
    assert InboundMail.objects.filter(sender="iemand@example.org", outcome="refused").count() == 2


def mailgun_post(client, raw, recipient, key="tests-only-mailgun-signing-key"):
    timestamp, token = str(int(timezone.now().timestamp())), "a" * 50
    signature = hmac.new(key.encode(), f"{timestamp}{token}".encode(), hashlib.sha256).hexdigest()
    return client.post(
        "/inbound/mailgun/inbound/",
        {
            "body-mime": raw.decode("utf-8", "replace"),
            "recipient": recipient,
            "sender": "x",
            "timestamp": timestamp,
            "token": token,
            "signature": signature,
        },
    )


def test_a_mail_provider_posts_a_reply_through_the_anymail_webhook(client, assigned):
    cast, dialogue = assigned
    reply_to = address(dialogue, cast.lead)
    response = mailgun_post(
        client, mails.outlook_dutch(cast.lead.email, "Jeroen <jeroen@amsterdam.nl>", ANSWER), reply_to
    )
    assert response.status_code == 200
    dialogue.refresh_from_db()
    assert dialogue.state == S.IN_DIALOGUE
    assert Message.objects.get(dialogue=dialogue, author=cast.lead).text.startswith("Goed idee.")


def test_the_webhook_refuses_a_post_without_the_providers_signature(client, assigned):
    cast, dialogue = assigned
    raw = mails.outlook_dutch(cast.lead.email, address(dialogue, cast.lead), ANSWER)
    response = mailgun_post(client, raw, "", key="not-the-key")
    assert response.status_code == 400
    assert not InboundMail.objects.exists()
    dialogue.refresh_from_db()
    assert dialogue.state == S.ASSIGNED


def test_the_coordinator_sees_who_is_away_until_they_act_again(client, assigned):
    cast, dialogue = assigned
    receive(mails.out_of_office(cast.lead.email, address(dialogue, cast.lead)))
    client.force_login(cast.coordinator)
    page = client.get("/dashboard/west/").content.decode()
    assert "Officials who may be away" in page and escape(cast.lead.display_name) in page
    assert f"/dialogues/{dialogue.pk}/reassign/" in page
    # Once the official answers, they are back.
    receive(mails.gmail(cast.lead.email, address(dialogue, cast.lead), ANSWER))
    assert "Officials who may be away" not in client.get("/dashboard/west/").content.decode()
    client.force_login(cast.other_coordinator)
    assert cast.lead.display_name not in client.get("/dashboard/oost/").content.decode()


def test_a_reply_longer_than_a_message_may_be_is_refused_whole_not_cut_off(assigned):
    cast, dialogue = assigned
    long_answer = "Een lang antwoord. " * 400  # about 7,600 characters
    assert (
        receive(mails.apple_mail(cast.lead.email, address(dialogue, cast.lead), long_answer)) == "bounced invalid_text"
    )
    assert not Message.objects.filter(dialogue=dialogue, author=cast.lead).exists()
    (explanation,) = mail.outbox
    assert "6000" in explanation.body or "6,000" in explanation.body or "6.000" in explanation.body
