from django import forms
from django.utils.translation import gettext_lazy as _

from connect.models import NEED_TEXT_MAX_LENGTH, OFFER_MESSAGE_MAX_LENGTH, REACTION_MAX_LENGTH, Need
from districts.models import District
from mokum.languages import ContentLanguageField
from mokum.text import PlainTextField, SingleLineField


class ReactionForm(forms.Form):
    # Its blank fields look the same to everyone in the same language: rendered once per process (form_fields).
    same_for_everyone = True

    body = PlainTextField(
        label=_("Your reaction"),
        max_length=REACTION_MAX_LENGTH,
        help_text=_("Everyone can read it, with your name. Plain text; an empty line starts a new paragraph."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    language = ContentLanguageField()


class ReplyForm(forms.Form):
    # Its blank fields look the same to everyone in the same language: rendered once per process (form_fields).
    same_for_everyone = True

    body = PlainTextField(
        label=_("Your reply"),
        max_length=REACTION_MAX_LENGTH,
        help_text=_("Everyone can read it, with your name."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    language = ContentLanguageField()


class ReasonForm(forms.Form):
    reason = PlainTextField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class NeedForm(forms.Form):
    kind = forms.ChoiceField(label=_("What do you need?"), choices=Need.Kind.choices, widget=forms.RadioSelect)
    skill = forms.ChoiceField(
        label=_("Which skill?"),
        choices=[("", _("(only for a skill)")), *Need.Skill.choices],
        required=False,
        help_text=_("Only when you need a skill."),
    )
    text = SingleLineField(
        label=_("In a few words"),
        max_length=NEED_TEXT_MAX_LENGTH,
        help_text=_("For example: “Two people to paint the fence on Saturday”."),
    )
    needed_on = forms.DateField(
        label=_("Date (if there is one)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("kind") == Need.Kind.SKILL and not data.get("skill"):
            self.add_error("skill", _("Please choose the skill you need."))
        return data


class OfferForm(forms.Form):
    message = PlainTextField(
        label=_("How can you help?"),
        max_length=OFFER_MESSAGE_MAX_LENGTH,
        help_text=_("Only the initiators read this. Say how they can reach you."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    show_name = forms.BooleanField(
        label=_("Show my name on the initiative's page when they accept my help"),
        required=False,
        initial=True,
    )


class SkillsForm(forms.Form):
    skills = forms.MultipleChoiceField(
        label=_("What can you do for an initiative?"),
        choices=Need.Skill.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    district = forms.ModelChoiceField(
        label=_("My district"),
        queryset=District.objects.order_by("name"),
        required=False,
        empty_label=_("(not chosen)"),
    )
    hear_about_needs = forms.BooleanField(
        label=_("Tell me when an initiative in my district needs one of my skills"),
        required=False,
    )

    def clean(self):
        data = super().clean()
        if data.get("hear_about_needs") and not data.get("district"):
            self.add_error("district", _("Choose your district, so we know which initiatives are near you."))
        return data
