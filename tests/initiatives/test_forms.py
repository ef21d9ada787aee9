"""Bad input gets a clear error on the page, never a crash and never a half-saved initiative."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from PIL import Image

from dialogues.forms import CommitmentForm
from districts.models import Area, District
from initiatives.models import Initiative, Support
from support.forms import EventForm
from tests.accounts.factories import UserFactory, coordinator, district
from tests.initiatives.factories import InitiativeFactory, owner_of

pytestmark = pytest.mark.django_db

MARKUP_ERROR = "Please write plain text."


def picture(fmt="JPEG", size=(40, 30), name="tuin.jpg", padding=0):
    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 120, 40)).save(buffer, fmt)
    return SimpleUploadedFile(name, buffer.getvalue() + b"\0" * padding, content_type=f"image/{fmt.lower()}")


def valid_data(**changes):
    data = {
        "title": "Geveltuinen in de Spaarndammerstraat",
        "summary": "Samen tegels wippen en geveltuinen aanleggen.",
        "description": "Dertig huishoudens willen een geveltuin.",
        "ask": "Hulp bij het wippen van de tegels.",
        "district": district("west").pk,
        "area": "",
        "themes": ["greenery"],
        "network": "",
        "image_alt": "",
    }
    data["themes"] = list(
        Initiative.themes.field.related_model.objects.filter(slug__in=data["themes"]).values_list("pk", flat=True)
    )
    data.update(changes)
    return data


@pytest.fixture
def resident(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.LANGUAGE_CODE = "en"
    user = UserFactory(preferred_language="en")
    client.force_login(user)
    return user


def post_new(client, data):
    return client.post("/initiatives/new/", data)


def errors_of(response):
    assert response.status_code == 200, "an invalid form shows the page again"
    return {name: [str(e) for e in errors] for name, errors in response.context["form"].errors.items()}


def test_a_valid_form_saves_a_draft_and_shows_it(client, resident):
    response = post_new(client, valid_data(image=picture(), image_alt="Een geveltuin met stokrozen"))
    initiative = Initiative.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/initiatives/{initiative.pk}/"
    assert initiative.status == "draft" and initiative.image.name.endswith(".jpg")
    page = client.get(response["Location"]).content.decode()
    assert 'alt="Een geveltuin met stokrozen"' in page


def test_an_empty_form_names_every_missing_field(client, resident):
    errors = errors_of(post_new(client, {}))
    assert set(errors) == {"title", "summary", "description", "district", "themes"}
    assert errors["themes"] == ["Please choose at least one theme."]
    assert not Initiative.objects.exists()


def test_too_long_text_is_refused_with_the_limit(client, resident):
    errors = errors_of(post_new(client, valid_data(title="x" * 121, summary="y" * 301)))
    assert "at most 120 characters" in errors["title"][0]
    assert "at most 300 characters" in errors["summary"][0]


@pytest.mark.parametrize("field", ["title", "summary", "description", "ask", "image_alt"])
@pytest.mark.parametrize(
    "text", ["<script>alert('x')</script>Tuin", "Een <b>mooie</b> tuin", '<img src=x onerror="x()">']
)
def test_html_and_script_are_refused_in_every_text_field(client, resident, field, text):
    errors = errors_of(post_new(client, valid_data(**{field: text})))
    assert MARKUP_ERROR in errors[field][0]
    assert not Initiative.objects.exists()


def test_a_lone_less_than_sign_in_ordinary_text_is_fine(client, resident):
    post_new(client, valid_data(summary="Minder dan 5 < 10 tegels per tuin."))
    assert Initiative.objects.get().summary == "Minder dan 5 < 10 tegels per tuin."


def test_a_file_that_is_not_an_image_is_refused(client, resident):
    fake = SimpleUploadedFile("tuin.jpg", b"%PDF-1.4 not a picture", content_type="image/jpeg")
    errors = errors_of(post_new(client, valid_data(image=fake, image_alt="Tuin")))
    assert "Upload a valid image" in errors["image"][0]
    assert not Initiative.objects.exists()


def test_an_image_in_another_format_is_refused(client, resident):
    errors = errors_of(post_new(client, valid_data(image=picture("GIF", name="tuin.gif"), image_alt="Tuin")))
    assert errors["image"] == ["Please choose a photo in JPEG, PNG or WebP format."]


def test_an_image_over_five_megabytes_is_refused(client, resident):
    big = picture(padding=5 * 1024 * 1024)
    errors = errors_of(post_new(client, valid_data(image=big, image_alt="Tuin")))
    assert "too large: it may be at most 5.0\xa0MB" in errors["image"][0]


def test_an_image_with_too_many_pixels_is_refused(client, resident):
    wide = picture("PNG", size=(6001, 2), name="strook.png")
    errors = errors_of(post_new(client, valid_data(image=wide, image_alt="Tuin")))
    assert "6001 × 2 pixels" in errors["image"][0]


def test_an_image_needs_a_description(client, resident):
    errors = errors_of(post_new(client, valid_data(image=picture("WEBP", name="tuin.webp"))))
    assert errors == {"image_alt": ["Please describe the photo for people who cannot see it."]}


def test_an_area_of_another_district_is_refused(client, resident):
    errors = errors_of(post_new(client, valid_data(area=Area.objects.get(name="Osdorp").pk)))
    assert errors["area"] == ["This area is not part of West."]


def test_a_visitor_is_sent_to_log_in(client):
    response = client.get("/initiatives/new/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_editing_keeps_the_image_and_removing_it_drops_its_description(client, resident):
    post_new(client, valid_data(image=picture(), image_alt="Stokrozen"))
    initiative = Initiative.objects.get()
    response = client.post(
        f"/initiatives/{initiative.pk}/edit/", valid_data(title="Nieuwe titel", image_alt="Stokrozen")
    )
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.title == "Nieuwe titel" and initiative.image
    client.post(f"/initiatives/{initiative.pk}/edit/", valid_data(**{"image-clear": "on"}))
    initiative.refresh_from_db()
    assert not initiative.image and initiative.image_alt == ""


@pytest.mark.parametrize(
    ("url", "data", "field", "message"),
    [
        ("support", {"listed_publicly": "on", "neighbourhood": "<b>Jordaan</b>"}, "neighbourhood", MARKUP_ERROR),
        ("support", {"neighbourhood": "J" * 81}, "neighbourhood", "at most 80 characters"),
        ("report", {"reason": ""}, "reason", "This field is required."),
        ("report", {"reason": "<script>x()</script>"}, "reason", MARKUP_ERROR),
    ],
)
def test_bad_input_in_the_small_forms(client, resident, url, data, field, message):
    initiative = InitiativeFactory(status="active")
    response = client.post(f"/initiatives/{initiative.pk}/{url}/", data)
    assert response.status_code == 200
    assert message in str(response.context["form"].errors[field])
    assert not Support.objects.exists()


def test_bad_input_for_initiators(client, settings):
    settings.LANGUAGE_CODE = "en"
    initiative = InitiativeFactory(status="active")
    client.force_login(owner_of(initiative))
    response = client.post(f"/initiatives/{initiative.pk}/updates/new/", {"text": "<script>x()</script>"})
    assert MARKUP_ERROR in str(response.context["form"].errors["text"])
    response = client.post(f"/initiatives/{initiative.pk}/invite/", {"email": "geen-adres"})
    assert "Enter a valid email address." in str(response.context["form"].errors["email"])


def test_asking_without_a_question_keeps_the_initiative_in_the_queue(client, settings):
    settings.LANGUAGE_CODE = "en"
    initiative = InitiativeFactory(status="submitted")
    client.force_login(coordinator("west"))
    response = client.post(f"/initiatives/{initiative.pk}/ask/", {"note": "", "next": "/initiatives/intake/"})
    assert response.status_code == 200
    assert "the initiators will read it" in str(response.context["form"].errors["note"])
    initiative.refresh_from_db()
    assert initiative.status == "submitted"


def labels_of(page, name):
    """Return the labels of the checkboxes called `name`, in page order."""
    return re.findall(rf'<input type="checkbox" name="{name}" value="\d+"[^>]*>\s*([^<]+?)\s*</label>', page)


def test_the_area_list_is_grouped_by_district_and_a_script_narrows_it(client, resident):
    page = client.get("/initiatives/new/").content.decode()
    assert '<optgroup label="West">' in page and '<optgroup label="Nieuw-West">' in page
    assert 'data-district-select="id_district"' in page
    assert '<script src="/static/js/area-select.js" defer></script>' in page
    assert "<script>" not in page, "no inline script: the content security policy forbids it"


def test_a_wrong_area_is_named_in_the_error_summary_at_the_top(client, resident):
    response = post_new(client, valid_data(area=Area.objects.get(name="Osdorp").pk))
    page = response.content.decode()
    summary = page[page.index('class="error-summary"') : page.index("</div>", page.index('class="error-summary"'))]
    assert "autofocus" in summary and 'tabindex="-1"' in summary
    assert "Something is wrong in 1 field" in summary
    assert '<a href="#id_area">Area: This area is not part of West.</a>' in summary
    assert page.index('class="error-summary"') < page.index('id="id_title"')


def test_the_error_summary_links_to_every_field_with_an_error_in_dutch(client, resident):
    resident.preferred_language = "nl"
    resident.save()
    client.cookies["django_language"] = "nl"
    page = client.post("/initiatives/new/", {}, HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Er gaat iets mis in 5 velden" in page
    anchors = re.findall(r'<li><a href="#(id_\w+)">', page)
    assert anchors == ["id_title", "id_summary", "id_description", "id_district", "id_themes_0"]
    assert 'id="id_themes_0"' in page, "the link to a list of checkboxes lands on the first one"


def test_themes_are_alphabetical_in_the_page_language_with_other_last(client, resident):
    english = labels_of(client.get("/initiatives/new/").content.decode(), "themes")
    assert english[-1] == "Other" and english[:-1] == sorted(english[:-1]) and len(english) == 12
    client.cookies["django_language"] = "nl"
    resident.preferred_language = "nl"
    resident.save()
    dutch = labels_of(client.get("/initiatives/new/", HTTP_ACCEPT_LANGUAGE="nl").content.decode(), "themes")
    assert dutch[-1] == "Overig" and dutch[:-1] == sorted(dutch[:-1])
    assert dutch[:3] == ["Cultuur", "Economie en werk", "Energie"]


def test_a_field_required_by_another_is_not_called_optional(client, resident):
    page = client.get("/initiatives/new/").content.decode()
    label = page[page.index('<label for="id_image_alt">') :]
    assert "(optional)" not in label[: label.index("</label>")]
    ask = page[page.index('<label for="id_ask">') :]
    assert "(optional)" in ask[: ask.index("</label>")]


def test_other_fields_required_by_another_field_are_not_called_optional(resident):
    # A commitment row: once anything is filled in, what, who and when are needed.
    assert "(optional)" not in render_to_string("includes/form_fields.html", {"form": CommitmentForm()})
    # An event: a place or an online link, one of the two.
    event = render_to_string(
        "includes/form_fields.html",
        {"form": EventForm(districts=District.objects.all(), city_wide_allowed=False)},
    )
    for name in ("location", "online_url"):
        label = event[event.index(f'<label for="id_{name}">') :]
        assert "(optional)" not in label[: label.index("</label>")]
