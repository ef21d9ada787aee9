"""Demo dialogues in every state: fresh, overdue and long overdue, concluded with reasoned outcomes (agreed
and not agreed) and commitments that are open, done or overdue.

They are played through the real services with times in the past, so every clock, event and deadline is
what a real dialogue would have; notifications are muted (nobody asked for them). Runs after
initiatives.demo and uses its active initiatives; when there are too few it adds a handful of its own.
Idempotent: each scenario has a fixed initiative and place, and is played only when it is missing.
"""

from datetime import datetime, time, timedelta
from functools import partial
from itertools import cycle

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from accounts.models import User
from dialogues.clocks import dialogues_apply_expired_clocks, dialogues_log_overdue
from dialogues.commitments import commitment_mark_done
from dialogues.models import Dialogue, Outcome
from dialogues.muting import notifications_muted
from dialogues.services import dialogue_open, dialogue_transition
from dialogues.workflow import Action
from districts.models import District
from districts.workdays import AMSTERDAM, local_date
from initiatives.models import Initiative, Initiator
from seeding.demo.accounts import demo_email
from seeding.paths import INITIATIVE_PATHS
from seeding.player import DIALOGUE_TABLE, INITIATIVE_TABLE, NotInTable, final_state, next_state

A = Action
DAY = timedelta(days=1)
HOUR = timedelta(hours=1)

# Our own initiatives, used only when the initiatives demo has too few active ones.
FALLBACK_INITIATIVES = [
    (
        "west",
        "Geveltuinen in de Van Limburg Stirumstraat",
        "Bewoners willen geveltuinen langs de hele straat.",
        "Wij willen met dertig huishoudens geveltuinen aanleggen en onderhouden, zodat de straat groener en "
        "koeler wordt.",
        "Dat de gemeente de tegels wipt en plantgrond levert.",
    ),
    (
        "oost",
        "Speelplek Ambonpleintje opknappen",
        "Ouders willen de speelplek veilig en groen maken.",
        "De speeltoestellen zijn oud en er is geen schaduw. Wij willen samen met de kinderen een nieuw plan maken.",
        "Budget voor nieuwe toestellen en meedenken over het ontwerp.",
    ),
    (
        "noord",
        "Buurtkamer in de Van der Pekbuurt",
        "Een plek waar buren elkaar ontmoeten.",
        "Wij zoeken een lege ruimte voor een buurtkamer met koffie, huiswerkhulp en een repair café.",
        "Een ruimte van de gemeente, tegen een lage huur.",
    ),
    (
        "zuidoost",
        "Zonnepanelen op de parkeergarage",
        "Een energiecoöperatie van bewoners.",
        "Wij willen zonnepanelen op het dak van de parkeergarage leggen en de stroom delen met de buurt.",
        "Toestemming voor het dak en hulp bij de subsidieaanvraag.",
    ),
    (
        "nieuw-west",
        "Moestuin bij het Sloterpark",
        "Een moestuin voor en door de buurt.",
        "Wij willen op een braakliggend stuk grond een moestuin beginnen met buren en de school.",
        "Een stuk grond in bruikleen en een waterpunt.",
    ),
    (
        "centrum",
        "Stille uren op de Zeedijk",
        "Bewoners vragen om rust in de nacht.",
        "Wij willen samen met ondernemers afspraken maken over geluid en schoonmaak na middernacht.",
        "Dat de gemeente het overleg met ondernemers begeleidt.",
    ),
]

REASONING_AGREED = (
    "We hebben het verzoek besproken met de collega's van Openbare Ruimte en Groen en met de gebiedsmakelaar. "
    "Het plan past binnen het gebiedsplan, de buurt steunt het aantoonbaar en de bewoners nemen het onderhoud "
    "op zich. Daarom werken we mee: de gemeente doet het werk dat een vergunning of machines vraagt, de "
    "bewoners doen de rest. Over een jaar kijken we samen hoe het gaat."
)
REASONING_DECLINED = (
    "We begrijpen de wens goed, maar we kunnen er nu niet aan meewerken. De plek is nodig voor de vervanging "
    "van de riolering in de komende twee jaar, en tijdelijk iets aanleggen zou daarna weer weg moeten. Dat is "
    "zonde van het geld en van de inzet van de buurt. Na de werkzaamheden nemen we het plan graag opnieuw mee "
    "bij de inrichting van de straat; we nemen dan zelf contact op."
)
REASONING_PARTLY = (
    "Een deel van het verzoek kunnen we honoreren. Voor de ruimte is een tijdelijke huurovereenkomst mogelijk "
    "voor twee jaar, tegen de maatschappelijke huurprijs. Een bijdrage in de inrichting past niet binnen de "
    "regeling, maar het fonds voor bewonersinitiatieven kan die mogelijk wel geven; we helpen bij de aanvraag. "
    "De openingstijden stemmen we af met de omwonenden."
)
REASONING_REFERRED = (
    "Het dak van de parkeergarage is niet van het stadsdeel maar van een private eigenaar, en de aansluiting "
    "op het net loopt via de netbeheerder. Wij zijn daarom niet degene die hierover beslist. We hebben het "
    "initiatief in contact gebracht met de eigenaar en met het programma Nieuwe Amsterdamse Energie, dat "
    "energiecoöperaties begeleidt, en we blijven beschikbaar voor de subsidievragen."
)


