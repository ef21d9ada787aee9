"""The pages, as a visitor, a resident, an initiator and a coordinator use them."""

from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from initiatives.models import Follow, Initiative, Invitation, Report, Support
from mokum.dates import long_date
from notifications.models import Notification
from tests.accounts.factories import UserFactory, coordinator
from tests.initiatives.factories import InitiativeFactory, InitiativeUpdateFactory, NetworkFactory, owner_of

pytestmark = pytest.mark.django_db

S = Initiative.Status


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.content[:500]
    return response.content.decode()


@pytest.mark.parametrize("status", [S.DRAFT, S.SUBMITTED, S.INFORMATION_REQUESTED, S.REFUSED])
def test_a_non_public_initiative_is_not_found_except_by_its_initiators_and_coordinators(client, status):
    initiative = InitiativeFactory(status=status)
    url = initiative.get_absolute_url()
    page(client, url, 404)
    for outsider in (UserFactory(), coordinator("oost")):
        client.force_login(outsider)
        page(client, url, 404)
    for insider in (owner_of(initiative), coordinator("west")):
        client.force_login(insider)
        assert initiative.title in page(client, url)


def test_a_hidden_initiative_shows_its_initiators_the_reason(client):
    initiative = InitiativeFactory(hidden_at=timezone.now(), hidden_reason="Persoonsgegevens van buren")
    page(client, initiative.get_absolute_url(), 404)
    client.force_login(owner_of(initiative))
    assert "Persoonsgegevens van buren" in page(client, initiative.get_absolute_url())


def test_a_resident_registers_submits_and_the_coordinator_accepts_from_the_queue(client):
    resident = UserFactory()
    client.force_login(resident)
    theme_pk = Initiative.themes.field.related_model.objects.get(slug="youth").pk
    response = client.post(
        "/initiatives/new/",
        {
            "title": "Huiswerkklas",
            "summary": "Studenten helpen kinderen.",
            "description": "Drie middagen per week.",
            "district": Initiative._meta.get_field("district").related_model.objects.get(slug="west").pk,
            "themes": [theme_pk],
        },
    )
    initiative = Initiative.objects.get()
    detail = page(client, response["Location"])
    assert "This is a draft" in detail and f'href="/initiatives/{initiative.pk}/submit/"' in detail
    answer_time = (
        "The coordinator looks at your initiative within 5 working days, "
        f"by {long_date(initiative.district.triage_deadline(timezone.now()))}."
    )
    confirmation = page(client, f"/initiatives/{initiative.pk}/submit/")
    assert "Submit for intake" in confirmation and answer_time in confirmation
    response = client.post(f"/initiatives/{initiative.pk}/submit/")
    assert response["Location"] == initiative.get_absolute_url()
    assert f"Your initiative is submitted. {answer_time}" in page(client, response["Location"])
    assert page(client, f"/initiatives/{initiative.pk}/edit/", 403)

    client.force_login(coordinator("west"))
    queue = page(client, "/initiatives/intake/")
    assert "Huiswerkklas" in queue and f'action="/initiatives/{initiative.pk}/accept/"' in queue
    response = client.post(f"/initiatives/{initiative.pk}/accept/", {"next": "/initiatives/intake/"})
    assert response["Location"] == "/initiatives/intake/"
    initiative.refresh_from_db()
    assert initiative.status == S.ACTIVE
    assert "Huiswerkklas" not in page(client, "/initiatives/intake/")
    assert Notification.objects.filter(recipient=resident, kind="initiative_accepted").exists()


def test_a_next_address_elsewhere_is_ignored(client):
    initiative = InitiativeFactory(status=S.SUBMITTED)
    client.force_login(coordinator("west"))
    response = client.post(f"/initiatives/{initiative.pk}/accept/", {"next": "https://evil.example/"})
    assert response["Location"] == initiative.get_absolute_url()


def test_the_intake_queue_is_for_coordinators_of_their_own_districts_oldest_first(client):
    newer = InitiativeFactory(status=S.SUBMITTED, title="Nieuwer")
    older = InitiativeFactory(status=S.INTAKE, title="Ouder", submitted_at=timezone.now() - timezone.timedelta(days=9))
    InitiativeFactory(status=S.SUBMITTED, title="In Oost", district=coordinator("oost").roles.get().district)
    page(client, "/initiatives/intake/", 302)
    client.force_login(UserFactory())
    page(client, "/initiatives/intake/", 403)
    client.force_login(coordinator("west"))
    queue = page(client, "/initiatives/intake/")
    assert queue.index(older.title) < queue.index(newer.title) and "In Oost" not in queue


def test_an_action_that_is_no_longer_possible_says_so(client):
    initiative = InitiativeFactory(status=S.ACTIVE)
    client.force_login(coordinator("west"))
    response = client.post(f"/initiatives/{initiative.pk}/accept/", follow=True)
    assert "This is not possible now" in response.content.decode()


