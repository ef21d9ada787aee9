from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from mokum.text import PlainTextField, SingleLineField
from support.models import Article, Event, Scheme, SupportRequest

RESERVED_SLUGS = {"new"}
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def https_by_default(field, **kwargs):
    """Build a model form field; web addresses typed without a scheme get https://."""
    if isinstance(field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return field.formfield(**kwargs)


class ConfirmForm(forms.Form):
    """A confirmation without fields; it carries the error when the step cannot be taken."""


class SupportRequestForm(forms.Form):
    need = forms.ChoiceField(
        label=_("What do you need help with?"), choices=SupportRequest.Need.choices, widget=forms.RadioSelect
    )
    description = PlainTextField(
        label=_("Describe your question"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What have you tried already, and what is the deadline you are working towards?"),
    )


class AssignForm(forms.Form):
    supporter = forms.ModelChoiceField(label=_("Supporter"), queryset=None, empty_label=_("Choose a supporter"))
    due_date = forms.DateField(
        label=_("To be done by"),
        widget=DATE_INPUT,
        help_text=_("The supporter gets a reminder when the date comes near."),
    )

    def __init__(self, *args, supporters, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supporter"].queryset = supporters
        self.fields["supporter"].label_from_instance = lambda user: user.display_name


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        widget=forms.RadioSelect,
        choices=[("finish", _("Done: the initiative has been helped")), ("decline", _("Declined"))],
    )
    note = PlainTextField(
        label=_("Closing note"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("The initiators read this: what was done, what they can do next, or why the request was declined."),
    )

    def __init__(self, *args, outcomes, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["outcome"]
        field.choices = [choice for choice in field.choices if choice[0] in outcomes]
        if len(field.choices) == 1:
            field.initial = field.choices[0][0]


class SchemeForm(forms.ModelForm):
    class Meta:
        model = Scheme
        formfield_callback = https_by_default
        fields = [
            "name",
            "provider_type",
            "provider_name",
            "description",
            "themes",
            "districts",
            "amount_min",
            "amount_max",
            "opens_on",
            "deadline",
            "eligibility",
            "link",
            "is_example",
            "published",
        ]
        field_classes = {"name": SingleLineField, "provider_name": SingleLineField, "description": PlainTextField}
        widgets = {
            "themes": forms.CheckboxSelectMultiple,
            "districts": forms.CheckboxSelectMultiple,
            "opens_on": DATE_INPUT,
            "deadline": DATE_INPUT,
        }

    eligibility = PlainTextField(
        label=_("Who can apply"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("In plain language: who may apply and what you need to have ready."),
    )

    def clean(self):
        data = super().clean()
        low, high = data.get("amount_min"), data.get("amount_max")
        if low is not None and high is not None and low > high:
            self.add_error("amount_max", _("The highest amount cannot be lower than the lowest amount."))
        opens, deadline = data.get("opens_on"), data.get("deadline")
        if opens and deadline and opens > deadline:
            self.add_error("deadline", _("The deadline cannot be before the scheme opens."))
        return data

    def _post_clean(self):
        # The model's constraints repeat the checks above; show our messages, not both.
        if not self.errors:
            super()._post_clean()


class ArticleForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = ["title", "slug", "category", "language", "summary", "body", "published"]
        field_classes = {"title": SingleLineField, "summary": SingleLineField}
        help_texts = {
            "slug": _("Part of the address, e.g. “subsidie-aanvragen”. Leave empty to make it from the title."),
            "body": _(
                "You may use simple markup: paragraphs <p>, <strong>, <em>, lists <ul>/<li>, headings <h2>/<h3> "
                "and links <a href>. Everything else is removed."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(_("This address is taken by the site; choose another."))
        return slug


def dialogues_for_events(districts):
    """Return the open dialogues an event in one of `districts` can be about."""
    from dialogues.models import OPEN_STATES, Dialogue

    return (
        Dialogue.objects.filter(district__in=districts, state__in=OPEN_STATES)
        .select_related("initiative")
        .order_by("initiative__title", "pk")
    )


class AgreedPointsForm(forms.Form):
    text = PlainTextField(
        label=_("Agreed points"),
        help_text=_("What both sides agreed at this event. Everyone can read this on the dialogue’s page."),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )


class EventForm(forms.ModelForm):
    class Meta:
        model = Event
        formfield_callback = https_by_default
        fields = [
            "kind",
            "title",
            "description",
            "audience",
            "district",
            "starts_at",
            "ends_at",
            "location",
            "online_url",
            "capacity",
            "published",
            "dialogue",
        ]
        field_classes = {
            "title": SingleLineField,
            "description": PlainTextField,
            "audience": SingleLineField,
            "location": SingleLineField,
            "starts_at": forms.DateTimeField,
            "ends_at": forms.DateTimeField,
        }
        widgets = {"starts_at": DATETIME_INPUT, "ends_at": DATETIME_INPUT}
        help_texts = {
            "audience": _("For example: residents with an initiative, or officials who work with initiatives."),
            "location": _("The address, or leave empty for an online event."),
        }

    def __init__(self, *args, districts, city_wide_allowed, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["district"]
        field.queryset = districts
        field.required = not city_wide_allowed
        field.empty_label = _("City-wide") if city_wide_allowed else _("Choose a district")
        dialogue = self.fields["dialogue"]
        dialogue.queryset = dialogues_for_events(districts)
        dialogue.label_from_instance = lambda d: f"{d.initiative.title}: {d.question[:80]}"
        dialogue.empty_label = _("No dialogue")
        # One of the two is required (see `clean`): neither is labelled optional.
        self.fields["location"].required_when = self.fields["online_url"].required_when = True

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The event must end after it starts."))
        if not data.get("location") and not data.get("online_url") and "location" not in self.errors:
            self.add_error("location", _("Give a place, an online link, or both."))
        return data

    def _post_clean(self):
        if not self.errors:
            super()._post_clean()