def _person(local):
    return User.objects.get(email=demo_email(local))


class Play:
    """One demo dialogue played through the services, step by step at moments in the past."""

    def __init__(self, initiative, started):
        self.initiative = initiative
        self.slug = initiative.district.slug
        self.at = started
        self.dialogue = None
        self.owner = initiative.initiator_links.get(role="owner").user
        self.coordinator = _person(f"coordinator.{self.slug}")
        self.servant = _person(f"ambtenaar.{self.slug}")
        self.manager = _person(f"gebiedsmanager.{self.slug}")
        self.board = _person(f"bestuurder.{self.slug}")

    def later(self, delta):
        self.at += delta
        return self

    def open(self):
        question = (self.initiative.ask or self.initiative.summary).strip()
        self.dialogue = dialogue_open(
            initiative=self.initiative, question=question, actor=self.coordinator, now=self.at
        )
        return self

    def do(self, action, actor, after=HOUR, **fields):
        """Take one step through the service; the player says where the table leads, the service must agree."""
        self.at += after
        expected = next_state(DIALOGUE_TABLE, self.dialogue.state, action)
        self.dialogue = dialogue_transition(dialogue=self.dialogue, action=action, actor=actor, now=self.at, **fields)
        if self.dialogue.state != expected:
            raise NotInTable(f"{action} led to {self.dialogue.state}, the table says {expected}")
        return self

    def assign(self, official=None, after=DAY):
        return self.do(A.ASSIGN, self.coordinator, after, official=official or self.manager)

    def commitment(self, what, owner=None, label="", due_in_days=30):
        due = local_date(self.at) + timedelta(days=due_in_days)
        return {"what": what, "owner": owner, "owner_label": label, "due_date": due}


def _conversation(play):
    """The usual opening: the coordinator assigns the area manager, who answers and asks a question."""
    return (
        play.open()
        .assign(after=2 * DAY)
        .do(
            A.ANSWER,
            play.manager,
            3 * DAY,
            text=(
                f"Dank voor jullie initiatief “{play.initiative.title}”. Ik ben gebiedsmanager en jullie "
                "aanspreekpunt bij het stadsdeel. Ik heb het plan doorgestuurd naar de collega's die erover gaan "
                "en kom er binnen twee weken inhoudelijk op terug."
            ),
        )
        .do(
            A.NOTE,
            play.manager,
            2 * HOUR,
            text="Intern: even afstemmen met Openbare Ruimte of dit in de planning van volgend jaar past.",
        )
        .do(
            A.ASK,
            play.manager,
            4 * DAY,
            text=(
                "Om het goed te kunnen beoordelen: hoeveel buren doen er mee, en wie neemt het beheer op zich "
                "als het eenmaal loopt?"
            ),
        )
        .do(
            A.REPLY,
            play.owner,
            2 * DAY,
            text=(
                "We zijn met ruim twintig huishoudens, en vijf van ons hebben zich gemeld voor het beheer. "
                "De school op de hoek wil ook meedoen. We sturen graag de lijst met namen."
            ),
        )
    )


def _ago(now, days):
    """Return 09:00 in Amsterdam, `days` days before `now`: the demo's conversations happen in office hours."""
    day = local_date(now) - timedelta(days=days)
    return datetime.combine(day, time(9), tzinfo=AMSTERDAM)


# Each scenario plays one demo dialogue on an initiative; `ago(n)` is 09:00, n days before today.


def requested_fresh(i, ago):
    Play(i, ago(1)).open()


def requested_overdue(i, ago):
    Play(i, ago(12)).open()


def assigned_fresh(i, ago):
    Play(i, ago(3)).open().assign(after=HOUR)


def assigned_overdue(i, ago):
    Play(i, ago(18)).open().assign(after=DAY)


def assigned_long_overdue(i, ago):
    play = Play(i, ago(45)).open()
    play.assign(after=DAY, official=play.servant)


