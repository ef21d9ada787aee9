"""The initiatives of the city-scale set with their themes, initiators, history, updates and supports."""

import time as clock
from dataclasses import dataclass
from datetime import datetime, timedelta

from dialogues.models import (
    Dialogue,
    WaitingOn,
)
from initiatives.models import Initiative, InitiativeUpdate, Initiator, Support, Theme
from seeding.scale.shape import INITIATIVE_STATUSES, POPULATION, PROJECTS, SEARCH_WORD, SENTENCES, STREETS, _weighted

S = Dialogue.State
W = WaitingOn
I = Initiative.Status  # noqa: E741

# -- initiatives and supports --------------------------------------------------------------------------------------


@dataclass
class PublicInitiative:
    pk: int
    district_id: int
    accepted_at: datetime
    owner_id: int
    initiator_ids: list


def _support_counts(rng, public: int, total: int, people: int) -> list[int]:
    """Split `total` supports over `public` initiatives, a few very popular and most with some dozens."""
    weights = [rng.paretovariate(1.3) for _ in range(public)]
    cap = max(people // 2, 1)
    total = min(total, cap * public)  # nobody supports an initiative twice
    scale = total / sum(weights)
    counts = [min(int(w * scale), cap) for w in weights]
    missing = total - sum(counts)
    while missing > 0:
        index = rng.randrange(public)
        if counts[index] < cap:
            step = min(missing, cap - counts[index], max(missing // public, 1))
            counts[index] += step
            missing -= step
    return counts


def seed_initiatives(writer, rng, calendar, counts, residents, districts, now, report):  # noqa: C901 - to be split with the one workflow engine
    """Write initiatives with themes, initiators, history, updates and supports; return the public ones."""
    themes = {t.slug: t.pk for t in Theme.objects.all()}
    areas = {}
    for district in districts:
        areas[district.pk] = list(district.areas.values_list("pk", "name"))
    district_weights = [(d, POPULATION.get(d.slug, 50)) for d in districts]
    n = counts["initiatives"]
    ids = writer.ids(Initiative, n)
    plans = []
    for pk in ids:
        status = _weighted(rng, INITIATIVE_STATUSES)
        district = _weighted(rng, district_weights)
        title_word, theme, what = rng.choice(PROJECTS)
        street = rng.choice(STREETS)
        created = now - timedelta(days=rng.uniform(2, 1100))
        submitted = accepted = None
        if status not in (I.DRAFT,):
            submitted = min(created + timedelta(days=rng.uniform(0, 10)), now - timedelta(hours=2))
        public = status in (I.ACTIVE, I.REALISED, I.STRANDED, "withdrawn_public")
        if public:
            accepted = min(submitted + timedelta(days=rng.uniform(1, 15)), now - timedelta(hours=1))
        plans.append((pk, status, district, title_word, theme, what, street, created, submitted, accepted, public))
    public_plans = [p for p in plans if p[10]]
    supports = _support_counts(rng, len(public_plans), counts["supports"], len(residents))
    supporter_count = {p[0]: c for p, c in zip(public_plans, supports, strict=True)}

    started = clock.monotonic()
    rows, theme_rows, initiator_rows, history_rows, update_rows, result = [], [], [], [], [], []
    history_ids = iter(writer.ids(Initiative.history.model, 5 * n))
    update_ids = iter(writer.ids(InitiativeUpdate, n))
    theme_ids = iter(writer.ids(Initiative.themes.through, 3 * n))
    initiator_ids = iter(writer.ids(Initiator, 3 * n))
    for pk, status, district, title_word, theme, what, street, created, submitted, accepted, public in plans:
        area_id, area_name = rng.choice(areas[district.pk]) if areas[district.pk] and rng.random() < 0.8 else (None, "")
        word = SEARCH_WORD if rng.random() < 0.15 else ""
        title = f"{title_word} {street}"[:120]
        summary = f"Bewoners van de {street} willen {what}."[:300]
        description = " ".join(
            [f"Wij willen met de buurt {what}."]
            + rng.sample(SENTENCES, 4)
            + ([f"Ook een {word} bij de voordeur hoort erbij."] if word else [])
        )
        ask = rng.choice(SENTENCES)
        final = I.WITHDRAWN if status == "withdrawn_public" else status
        hidden = public and rng.random() < 0.002
        last_activity = accepted or submitted or created
        rows.append(
            (
                pk,
                title,
                summary,
                description,
                ask,
                district.pk,
                area_id,
                None,
                "",
                "",
                final,
                "Kun je het plan iets preciezer maken?" if final in (I.INFORMATION_REQUESTED, I.REFUSED) else "",
                created,
                last_activity,
                submitted,
                accepted,
                last_activity,
                supporter_count.get(pk, 0),
                now - timedelta(days=1) if hidden else None,
                "Gemeld als ongepast." if hidden else "",
            )
        )
        chosen = {theme} | ({rng.choice(list(themes))} if rng.random() < 0.6 else set())
        theme_rows += [(next(theme_ids), pk, themes[slug]) for slug in sorted(chosen)]
        people = rng.sample(residents, rng.choice((1, 1, 1, 2, 3)))
        initiator_rows += [
            (next(initiator_ids), pk, person, "owner" if index == 0 else "co_initiator", created)
            for index, person in enumerate(people)
        ]
        # The history the initiative page's timeline reads: registered, submitted, accepted, and how it ended.
        steps = [("+", "", I.DRAFT, created)]
        if submitted:
            steps.append(("~", "submit", I.SUBMITTED, submitted))
        if accepted:
            steps.append(("~", "accept", I.ACTIVE, accepted))
            if final in (I.REALISED, I.STRANDED, I.WITHDRAWN):
                ended = accepted + (now - accepted) * rng.uniform(0.3, 0.95)
                steps.append(
                    ("~", {I.REALISED: "realise", I.STRANDED: "strand", I.WITHDRAWN: "withdraw"}[final], final, ended)
                )
        elif final in (I.INFORMATION_REQUESTED, I.REFUSED, I.INTAKE):
            steps.append(
                (
                    "~",
                    {I.INFORMATION_REQUESTED: "ask", I.REFUSED: "refuse", I.INTAKE: "take_up"}[final],
                    final,
                    submitted + timedelta(days=1),
                )
            )
        for kind, reason, step_status, moment in steps:
            history_rows.append(
                (
                    next(history_ids),
                    pk,
                    title,
                    summary,
                    description,
                    ask,
                    district.pk,
                    area_id,
                    None,
                    "",
                    "",
                    step_status,
                    "",
                    created,
                    submitted,
                    accepted,
                    None,
                    "",
                    moment,
                    reason or None,
                    kind,
                    people[0],
                )
            )
        if public:
            for _k in range(rng.choice((0, 0, 1, 1, 2, 3))):
                moment = accepted + (now - accepted) * rng.random()
                update_rows.append((next(update_ids), pk, people[0], " ".join(rng.sample(SENTENCES, 2)), moment))
            result.append(PublicInitiative(pk, district.pk, accepted, people[0], people))
    columns = [
        "id",
        "title",
        "summary",
        "description",
        "ask",
        "district_id",
        "area_id",
        "network_id",
        "image",
        "image_alt",
        "status",
        "intake_note",
        "created_at",
        "updated_at",
        "submitted_at",
        "accepted_at",
        "last_activity_at",
        "supporter_count",
        "hidden_at",
        "hidden_reason",
    ]
    writer.write(Initiative, columns, rows)
    Through = Initiative.themes.through
    writer.write(Through, ["id", "initiative_id", "theme_id"], theme_rows)
    writer.write(Initiator, ["id", "initiative_id", "user_id", "role", "joined_at"], initiator_rows)
    # The history keeps every column but the ones simple-history is told to leave out (models.py).
    untracked = {"updated_at", "last_activity_at", "supporter_count"}
    history_columns = ["history_id", *(c for c in columns if c not in untracked)]
    history_columns += ["history_date", "history_change_reason", "history_type", "history_user_id"]
    writer.write(Initiative.history.model, history_columns, history_rows)
    writer.write(InitiativeUpdate, ["id", "initiative_id", "author_id", "text", "created_at"], update_rows)
    report.add(
        "initiatives, themes, initiators, history, updates",
        len(rows) + len(theme_rows) + len(initiator_rows) + len(history_rows) + len(update_rows),
        clock.monotonic() - started,
    )

    started = clock.monotonic()
    accepted_of = {p.pk: p.accepted_at for p in result}
    neighbourhoods = [name for names in areas.values() for _pk, name in names]

    # Reserved before the COPY starts: reserving asks the database, which is busy with the COPY after that.
    first_support = writer.ids(Support, sum(supporter_count.values())).start

    def support_rows():
        pk = first_support
        for initiative_pk, count in supporter_count.items():
            if not count:
                continue
            start = accepted_of[initiative_pk]
            span = (now - start).total_seconds()
            for person in rng.sample(residents, count):
                # Skewed towards recent weeks, so the growth charts have something to show.
                moment = start + timedelta(seconds=span * (1 - rng.random() ** 2))
                yield (
                    pk,
                    initiative_pk,
                    person,
                    rng.random() < 0.7,
                    rng.choice(neighbourhoods) if rng.random() < 0.3 else "",
                    moment,
                )
                pk += 1

    written = writer.write(
        Support, ["id", "initiative_id", "user_id", "listed_publicly", "neighbourhood", "created_at"], support_rows()
    )
    report.add("supports", written, clock.monotonic() - started)
    return result