def test_a_resident_supports_follows_and_withdraws(client):
    initiative = InitiativeFactory(status=S.ACTIVE)
    detail = page(client, initiative.get_absolute_url())
    assert "Log in to support this initiative" in detail
    page(client, f"/initiatives/{initiative.pk}/support/", 302)

    resident = UserFactory(display_name="Noor B.")
    client.force_login(resident)
    client.post(f"/initiatives/{initiative.pk}/support/", {"listed_publicly": "on", "neighbourhood": "De Pijp"})
    client.post(f"/initiatives/{initiative.pk}/follow/")
    detail = page(client, initiative.get_absolute_url())
    assert "1 supporter" in detail and "Noor B." in detail and "You support this initiative." in detail
    assert "You follow this initiative." in detail
    assert Follow.objects.filter(user=resident).exists()

    client.post(f"/initiatives/{initiative.pk}/support/withdraw/")
    client.post(f"/initiatives/{initiative.pk}/unfollow/")
    assert not Support.objects.exists() and not Follow.objects.exists()
    assert "0 supporters" in page(client, initiative.get_absolute_url())


def test_a_report_is_hidden_from_the_moderation_queue(client):
    initiative = InitiativeFactory(status=S.ACTIVE)
    client.force_login(UserFactory())
    response = client.post(f"/initiatives/{initiative.pk}/report/", {"reason": "Noemt mijn buurman bij naam"})
    assert response.status_code == 302
    report = Report.objects.get()

    client.force_login(UserFactory())
    page(client, "/initiatives/moderation/", 403)
    client.force_login(coordinator("oost"))
    assert "Noemt mijn buurman" not in page(client, "/initiatives/moderation/")
    assert client.post(f"/initiatives/moderation/{report.pk}/hide/", {"reason": "Nee"}).status_code == 403

    client.force_login(coordinator("west"))
    assert "Noemt mijn buurman bij naam" in page(client, "/initiatives/moderation/")
    response = client.post(f"/initiatives/moderation/{report.pk}/hide/", {"reason": ""})
    assert "This field is required." in str(response.context["form"].errors)
    client.post(f"/initiatives/moderation/{report.pk}/hide/", {"reason": "Persoonsgegevens"})
    client.logout()
    page(client, initiative.get_absolute_url(), 404)
    assert initiative.title not in page(client, "/initiatives/")


def test_a_reported_update_can_be_hidden_and_is_gone_for_visitors(client):
    update = InitiativeUpdateFactory(
        initiative=InitiativeFactory(status=S.ACTIVE), text="Koop nu goedkope zonnepanelen!"
    )
    url = update.initiative.get_absolute_url()
    client.force_login(UserFactory())
    client.post(f"/initiatives/{update.initiative.pk}/updates/{update.pk}/report/", {"reason": "Reclame"})
    report = Report.objects.get(update=update)
    client.force_login(coordinator("west"))
    client.post(f"/initiatives/moderation/{report.pk}/hide/", {"reason": "Reclame voor een bedrijf"})
    client.logout()
    assert "goedkope zonnepanelen" not in page(client, url)
    client.force_login(owner_of(update.initiative))
    assert "Reclame voor een bedrijf" in page(client, url)


