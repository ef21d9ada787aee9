from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from districts.models import Area, District
from initiatives.models import Initiative, InitiativeLink, Network, Theme
from initiatives.selectors import area_choices, theme_order
from initiatives.workflow import ANSWER_REQUIRED, NOTE_REQUIRED, Action
from mokum.languages import ContentLanguageField, current_language
from mokum.text import PlainTextField, SingleLineField

IMAGE_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
IMAGE_MAX_BYTES = 5 * 1024 * 1024
IMAGE_MAX_SIDE = 6000


def validate_image(image) -> None:
    """Refuse an upload that Pillow does not read as a JPEG, PNG or WebP, or that is too large."""
    if image.size > IMAGE_MAX_BYTES:
        raise forms.ValidationError(
            _("The image is too large: it may be at most %(max)s. Please choose a smaller one."),
            code="file_too_large",
            params={"max": filesizeformat(IMAGE_MAX_BYTES)},
        )
    # forms.ImageField has already opened the file with Pillow and left the result here.
    picture = getattr(image, "image", None)
    if picture is None or picture.format not in IMAGE_FORMATS:
        raise forms.ValidationError(_("Please choose a photo in JPEG, PNG or WebP format."), code="image_format")
    width, height = picture.size
    if width > IMAGE_MAX_SIDE or height > IMAGE_MAX_SIDE:
        raise forms.ValidationError(
            _("The image is %(width)s × %(height)s pixels; it may be at most %(max)s pixels wide and high."),
            code="image_dimensions",
            params={"width": width, "height": height, "max": IMAGE_MAX_SIDE},
        )


