from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InboundConfig(AppConfig):
    name = "inbound"
    verbose_name = _("Incoming e-mail")

    def ready(self):
        from anymail.signals import inbound

        from inbound.signals import anymail_inbound

        # A mail provider posts incoming mail to anymail's webhook; anymail checks its signature and sends this.
        inbound.connect(anymail_inbound, dispatch_uid="inbound_anymail")
