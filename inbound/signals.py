"""Incoming mail posted by a mail provider through django-anymail's inbound webhooks."""

from inbound.services import inbound_mail_receive


def anymail_inbound(sender, event, esp_name, **kwargs):
    """Take the message anymail parsed (its signature already checked) like one from the mail server's pipe."""
    message = event.message
    inbound_mail_receive(raw=message.as_bytes(), envelope_recipient=message.envelope_recipient or "")
