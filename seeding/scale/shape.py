"""How big the city-scale data set is, in what shares, and the words its texts are made of."""

from dialogues.models import (
    Dialogue,
    WaitingOn,
)
from initiatives.models import Initiative

FULL = {"users": 50_000, "initiatives": 20_000, "supports": 1_000_000, "dialogues": 10_000, "messages": 200_000}
# Officials per district at full scale (at least a few at any fraction), spread over its departments.
OFFICIALS_PER_DISTRICT = 50
DEPARTMENTS_PER_DISTRICT = 6
COORDINATORS_PER_DISTRICT = 3
# Share of a district's dialogues led by the demo civil servant (ambtenaar.<district>@example.org), so the
# benchmark's official has a full inbox.
DEMO_OFFICIAL_SHARE = 0.1
# The word the benchmark searches for in the filtered list; about one initiative in six is about it.
SEARCH_WORD = "geveltuin"

S = Dialogue.State
W = WaitingOn
I = Initiative.Status  # noqa: E741

# Inhabitants in thousands: initiatives and residents are spread over the districts like the people.
POPULATION = {
    "centrum": 87,
    "nieuw-west": 165,
    "noord": 100,
    "oost": 140,
    "west": 150,
    "zuid": 150,
    "zuidoost": 90,
    "weesp": 21,
}
INITIATIVE_STATUSES = [
    (I.ACTIVE, 55),
    (I.REALISED, 12),
    (I.STRANDED, 7),
    ("withdrawn_public", 4),
    (I.DRAFT, 8),
    (I.SUBMITTED, 3),
    (I.INTAKE, 2),
    (I.INFORMATION_REQUESTED, 2),
    (I.REFUSED, 5),
    (I.WITHDRAWN, 2),
]
DIALOGUE_STATES = [
    (S.CONCLUDED, 38),
    (S.IN_DIALOGUE, 14),
    (S.CLOSED, 12),
    (S.AWAITING_INITIATIVE, 8),
    (S.WITHDRAWN, 8),
    (S.ASSIGNED, 7),
    (S.OUTCOME_PROPOSED, 6),
    (S.REQUESTED, 4),
    (S.CONTESTED, 2),
    (S.REOPENED, 1),
]
# Mean number of messages by final state; scaled afterwards so the total is what was asked for.
MESSAGE_MEANS = {S.REQUESTED: 0.5, S.ASSIGNED: 0.5, S.CLOSED: 2, S.WITHDRAWN: 10}
CONVERSATION_MEAN = 27.5

