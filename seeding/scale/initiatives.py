"""The initiatives of the city-scale set with their themes, initiators, history, updates and supports."""

import time as clock
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from initiatives.models import Initiative, InitiativeUpdate, Initiator, Support, Theme
from initiatives.workflow import Action
from seeding.paths import INITIATIVE_PATHS
from seeding.player import INITIATIVE_TABLE, play
from seeding.scale.shape import INITIATIVE_STATUSES, POPULATION, PROJECTS, SEARCH_WORD, SENTENCES, STREETS, _weighted

I = Initiative.Status  # noqa: E741
A = Action

COLUMNS = [
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
# The history keeps every column but the ones simple-history is told to leave out (models.py).
UNTRACKED = {"updated_at", "last_activity_at", "supporter_count"}
HISTORY_COLUMNS = [
    "history_id",
    *(c for c in COLUMNS if c not in UNTRACKED),
    "history_date",
    "history_change_reason",
    "history_type",
    "history_user_id",
]

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


@dataclass
class Plan:
    """One initiative as drawn: the status it ends in (a key of INITIATIVE_PATHS) and its moments."""

    pk: int
    status: str
    district: object
    title_word: str
    theme: str
    what: str
    street: str
    created: datetime
    submitted: datetime | None
    accepted: datetime | None

    @property
    def public(self) -> bool:
        return self.accepted is not None


def _plans(writer, rng, counts, districts, now) -> list[Plan]:
    """Draw each initiative's final status, district, subject and the moments it was submitted and accepted."""
    district_weights = [(d, POPULATION.get(d.slug, 50)) for d in districts]
    plans = []
    for pk in writer.ids(Initiative, counts["initiatives"]):
        status = _weighted(rng, INITIATIVE_STATUSES)
        district = _weighted(rng, district_weights)
        title_word, theme, what = rng.choice(PROJECTS)
        street = rng.choice(STREETS)
        created = now - timedelta(days=rng.uniform(2, 1100))
        path = INITIATIVE_PATHS[status]
        submitted = accepted = None
        if A.SUBMIT in path:
            submitted = min(created + timedelta(days=rng.uniform(0, 10)), now - timedelta(hours=2))
        if A.ACCEPT in path:
            accepted = min(submitted + timedelta(days=rng.uniform(1, 15)), now - timedelta(hours=1))
        plans.append(Plan(pk, status, district, title_word, theme, what, street, created, submitted, accepted))
    return plans


@dataclass
class InitiativeRows:
    """The rows of every table an initiative touches, built one initiative at a time and written in bulk."""

    writer: object
    rng: object
    now: datetime
    themes: dict
    areas: dict
    residents: list
    supporter_count: dict
    n: int
    rows: list = field(default_factory=list)
    theme_rows: list = field(default_factory=list)
    initiator_rows: list = field(default_factory=list)
    history_rows: list = field(default_factory=list)
    update_rows: list = field(default_factory=list)
    public: list = field(default_factory=list)

    def __post_init__(self):
        n, writer = self.n, self.writer
        self.history_ids = iter(writer.ids(Initiative.history.model, 5 * n))
        self.update_ids = iter(writer.ids(InitiativeUpdate, n))
        self.theme_ids = iter(writer.ids(Initiative.themes.through, 3 * n))
        self.initiator_ids = iter(writer.ids(Initiator, 3 * n))

    def add(self, plan: Plan):
        rng, now = self.rng, self.now
        district_areas = self.areas[plan.district.pk]
        area_id, _name = rng.choice(district_areas) if district_areas and rng.random() < 0.8 else (None, "")
        word = SEARCH_WORD if rng.random() < 0.15 else ""
        title = f"{plan.title_word} {plan.street}"[:120]
        summary = f"Bewoners van de {plan.street} willen {plan.what}."[:300]
        description = " ".join(
            [f"Wij willen met de buurt {plan.what}."]
            + rng.sample(SENTENCES, 4)
            + ([f"Ook een {word} bij de voordeur hoort erbij."] if word else [])
        )
        ask = rng.choice(SENTENCES)
        # The player walks the path through the table: the status is where the table leads.
        steps = play(INITIATIVE_TABLE, I.DRAFT, INITIATIVE_PATHS[plan.status])
        final = steps[-1][2] if steps else I.DRAFT
        hidden = plan.public and rng.random() < 0.002
        last_activity = plan.accepted or plan.submitted or plan.created
        texts = (title, summary, description, ask, plan.district.pk, area_id, None, "", "", final)
        note = "Kun je het plan iets preciezer maken?" if final in (I.INFORMATION_REQUESTED, I.REFUSED) else ""
        self.rows.append(
            (
                plan.pk,
                *texts,
                note,
                plan.created,
                last_activity,
                plan.submitted,
                plan.accepted,
                last_activity,
                self.supporter_count.get(plan.pk, 0),
                now - timedelta(days=1) if hidden else None,
                "Gemeld als ongepast." if hidden else "",
            )
        )
        chosen = {plan.theme} | ({rng.choice(list(self.themes))} if rng.random() < 0.6 else set())
        self.theme_rows += [(next(self.theme_ids), plan.pk, self.themes[slug]) for slug in sorted(chosen)]
        people = rng.sample(self.residents, rng.choice((1, 1, 1, 2, 3)))
        self.initiator_rows += [
            (next(self.initiator_ids), plan.pk, person, "owner" if index == 0 else "co_initiator", plan.created)
            for index, person in enumerate(people)
        ]
        self.history(plan, texts[:-1], steps, people[0])
        if plan.public:
            for _k in range(rng.choice((0, 0, 1, 1, 2, 3))):
                moment = plan.accepted + (now - plan.accepted) * rng.random()
                self.update_rows.append(
                    (next(self.update_ids), plan.pk, people[0], " ".join(rng.sample(SENTENCES, 2)), moment)
                )
            self.public.append(PublicInitiative(plan.pk, plan.district.pk, plan.accepted, people[0], people))

    def moment(self, plan: Plan, action: str, from_state: str) -> datetime:
        """Return when the step was taken: submitted, accepted, ended some time after, or decided at the intake."""
        if action == A.SUBMIT:
            return plan.submitted
        if action == A.ACCEPT:
            return plan.accepted
        if from_state == I.ACTIVE:
            return plan.accepted + (self.now - plan.accepted) * self.rng.uniform(0.3, 0.95)
        return plan.submitted + timedelta(days=1)

    def history(self, plan: Plan, texts, steps, user):
        """Add the history the initiative page's timeline reads: registered, then every step the player walked."""
        entries = [("+", None, I.DRAFT, plan.created)]
        entries += [("~", action, to, self.moment(plan, action, source)) for action, source, to in steps]
        for kind, reason, status, moment in entries:
            self.history_rows.append(
                (
                    next(self.history_ids),
                    plan.pk,
                    *texts,
                    status,
                    "",
                    plan.created,
                    plan.submitted,
                    plan.accepted,
                    None,
                    "",
                    moment,
                    reason,
                    kind,
                    user,
                )
            )

    def write(self):
        writer = self.writer
        writer.write(Initiative, COLUMNS, self.rows)
        writer.write(Initiative.themes.through, ["id", "initiative_id", "theme_id"], self.theme_rows)
        writer.write(Initiator, ["id", "initiative_id", "user_id", "role", "joined_at"], self.initiator_rows)
        writer.write(Initiative.history.model, HISTORY_COLUMNS, self.history_rows)
        writer.write(InitiativeUpdate, ["id", "initiative_id", "author_id", "text", "created_at"], self.update_rows)
        return sum(map(len, (self.rows, self.theme_rows, self.initiator_rows, self.history_rows, self.update_rows)))


def seed_initiatives(writer, rng, calendar, counts, residents, districts, now, report):
    """Write initiatives with themes, initiators, history, updates and supports; return the public ones."""
    themes = {t.slug: t.pk for t in Theme.objects.all()}
    areas = {district.pk: list(district.areas.values_list("pk", "name")) for district in districts}
    plans = _plans(writer, rng, counts, districts, now)
    public_plans = [p for p in plans if p.public]
    supports = _support_counts(rng, len(public_plans), counts["supports"], len(residents))
    supporter_count = {p.pk: c for p, c in zip(public_plans, supports, strict=True)}

    started = clock.monotonic()
    built = InitiativeRows(writer, rng, now, themes, areas, residents, supporter_count, counts["initiatives"])
    for plan in plans:
        built.add(plan)
    rows = built.write()
    report.add("initiatives, themes, initiators, history, updates", rows, clock.monotonic() - started)

    started = clock.monotonic()
    neighbourhoods = [name for names in areas.values() for _pk, name in names]
    written = _write_supports(writer, rng, built.public, supporter_count, residents, neighbourhoods, now)
    report.add("supports", written, clock.monotonic() - started)
    return built.public


def _write_supports(writer, rng, public, supporter_count, residents, neighbourhoods, now) -> int:
    accepted_of = {p.pk: p.accepted_at for p in public}
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

    return writer.write(
        Support, ["id", "initiative_id", "user_id", "listed_publicly", "neighbourhood", "created_at"], support_rows()
    )
