from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from mokum.languages import language_choices
from mokum.text import SingleLineField


class SignupForm(forms.Form):
    """The fields allauth's sign-up form adds to e-mail and password."""

    display_name = SingleLineField(
        label=_("Your name as others see it"),
        max_length=80,
        help_text=_("For example your first name and the first letter of your last name."),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    preferred_language = forms.ChoiceField(label=_("Language for the site and e-mails"), choices=language_choices)
    field_order = ["email", "display_name", "password1", "password2", "preferred_language"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["preferred_language"].initial = get_language()

    def signup(self, request, user):
        user.display_name = self.cleaned_data["display_name"]
        user.preferred_language = self.cleaned_data["preferred_language"]
        user.save(update_fields=["display_name", "preferred_language"])


class ProfileForm(forms.ModelForm):
    """The details a person can change about themselves."""

    display_name = SingleLineField(label=_("Your name as others see it"), max_length=80)
    preferred_language = forms.ChoiceField(label=_("Language for the site and e-mails"), choices=language_choices)

    class Meta:
        model = User
        fields = ["display_name", "preferred_language"]