def in_dialogue(i, ago):
    _conversation(Play(i, ago(14)))


def in_dialogue_overdue(i, ago):
    play = _conversation(Play(i, ago(40)))
    play.do(A.REPLY, play.owner, DAY, text="Is er al nieuws? We horen graag hoe het ervoor staat.")


def awaiting_initiative(i, ago):
    play = Play(i, ago(9)).open()
    play.assign(after=DAY, official=play.servant)
    play.do(
        A.ASK,
        play.servant,
        2 * DAY,
        text=(
            "Goed plan! Voordat ik het intern voorleg: kunnen jullie een schets sturen van waar jullie het "
            "precies willen doen, met de afmetingen? Een foto met pijlen is ook goed."
        ),
    )


def outcome_proposed(i, ago):
    play = _conversation(Play(i, ago(22)))
    play.do(
        A.PROPOSE,
        play.manager,
        3 * DAY,
        outcome_type=Outcome.Type.AGREED,
        summary="De gemeente werkt mee: wij doen het werk met machines, de bewoners het onderhoud.",
        reasoning=REASONING_AGREED,
        commitments=[
            play.commitment("Werkbon uitzetten voor het grondwerk", owner=play.manager, due_in_days=40),
            play.commitment("Rooster voor het onderhoud opstellen", owner=play.owner, due_in_days=30),
        ],
    )


def contested(i, ago):
    play = _conversation(Play(i, ago(20)))
    play.do(
        A.PROPOSE,
        play.manager,
        3 * DAY,
        outcome_type=Outcome.Type.DECLINED,
        summary="Nu niet mogelijk vanwege de rioolvervanging; daarna nemen we het plan mee.",
        reasoning=REASONING_DECLINED,
    )
    play.do(
        A.CONTEST,
        play.owner,
        2 * DAY,
        reason=(
            "De rioolvervanging staat pas voor 2029 gepland. Zo lang willen we niet wachten; een tijdelijke "
            "oplossing kan prima en kost bijna niets."
        ),
    )


def concluded_agreed(i, ago):
    play = _conversation(Play(i, ago(70)))
    play.do(
        A.PROPOSE,
        play.manager,
        3 * DAY,
        outcome_type=Outcome.Type.AGREED,
        summary="De gemeente werkt mee: wij doen het werk met machines, de bewoners het onderhoud.",
        reasoning=REASONING_AGREED,
        commitments=[
            play.commitment("Tegels wippen en plantgrond leveren", owner=play.manager, due_in_days=14),
            play.commitment("Afspraken over onderhoud vastleggen", owner=play.owner, due_in_days=21),
            play.commitment("Informatiebord plaatsen", label="Stadsdeel, Openbare Ruimte en Groen", due_in_days=35),
            play.commitment("Evaluatie na een jaar", owner=play.manager, due_in_days=365),
        ],
    )
    play.do(A.ACCEPT, play.owner, 2 * DAY)
    first = play.dialogue.commitments.order_by("due_date").first()
    commitment_mark_done(commitment=first, actor=play.manager, now=play.at + 10 * DAY)


def concluded_declined(i, ago):
    play = _conversation(Play(i, ago(60)))
    play.do(
        A.PROPOSE,
        play.manager,
        5 * DAY,
        outcome_type=Outcome.Type.DECLINED,
        summary="Nu niet mogelijk vanwege de rioolvervanging; daarna nemen we het plan mee.",
        reasoning=REASONING_DECLINED,
        commitments=[play.commitment("Initiatief uitnodigen bij het ontwerp van de straat", owner=play.manager)],
    )
    play.do(A.ACCEPT, play.owner, 3 * DAY)


def concluded_partly_by_deadline(i, ago):
    play = _conversation(Play(i, ago(50)))
    play.do(
        A.PROPOSE,
        play.manager,
        2 * DAY,
        outcome_type=Outcome.Type.PARTLY_AGREED,
        summary="Een tijdelijke huur van twee jaar, geen bijdrage in de inrichting.",
        reasoning=REASONING_PARTLY,
        commitments=[play.commitment("Huurovereenkomst opstellen", owner=play.manager, due_in_days=20)],
    )
    dialogues_apply_expired_clocks(now=play.dialogue.deadline_at + HOUR)