class InitiativeForm(forms.ModelForm):
    """What a resident fills in to register an initiative, in plain words."""

    title = SingleLineField(
        label=_("Title"),
        max_length=120,
        help_text=_("A short name for your initiative, for example “Geveltuinen in de Van Beuningenstraat”."),
    )
    summary = SingleLineField(
        label=_("In one or two sentences"),
        max_length=300,
        help_text=_("What do you want to do? This is shown in lists. At most 300 characters."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    description = PlainTextField(
        label=_("Tell us more"),
        max_length=6000,
        help_text=_("Why is this important for your neighbourhood, who takes part, what have you done already?"),
        widget=forms.Textarea(attrs={"rows": 10}),
    )
    ask = PlainTextField(
        label=_("What do you ask of the municipality?"),
        max_length=3000,
        required=False,
        help_text=_("For example a permit, a place, money, or a conversation with the right person."),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    district = forms.ModelChoiceField(
        label=_("District"),
        queryset=District.objects.all(),
        empty_label=_("Choose a district"),
        help_text=_("The district where your initiative takes place."),
    )
    area = forms.ModelChoiceField(label=_("Area"), queryset=Area.objects.all(), required=False)
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose one or more."),
        error_messages={"required": _("Please choose at least one theme.")},
    )
    network = forms.ModelChoiceField(
        label=_("Network or neighbourhood platform"),
        queryset=Network.objects.prefetch_related("districts"),
        required=False,
        empty_label=_("None"),
        help_text=_("If your initiative is part of a network of residents."),
    )
    image = forms.ImageField(
        label=_("Photo"),
        required=False,
        help_text=_("A JPEG, PNG or WebP image of at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    image_alt = SingleLineField(
        label=_("What does the photo show?"),
        max_length=200,
        required=False,
        help_text=_("A short description for people who cannot see the photo. Needed when you add a photo."),
    )

    class Meta:
        model = Initiative
        fields = [
            "title",
            "summary",
            "description",
            "ask",
            "language",
            "district",
            "area",
            "themes",
            "network",
            "image",
            "image_alt",
        ]

    language = ContentLanguageField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk and "language" not in kwargs.get("initial", {}):
            self.initial["language"] = current_language()  # not the model's default: the writer's language
        self.fields["area"].choices = [("", _("I don’t know / the whole district")), *area_choices()]
        self.fields["area"].help_text = _("The part of the district, if you know it.")
        # A script narrows the list to the chosen district's areas (static/js/area-select.js).
        self.fields["area"].widget.attrs["data-district-select"] = self["district"].auto_id
        # Required once a photo is added (see `clean`), so the form does not call it optional.
        self.fields["image_alt"].required_when = True
        if self.instance.pk and self.instance.status == Initiative.Status.ACTIVE:
            # Its dialogues and coordinator belong to the district: only a coordinator moves it.
            self.fields["district"].disabled = True
            self.fields["district"].help_text = _("An active initiative stays in its district.")
        themes = sorted(Theme.objects.all(), key=lambda theme: theme_order(theme.slug, str(theme)))
        self.fields["themes"].choices = [(theme.pk, str(theme).capitalize()) for theme in themes]

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if isinstance(image, UploadedFile):  # a new upload; a kept image was checked when it came in
            validate_image(image)
        return image

    def clean(self):
        cleaned = super().clean()
        district, area, network = cleaned.get("district"), cleaned.get("area"), cleaned.get("network")
        if district and area and area.district_id != district.pk:
            self.add_error("area", _("This area is not part of %(district)s.") % {"district": district.name})
        if district and network and district not in network.districts.all():
            self.add_error("network", _("This network is not active in %(district)s.") % {"district": district.name})
        image = cleaned.get("image")
        has_image = bool(image)  # a new upload or the image kept from before; False when removed
        if has_image and not cleaned.get("image_alt") and "image" not in self.errors:
            self.add_error("image_alt", _("Please describe the photo for people who cannot see it."))
        return cleaned

    def changes(self):
        """Return the cleaned values as keyword arguments for the services."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ActionForm(forms.Form):
    """The confirmation of a status change, with the coordinator's text where one is needed."""

    note = PlainTextField(max_length=3000, required=False, widget=forms.Textarea(attrs={"rows": 5}))

    NOTE_LABELS = {
        Action.ASK: _("Your question for the initiators"),
        Action.REFUSE: _("The reason, for the initiators"),
        Action.ACCEPT: _("A note for the initiators"),
        Action.ANSWER: _("Your answer to the coordinator"),
    }

    def __init__(self, *args, action, **kwargs):
        super().__init__(*args, **kwargs)
        self.action = action
        if action in self.NOTE_LABELS:
            self.fields["note"].label = self.NOTE_LABELS[action]
            self.fields["note"].required = action in NOTE_REQUIRED | ANSWER_REQUIRED
            self.fields["note"].error_messages["required"] = (
                _("Please write your answer; the coordinator will read it.")
                if action in ANSWER_REQUIRED
                else _("Please write this; the initiators will read it.")
            )
        else:
            del self.fields["note"]


class SupportForm(forms.Form):
    # Its blank fields look the same to everyone in the same language: rendered once per process (form_fields).
    same_for_everyone = True

    listed_publicly = forms.BooleanField(
        label=_("Show my name in the list of supporters"),
        required=False,
        initial=True,
        help_text=_("If you untick this, you are counted without your name."),
    )
    neighbourhood = SingleLineField(
        label=_("Your neighbourhood"),
        max_length=80,
        required=False,
        help_text=_("For example “Spaarndammerbuurt”. Shown next to your name."),
    )


class UpdateForm(forms.Form):
    # Its blank fields look the same to everyone in the same language: rendered once per process (form_fields).
    same_for_everyone = True

    text = PlainTextField(
        label=_("Your update"),
        max_length=3000,
        help_text=_("Supporters and followers get this as a message."),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    language = ContentLanguageField()


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address of the person you invite"),
        max_length=254,
        help_text=_("They get an e-mail with a link. The link works once and for 30 days."),
    )


class ReportForm(forms.Form):
    reason = PlainTextField(
        label=_("Why is this inappropriate?"),
        max_length=2000,
        help_text=_("A coordinator of the district reads this and decides."),
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class HideForm(forms.Form):
    reason = PlainTextField(
        label=_("Reason for hiding"),
        max_length=2000,
        help_text=_("The initiators see this reason."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class JoinRequestForm(forms.Form):
    message = PlainTextField(
        label=_("A message for the initiators"),
        max_length=1000,
        required=False,
        help_text=_("For example what you would like to do. The initiators see your name and this message."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class InitiativeLinkForm(forms.Form):
    other = forms.IntegerField(
        label=_("Number of the other initiative"),
        min_value=1,
        max_value=2_147_483_647,
        help_text=_("The number is at the end of the address of its page, for example 123 in /initiatives/123/."),
    )
    kind = forms.ChoiceField(
        label=_("How are they linked?"),
        choices=InitiativeLink.Kind.choices,
        widget=forms.RadioSelect,
        initial=InitiativeLink.Kind.RELATED,
    )


class NetworkInviteForm(forms.Form):
    initiative = forms.IntegerField(
        label=_("Number of the initiative"),
        min_value=1,
        max_value=2_147_483_647,
        help_text=_("The number is at the end of the address of its page, for example 123 in /initiatives/123/."),
    )