def test_initiators_post_updates_and_invite_co_initiators(client, mailoutbox, django_capture_on_commit_callbacks):
    initiative = InitiativeFactory(status=S.ACTIVE)
    client.force_login(owner_of(initiative))
    client.post(f"/initiatives/{initiative.pk}/updates/new/", {"text": "De eerste tuin is klaar."})
    assert "De eerste tuin is klaar." in page(client, initiative.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/initiatives/{initiative.pk}/invite/", {"email": "buur@example.org"})
    assert mailoutbox[-1].to == ["buur@example.org"]
    assert "buur@example.org" in page(client, f"/initiatives/{initiative.pk}/invite/")

    invitation = Invitation.objects.get()
    client.logout()
    landing = page(client, invitation.get_absolute_url())
    assert "/accounts/login/?next=" in landing and "/accounts/signup/?next=" in landing
    buur = UserFactory(email="buur@example.org")
    client.force_login(buur)
    response = client.post(invitation.get_absolute_url())
    assert response["Location"] == initiative.get_absolute_url()
    assert initiative.initiator_links.filter(user=buur).exists()
    assert "already been used" in page(client, invitation.get_absolute_url())


def test_outsiders_may_not_use_the_initiators_pages(client):
    initiative = InitiativeFactory(status=S.DRAFT)
    client.force_login(UserFactory())
    for path in ("edit", "submit", "invite", "updates/new", "withdraw"):
        page(client, f"/initiatives/{initiative.pk}/{path}/", 404)  # a draft does not reveal itself
    initiative = InitiativeFactory(status=S.ACTIVE)
    for path in ("edit", "invite", "updates/new", "withdraw", "hide"):
        page(client, f"/initiatives/{initiative.pk}/{path}/", 403)


def test_my_page_lists_my_drafts_and_what_i_support(client):
    resident = UserFactory()
    draft = InitiativeFactory(status=S.DRAFT, owner=resident, title="Mijn concept")
    backed = InitiativeFactory(status=S.ACTIVE, title="Gesteund")
    Support.objects.create(initiative=backed, user=resident)
    client.force_login(resident)
    mine = page(client, "/initiatives/mine/")
    assert draft.title in mine and backed.title in mine
    assert draft.title not in page(client, "/initiatives/")


def test_a_network_page_lists_its_public_initiatives_and_members(client):
    network = NetworkFactory(name="Groen Oost", districts=["oost", "west"])
    member = UserFactory(display_name="Priya R.")
    network.memberships.create(user=member, is_admin=True)
    public = InitiativeFactory(network=network, title="Boomspiegels")
    InitiativeFactory(network=network, title="Nog geheim", status=S.DRAFT)
    html = page(client, network.get_absolute_url())
    assert "Boomspiegels" in html and "Nog geheim" not in html and "Priya R." in html
    assert "Groen Oost" in page(client, public.get_absolute_url())


def test_the_home_page_shows_recent_public_initiatives(client):
    InitiativeFactory(title="Buurtbus Weesp")
    InitiativeFactory(title="Verborgen concept", status=S.DRAFT)
    html = page(client, "/")
    assert "Buurtbus Weesp" in html and "Verborgen concept" not in html


def test_the_detail_page_keeps_the_line_where_other_apps_add_their_sections():
    template = Path(settings.BASE_DIR, "templates/initiatives/initiative_detail.html").read_text()
    assert "\n{# other apps add their sections below this line #}\n" in template


def test_a_card_in_the_list_shows_what_the_initiative_is(client, settings, tmp_path):
    """The list's cards ({% initiative_card %}): picture, title in its language, place, status, counts, themes."""
    from django.core.files.base import ContentFile
    from django.utils.text import capfirst

    from initiatives.templatetags.initiative_tags import in_theme_order
    from tests.initiatives.test_forms import picture

    settings.MEDIA_ROOT = tmp_path
    from initiatives.models import Theme

    initiative = InitiativeFactory(status=S.ACTIVE, title="Bankjes <voor> iedereen", language="tr", supporter_count=1)
    initiative.image.save("bank.jpg", ContentFile(picture().read()), save=True)
    initiative.themes.set(Theme.objects.all()[:2])
    html = page(client, "/initiatives/")
    card = html.split('<li class="card initiative-card">')[1].split("</li>\n")[0]
    assert f'<img src="{initiative.image.url}" alt="" class="card-image" loading="lazy">' in card
    assert (
        f'<h3 lang="tr" dir="ltr"><a href="{initiative.get_absolute_url()}">Bankjes &lt;voor&gt; iedereen</a></h3>'
        in card
    )
    assert f'<p class="muted">{initiative.district.name}' in card and "Written in Turkish" in card
    assert '<span class="status status-active">Active</span> · 1 supporter</p>' in card
    themes = "".join(f"<li>{capfirst(theme)}</li>" for theme in in_theme_order(initiative.themes.all()))
    assert themes.count("<li>") == 2 and f'<ul class="tag-list" aria-label="Themes">{themes}</ul>' in card
    # Elsewhere (the home page) a card has no picture.
    assert "card-image" not in page(client, "/")


def test_the_named_supporters_are_listed_oldest_first_escaped_and_only_those_who_chose_it(client):
    initiative = InitiativeFactory(status=S.ACTIVE)
    for name, listed, place in [
        ("<b>Ali</b>", True, "De Pijp & Oost"),
        ("Anoniem Persoon", False, "Verzwegen Hofje 7"),
        ("Bea", True, ""),
    ]:
        client.force_login(UserFactory(display_name=name))
        data = {"neighbourhood": place, **({"listed_publicly": "on"} if listed else {})}
        client.post(f"/initiatives/{initiative.pk}/support/", data)
    client.logout()
    html = page(client, initiative.get_absolute_url())
    ali = '<li><bdi>&lt;b&gt;Ali&lt;/b&gt;</bdi> <span class="muted">(De Pijp &amp; Oost)</span></li>'
    assert ali + "<li><bdi>Bea</bdi></li>" in html
    assert "Anoniem Persoon" not in html and "Verzwegen Hofje" not in html
    assert "And 1 supporter who prefers not to be named." in html
