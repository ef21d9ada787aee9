from django import forms
from django.utils.translation import gettext_lazy as _

from notifications.models import EmailFrequency


class PreferenceForm(forms.Form):
    email = forms.ChoiceField(
        label=_("How often do you want e-mail about your notifications?"),
        choices=EmailFrequency.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Whatever you choose, you always get an e-mail right away when a dialogue needs a decision: when you "
            "are assigned, when an outcome is proposed, when a dialogue is overdue or escalated. And you always "
            "see every notification on this site."
        ),
    )