def reopened(i, ago):
    play = _conversation(Play(i, ago(35)))
    play.do(
        A.PROPOSE,
        play.manager,
        2 * DAY,
        outcome_type=Outcome.Type.REFERRED,
        summary="Het dak is van een private eigenaar; we brengen jullie in contact met de juiste partijen.",
        reasoning=REASONING_REFERRED,
    )
    play.do(A.ACCEPT, play.owner, DAY)
    play.at = ago(2)
    play.do(
        A.REQUEST_REOPEN,
        play.owner,
        HOUR,
        reason="De eigenaar verwijst ons terug naar het stadsdeel. Kunnen we opnieuw in gesprek?",
    )


def withdrawn(i, ago):
    play = Play(i, ago(16)).open().assign(after=DAY)
    play.do(
        A.WITHDRAW,
        play.owner,
        4 * DAY,
        reason="We hebben een andere plek gevonden via de woningcorporatie; we hebben de gemeente niet meer nodig.",
    )


def closed(i, ago):
    play = Play(i, ago(8)).open()
    play.do(
        A.CLOSE,
        play.coordinator,
        DAY,
        closure_kind="not_competent",
        reason="Dit gaat over de dienstregeling van het openbaar vervoer; daarover beslist de gemeente niet.",
        referral="De Vervoerregio Amsterdam, via vervoerregio.nl of 020 527 37 00.",
    )


# (name, how it is played), in the order the initiatives are handed out.
SCENARIOS = [
    ("requested_fresh", requested_fresh),
    ("assigned_overdue", assigned_overdue),
    ("in_dialogue", in_dialogue),
    ("concluded_agreed", concluded_agreed),
    ("awaiting_initiative", awaiting_initiative),
    ("outcome_proposed", outcome_proposed),
    ("assigned_long_overdue", assigned_long_overdue),
    ("contested", contested),
    ("concluded_declined", concluded_declined),
    ("requested_overdue", requested_overdue),
    ("assigned_fresh", assigned_fresh),
    ("in_dialogue_overdue", in_dialogue_overdue),
    ("concluded_partly_by_deadline", concluded_partly_by_deadline),
    ("reopened", reopened),
    ("withdrawn", withdrawn),
    ("closed", closed),
]


def _candidates(count, now):
    """Return up to `count` active public initiatives spread over the districts, in a fixed order.

    With only a few (the initiatives demo did not run) we add our own handful first.
    """

    def spread():
        per_district = [
            list(Initiative.objects.public().filter(status="active", district=district).order_by("pk"))
            for district in District.objects.order_by("name")
        ]
        ordered = []
        for row in range(max((len(items) for items in per_district), default=0)):
            ordered += [items[row] for items in per_district if row < len(items)]
        return ordered

    initiatives = spread()
    if len(initiatives) < len(FALLBACK_INITIATIVES):
        _add_fallback_initiatives(now)
        initiatives = spread()
    return initiatives[:count]


def _add_fallback_initiatives(now):
    owners = [_person(local) for local in ("bewoner", "jan", "priya", "kwame", "sanne", "mehmet")]
    districts = {d.slug: d for d in District.objects.all()}
    for index, (slug, title, summary, description, ask) in enumerate(FALLBACK_INITIATIVES):
        if Initiative.objects.filter(title=title).exists():
            continue
        initiative = Initiative.objects.create(
            title=title,
            summary=summary,
            description=description,
            ask=ask,
            district=districts[slug],
            status=final_state(INITIATIVE_TABLE, Initiative.Status.DRAFT, INITIATIVE_PATHS[Initiative.Status.ACTIVE]),
            submitted_at=now - 100 * DAY,
            accepted_at=now - 90 * DAY,
        )
        Initiator.objects.create(initiative=initiative, user=owners[index % len(owners)], role=Initiator.Role.OWNER)


@transaction.atomic
def seed(out):
    """Play the demo dialogues that are missing; return nothing (no accounts to print)."""
    now = timezone.now()
    scenarios = SCENARIOS
    initiatives = _candidates(len(scenarios), now)
    # With fewer initiatives than scenarios an initiative gets several dialogues; the nth scenario of an
    # initiative is played only when it has fewer than n dialogues, so running twice adds nothing.
    existing = dict(
        Dialogue.objects.filter(initiative__in=initiatives)
        .values("initiative")
        .annotate(count=Count("pk"))
        .values_list("initiative", "count")
    )
    seen = {}
    played = 0
    with notifications_muted():
        for (_name, play), initiative in zip(scenarios, cycle(initiatives), strict=False):
            seen[initiative.pk] = seen.get(initiative.pk, 0) + 1
            if existing.get(initiative.pk, 0) >= seen[initiative.pk]:
                continue
            play(initiative, partial(_ago, now))
            played += 1
        dialogues_log_overdue(now=now)
    if played:
        out.write(f"Demo dialogues: {played} played through, in every state.")
    return []