FIRST_NAMES = [
    "Fatima",
    "Jan",
    "Priya",
    "Kwame",
    "Sanne",
    "Mehmet",
    "Lotte",
    "Dewi",
    "Anouk",
    "Hassan",
    "Marieke",
    "Peter",
    "Samira",
    "Jeroen",
    "Ayşe",
    "Tom",
    "Yusuf",
    "Esther",
    "Nadia",
    "Karim",
    "Charlotte",
    "Ravi",
    "Eva",
    "Bas",
    "Lisa",
    "Omar",
    "Femke",
    "Ingrid",
    "Daan",
    "Mirjam",
    "Stefan",
    "Gerda",
    "Ricardo",
    "Grace",
    "Marcel",
    "Sharon",
    "Wouter",
    "Hanneke",
    "Joris",
    "Annemiek",
    "Youssef",
    "Noor",
    "Sem",
    "Emma",
    "Liam",
    "Julia",
    "Finn",
    "Mila",
    "Levi",
    "Zoë",
    "Amir",
    "Sara",
    "Milan",
    "Fenna",
    "Bilal",
]
LAST_INITIALS = "ABCDEFGHIJKLMNOPRSTVWYZ"
STREETS = [
    "Van Limburg Stirumstraat",
    "Ambonplein",
    "Van der Pekstraat",
    "Bos en Lommerweg",
    "Javastraat",
    "Kinkerstraat",
    "Albert Cuypstraat",
    "Dapperstraat",
    "Osdorpplein",
    "Bijlmerdreef",
    "Nieuwstraat",
    "Zeedijk",
    "Jan Evertsenstraat",
    "Vrolikstraat",
    "Buikslotermeerplein",
    "Hoofdweg",
    "Eerste Helmersstraat",
    "Rijnstraat",
    "Linnaeusstraat",
    "Kolenkitbuurt",
    "Spaarndammerstraat",
    "Wibautstraat",
    "Postjesweg",
    "Admiraal de Ruijterweg",
    "Meeuwenlaan",
    "Ganzenhoef",
    "Geuzenveld",
    "Slotermeerlaan",
    "Oostelijke Handelskade",
]
PROJECTS = [
    ("Geveltuinen", "greenery", "geveltuinen langs de hele straat aanleggen en samen onderhouden"),
    ("Speelplek", "youth", "de speelplek veilig, groen en uitdagend maken voor kinderen van alle leeftijden"),
    ("Buurtkamer", "social", "een plek openen waar buren elkaar ontmoeten, met koffie en huiswerkhulp"),
    ("Zonnepanelen", "energy", "zonnepanelen op daken leggen en de stroom met de buurt delen"),
    ("Moestuin", "greenery", "een moestuin beginnen met buren en de school op een braakliggend stuk grond"),
    ("Stille uren", "safety", "afspraken maken met ondernemers over geluid en schoonmaak in de nacht"),
    ("Repair café", "economy", "elke maand spullen repareren in plaats van weggooien"),
    ("Buurtbus", "mobility", "een bus voor ouderen die slecht ter been zijn naar de markt en het ziekenhuis"),
    ("Bankjes", "public-space", "bankjes en schaduw op het plein, zodat ouderen er weer kunnen zitten"),
    ("Muurschildering", "culture", "een muurschildering maken met jongeren uit de buurt"),
    ("Mantelzorgcafé", "care", "mantelzorgers een plek geven om elkaar te steunen"),
    ("Woongroep", "housing", "een woongroep voor ouderen en jongeren die voor elkaar zorgen"),
    ("Fietsenstalling", "mobility", "een buurtstalling zodat de stoep weer vrij is"),
    ("Boomspiegels", "greenery", "de boomspiegels beplanten en een geveltuin bij elke voordeur"),
    ("Huiswerkklas", "youth", "kinderen na school helpen met huiswerk, door vrijwilligers uit de buurt"),
    ("Energiecoöperatie", "energy", "samen woningen isoleren en energie besparen"),
]
SENTENCES = [
    "Wij hebben dit met de buren besproken en er is veel steun voor.",
    "De stoep is breed genoeg en de bewoners zorgen zelf voor het onderhoud.",
    "Graag horen wij welke afdeling hierover gaat en wat de volgende stap is.",
    "Wij hebben de vraag besproken met de afdeling Openbare Ruimte.",
    "Er is budget in het gebiedsplan, maar niet voor het hele plan.",
    "Kun je aangeven welke vergunning nodig is en hoe lang dat duurt?",
    "De bewonerscommissie heeft een tekening gemaakt, die sturen wij mee.",
    "Wij stellen voor om eerst een proef te doen in een deel van de straat.",
    "Het onderhoud kan de buurt zelf doen; de gemeente levert de materialen.",
    "Na overleg met de beheerder blijkt dat de leidingen niet in de weg liggen.",
    "Wij komen graag langs om het plan toe te lichten.",
    "De planning is om na de zomer te beginnen, als het weer het toelaat.",
    "Veertig huishoudens hebben getekend en de school doet mee.",
    "Wij hebben nog een vraag over de verzekering van de vrijwilligers.",
    "Het stadsdeel kan een deel bijdragen uit het buurtbudget.",
    "Dank voor het snelle antwoord; wij gaan de bewoners informeren.",
]
REASONING = (
    "Wij hebben de vraag van het initiatief besproken met de betrokken afdelingen. De plannen passen binnen het "
    "beleid voor de openbare ruimte, de bewoners zorgen zelf voor het onderhoud en er is budget in het gebiedsplan "
    "voor de materialen. Daarom zeggen wij het volgende toe, met de afspraken hieronder."
)


def _weighted(rng, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


def counts_for(fraction: float) -> dict[str, int]:
    """Return how many rows of each kind to seed at `fraction` of full scale (every kind at least a few)."""
    minimum = {"users": 200, "initiatives": 20, "supports": 100, "dialogues": 20, "messages": 200}
    return {name: max(round(full * fraction), minimum[name]) for name, full in FULL.items()}
