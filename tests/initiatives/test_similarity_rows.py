"""The similar initiatives search's copy of each public initiative (initiatives.models.SimilarityRow), kept by
PostgreSQL's triggers.

After every kind of change (the intake, an edit, hiding and showing again, withdrawing, bulk updates, a deletion)
there is exactly one row for each public initiative and none for the others, holding its district, title, status
and text as they are now; a change to what the row does not read leaves the row as it was. What a resident sees
follows: an initiative is offered as similar once it is public and no longer once it is hidden.
"""

import pytest
from django.db import connection
from django.db.models import F
from django.utils import timezone

from initiatives import services
from initiatives.models import Initiative, SimilarityRow
from initiatives.similarity import similar_initiatives
from initiatives.workflow import Action
from tests.accounts.factories import coordinator, district
from tests.initiatives.factories import InitiativeFactory, owner_of

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

S = Initiative.Status


def kept() -> dict:
    """Return each row as the triggers kept it, with its text vector as text."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT initiative_id, district_id, title, status, document::text FROM initiatives_similarityrow"
        )
        return {row[0]: row[1:] for row in cursor.fetchall()}


def fresh() -> dict:
    """Return the row each public initiative should have, read afresh from the initiatives."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, district_id, title, status, (setweight(to_tsvector('dutch', title), 'A') || "
            "setweight(to_tsvector('dutch', summary), 'B'))::text FROM initiatives_initiative WHERE id = ANY(%s)",
            [list(Initiative.objects.public().values_list("pk", flat=True))],
        )
        return {row[0]: row[1:] for row in cursor.fetchall()}


def row_version(initiative) -> str:
    """Return where the initiative's row is stored (PostgreSQL's `ctid`): every rewrite stores a new version."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT ctid::text FROM initiatives_similarityrow WHERE initiative_id = %s", [initiative.pk])
        return cursor.fetchone()[0]


def titles(results) -> list[str]:
    return [item.title for item in results]


def test_the_intake_edits_and_hiding_keep_one_row_per_public_initiative():
    west = coordinator("west")
    draft = InitiativeFactory(status=S.DRAFT, title="Moestuin op het dak", district=district("west"))
    InitiativeFactory.create_batch(5, status=S.ACTIVE)
    InitiativeFactory(status=S.REFUSED)
    assert draft.pk not in kept()
    assert kept() == fresh() and len(kept()) == 5

    owner = owner_of(draft)
    services.initiative_transition(initiative=draft, action=Action.SUBMIT, actor=owner)
    assert draft.pk not in kept()  # in the intake: not public yet
    services.initiative_transition(initiative=draft, action=Action.ACCEPT, actor=west)
    assert kept()[draft.pk][:3] == (district("west").pk, "Moestuin op het dak", "active")

    services.initiative_edit(initiative=draft, actor=owner, title="Moestuinen op het dak", summary="Groente kweken.")
    assert kept()[draft.pk][1] == "Moestuinen op het dak"
    assert "'groent':" in kept()[draft.pk][3]  # the summary's words, stemmed, are in the vector

    services.initiative_hide(initiative=draft, actor=west, reason="Reclame")
    assert draft.pk not in kept()
    services.initiative_unhide(initiative=draft, actor=west)
    assert draft.pk in kept()

    # Withdrawn once it was public: still readable, so still a row, with its new status.
    services.initiative_transition(initiative=draft, action=Action.WITHDRAW, actor=owner)
    assert kept()[draft.pk][2] == "withdrawn"
    assert kept() == fresh()


def test_bulk_updates_and_deletions_keep_the_rows_and_other_changes_leave_them_alone():
    initiatives = InitiativeFactory.create_batch(6, status=S.ACTIVE)
    first, second, third = initiatives[:3]
    version = row_version(first)

    # The supporters' count and the last activity change all day; the row is not rewritten for them.
    busy = Initiative.objects.filter(pk=first.pk)
    busy.update(supporter_count=F("supporter_count") + 1, last_activity_at=timezone.now())
    assert row_version(first) == version
    Initiative.objects.filter(pk=first.pk).update(title="Buurtkeuken in de Pijp")
    assert row_version(first) != version

    Initiative.objects.filter(pk__in=[second.pk, third.pk]).update(hidden_at=timezone.now(), hidden_reason="Spam")
    Initiative.objects.filter(pk=initiatives[3].pk).update(district=district("noord"))
    Initiative.objects.filter(pk=initiatives[4].pk).update(status=S.STRANDED)
    initiatives[5].delete()
    rows = kept()
    assert rows == fresh()
    assert sorted(rows) == sorted([first.pk, initiatives[3].pk, initiatives[4].pk])
    assert rows[first.pk][1] == "Buurtkeuken in de Pijp"
    assert rows[initiatives[3].pk][0] == district("noord").pk
    assert SimilarityRow.objects.count() == 3


def test_a_resident_is_offered_an_initiative_as_similar_only_while_it_is_public():
    oost = coordinator("oost")
    other = InitiativeFactory(status=S.DRAFT, title="Speeltuin aan het water", district=district("oost"))
    services.initiative_transition(initiative=other, action=Action.SUBMIT, actor=owner_of(other))

    def offered():
        return titles(similar_initiatives(title="Een speeltuin in het park", district_id=district("west").pk))

    assert offered() == []
    services.initiative_transition(initiative=other, action=Action.ACCEPT, actor=oost)
    assert offered() == ["Speeltuin aan het water"]
    services.initiative_hide(initiative=other, actor=oost, reason="Dubbel")
    assert offered() == []
