import pytest

from tests.accounts.factories import UserFactory
from tests.support.factories import SupportRequestFactory

pytestmark = pytest.mark.django_db


def test_the_admin_cannot_move_a_support_request_past_its_workflow(client):
    request = SupportRequestFactory()
    supporter = UserFactory()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    url = f"/admin/support/supportrequest/{request.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    # Supporter, due date and status are shown, not editable: the workflow assigns them and starts the reminders.
    assert {"status", "supporter", "due_date"}.isdisjoint(form.fields)
    data = {name: form.initial.get(name) or "" for name in form.fields}
    data.update(supporter=supporter.pk, due_date="2030-01-01", status="done")
    client.post(url, data)
    request.refresh_from_db()
    assert request.supporter_id != supporter.pk
    assert str(request.due_date) != "2030-01-01"
    assert request.status != "done"
