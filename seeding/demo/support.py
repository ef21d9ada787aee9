"""Demo data for support: example schemes, the four guides in Dutch and English, events and requests in every state."""

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from districts.models import District
from initiatives.models import Initiative, Initiator, Theme
from seeding.demo.accounts import RESIDENTS, demo_email
from seeding.paths import INITIATIVE_PATHS, SUPPORT_PATHS
from seeding.player import INITIATIVE_TABLE, SUPPORT_TABLE, final_state
from support.models import Article, Event, Registration, Scheme, SupportRequest
from support.services import event_register
from support.workflow import ASSIGN

R = SupportRequest.Status

# name, provider type, provider, districts (slugs; empty: city-wide), themes, amounts, (opens, deadline) in days
# from the day the demo is loaded (None: rolling), what it is for, who can apply.
SCHEMES = [
    (
        "Voorbeeld: Buurtbudget West",
        "district",
        "Stadsdeel West",
        ["west"],
        ["public-space", "greenery", "social"],
        (500, 5000),
        (None, None),
        "Geld voor bewoners die samen hun buurt mooier, groener of gezelliger maken: een buurtfeest, "
        "geveltuinen, een speelplek.",
        "Minstens drie bewoners uit stadsdeel West die samen een plan hebben. Je hoeft geen stichting te zijn. "
        "Laat zien dat buren je plan steunen.",
    ),
    (
        "Voorbeeld: Stimuleringsfonds Groen",
        "municipality",
        "Gemeente Amsterdam",
        [],
        ["greenery", "public-space"],
        (1000, 25000),
        (None, 95),
        "Voor bewonersinitiatieven die de stad groener maken: boomspiegels, daktuinen, tegels eruit en groen erin.",
        "Bewonersgroepen, verenigingen en stichtingen in heel Amsterdam. Het groen moet voor de buurt "
        "toegankelijk zijn en jullie zorgen samen voor het onderhoud.",
    ),
    (
        "Voorbeeld: Energiefonds voor bewonersinitiatieven",
        "municipality",
        "Gemeente Amsterdam",
        [],
        ["energy", "housing"],
        (2500, 50000),
        (None, 60),
        "Voor energiecoöperaties en buurtgroepen die samen energie besparen of duurzame energie opwekken.",
        "Een coöperatie, vereniging of stichting van bewoners. Voor grotere bedragen vragen we een begroting en "
        "een plan voor de komende drie jaar.",
    ),
    (
        "Voorbeeld: Jeugdcultuurfonds Noord",
        "foundation",
        "Stichting Cultuur Noord (voorbeeld)",
        ["noord"],
        ["culture", "youth"],
        (250, 3000),
        (None, 20),
        "Voor activiteiten waarin jongeren uit Noord zelf kunst en cultuur maken: muziek, theater, film, graffiti.",
        "Jongeren tot 23 jaar of een groep die met hen werkt. Jongeren moeten zelf meebeslissen over het plan.",
    ),
    (
        "Voorbeeld: Sponsorloket Zuidoost",
        "company",
        "Ondernemersvereniging Zuidoost (voorbeeld)",
        ["zuidoost"],
        ["economy", "social", "youth"],
        (None, 2000),
        (None, None),
        "Lokale bedrijven sponsoren buurtactiviteiten met geld, materiaal of vrijwilligers.",
        "Initiatieven in Zuidoost met een activiteit die open is voor iedereen in de buurt.",
    ),
    (
        "Voorbeeld: Samen oud in de wijk",
        "foundation",
        "Fonds Ouderen Amsterdam (voorbeeld)",
        [],
        ["care", "social"],
        (1000, 10000),
        (45, 120),
        "Voor initiatieven waarin buren ouderen helpen om langer en prettig thuis te wonen.",
        "Bewonersgroepen en stichtingen. Ouderen uit de buurt praten mee over het plan.",
    ),
    (
        "Voorbeeld: Zomerfestivals Oost",
        "district",
        "Stadsdeel Oost",
        ["oost"],
        ["culture", "social"],
        (500, 7500),
        (None, -60),
        "Voor festivals en buurtfeesten in de zomer in stadsdeel Oost.",
        "Bewoners en verenigingen uit Oost. Aanvragen uiterlijk drie maanden voor het feest.",
    ),
]

GUIDES = [
    (
        "subsidie-aanvragen",
        "nl",
        "subsidy",
        "Zo vraag je subsidie aan",
        "In vijf stappen van idee naar een goede aanvraag.",
        "<p>Subsidie aanvragen is minder moeilijk dan het lijkt. Zo pak je het aan:</p>"
        "<ol><li><strong>Zoek de juiste regeling.</strong> Kijk in de lijst met subsidies en fondsen op dit "
        "platform, gefilterd op je stadsdeel en thema.</li>"
        "<li><strong>Lees wie mag aanvragen.</strong> Soms moet je een stichting of vereniging zijn, soms niet.</li>"
        "<li><strong>Schrijf je plan kort op.</strong> Wat wil je doen, voor wie, wanneer, en wat kost het?</li>"
        "<li><strong>Maak een eenvoudige begroting.</strong> Zet kosten en andere inkomsten onder elkaar.</li>"
        "<li><strong>Let op de deadline.</strong> Vraag op tijd aan; sommige regelingen lopen het hele jaar.</li></ol>"
        "<p>Twijfel je? Vraag een ondersteuner om mee te lezen.</p>",
    ),
    (
        "how-to-apply-for-a-subsidy",
        "en",
        "subsidy",
        "How to apply for a subsidy",
        "From idea to a good application in five steps.",
        "<p>Applying for a subsidy is easier than it looks. This is how:</p>"
        "<ol><li><strong>Find the right scheme.</strong> Search the list of subsidies and funds on this platform "
        "for your district and theme.</li>"
        "<li><strong>Read who can apply.</strong> Some schemes need a foundation or association, others do not.</li>"
        "<li><strong>Write your plan down briefly.</strong> What do you want to do, for whom, when, and what does it "
        "cost?</li>"
        "<li><strong>Make a simple budget.</strong> List the costs and any other income.</li>"
        "<li><strong>Mind the deadline.</strong> Apply in time; some schemes are open all year.</li></ol>"
        "<p>Not sure? Ask a supporter to read along.</p>",
    ),
    (
        "draagvlak-bouwen",
        "nl",
        "support",
        "Zo krijg je de buurt mee",
        "Steun van buren maakt je idee sterker, ook bij de gemeente.",
        "<p>Een idee wordt een gedeeld belang als buren het steunen.</p>"
        "<ul><li>Praat met mensen op straat, bij de school, in de buurtkamer.</li>"
        "<li>Vraag buren om je initiatief op dit platform te steunen.</li>"
        "<li>Nodig mensen uit om mee te denken, niet alleen om ja te zeggen.</li>"
        "<li>Houd iedereen op de hoogte van wat er gebeurt, ook als het tegenzit.</li></ul>",
    ),
    (
        "building-support",
        "en",
        "support",
        "How to get your neighbours on board",
        "Backing from neighbours makes your idea stronger, at the municipality too.",
        "<p>An idea becomes a shared interest once neighbours back it.</p>"
        "<ul><li>Talk to people in the street, at the school, in the community centre.</li>"
        "<li>Ask neighbours to support your initiative on this platform.</li>"
        "<li>Invite people to think along, not just to say yes.</li>"
        "<li>Keep everyone informed of what happens, also when things go wrong.</li></ul>",
    ),
    (
        "de-pers-benaderen",
        "nl",
        "press",
        "Zo benader je de pers",
        "Een goed verhaal, de juiste journalist en een kort bericht.",
        "<p>Lokale media zijn vaak blij met verhalen uit de buurt.</p>"
        "<ol><li>Vertel in twee zinnen wat er nieuw is en waarom het ertoe doet.</li>"
        "<li>Zoek de journalist die over je buurt of onderwerp schrijft.</li>"
        "<li>Stuur een kort bericht met een foto en je telefoonnummer.</li>"
        "<li>Bel een dag later even na.</li></ol>",
    ),
    (
        "approaching-the-press",
        "en",
        "press",
        "How to approach the press",
        "A good story, the right journalist and a short message.",
        "<p>Local media are often glad to hear stories from the neighbourhood.</p>"
        "<ol><li>Say in two sentences what is new and why it matters.</li>"
        "<li>Find the journalist who writes about your area or subject.</li>"
        "<li>Send a short message with a photo and your phone number.</li>"
        "<li>Call a day later to follow up.</li></ol>",
    ),
    (
        "hoe-de-gemeente-werkt",
        "nl",
        "municipality",
        "Zo werkt de gemeente",
        "Stadsdelen, gebiedsteams en wie waarover beslist.",
        "<p>Amsterdam heeft zeven stadsdelen en het stadsgebied Weesp. Elk stadsdeel heeft een bestuur en "
        "gebiedsteams die de buurten kennen.</p>"
        "<h2>Wie beslist waarover?</h2>"
        "<ul><li><strong>Het stadsdeel</strong>: veel zaken in de buurt, zoals kleine aanpassingen aan de "
        "openbare ruimte en buurtbudgetten.</li>"
        "<li><strong>De centrale stad</strong>: grote zaken voor heel Amsterdam, zoals verkeer en wonen.</li></ul>"
        "<p>Via het dialoogplatform brengt de coördinator je in contact met de juiste ambtenaar.</p>",
    ),
    (
        "how-the-municipality-works",
        "en",
        "municipality",
        "How the municipality works",
        "Districts, area teams and who decides what.",
        "<p>Amsterdam has seven districts and the city area Weesp. Each district has a board and area teams that "
        "know the neighbourhoods.</p>"
        "<h2>Who decides what?</h2>"
        "<ul><li><strong>The district</strong>: many local matters, such as small changes to public space and "
        "neighbourhood budgets.</li>"
        "<li><strong>The central city</strong>: large matters for all of Amsterdam, such as traffic and housing."
        "</li></ul>"
        "<p>Through the dialogue platform, the coordinator puts you in touch with the right official.</p>",
    ),
]


def _at(days, hour, minute=0):
    day = timezone.localdate() + timedelta(days=days)
    while day.weekday() >= 5:  # on a weekday, like most of the platform's meetings
        day += timedelta(days=1)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


# title, kind, district slug (None: city-wide), (days ahead, start hour, end hour), place, online, capacity,
# organiser (demo e-mail local part), audience, description
EVENTS = [
    (
        "Training: subsidie aanvragen",
        "training_residents",
        "west",
        (8, 19, 21),
        "Buurthuis De Kinkerbuurt, Kinkerstraat 1 (voorbeeld)",
        "",
        3,
        "coordinator.west",
        "Bewoners met een initiatief",
        "Een avond om samen een subsidieaanvraag te schrijven. Neem je plan mee. Kleine groep, zodat er tijd is "
        "voor ieders vraag.",
    ),
    (
        "Symposium Kracht van Mokum",
        "symposium",
        None,
        (29, 13, 17),
        "Stadhuis, Amstel 1 (voorbeeld)",
        "",
        150,
        "stad",
        "Bewoners, ambtenaren, bestuurders en raadsleden",
        "Een middag over samenwerken als gelijken: wat werkt in de dialoog tussen initiatieven en de gemeente?",
    ),
    (
        "Training: werken met bewonersinitiatieven",
        "training_officials",
        None,
        (15, 10, 12),
        "",
        "https://example.org/online-training",
        25,
        "stad",
        "Ambtenaren en gebiedsmanagers",
        "Online training voor ambtenaren: hoe begeleid je een initiatief, en hoe geef je een onderbouwd antwoord?",
    ),
    (
        "Consultatie: vergroening van de Noorderparkbuurt",
        "consultation",
        "noord",
        (12, 19, 21),
        "Buurtkamer Noord (voorbeeld)",
        "",
        40,
        "coordinator.noord",
        "Bewoners van de Noorderparkbuurt",
        "Het stadsdeel vraagt bewoners mee te denken over meer groen in de buurt.",
    ),
    (
        "Netwerkbijeenkomst buurtplatforms Zuidoost",
        "network_meeting",
        "zuidoost",
        (20, 19, 22),
        "Bijlmerplein (voorbeeld)",
        "https://example.org/online-meeting",
        60,
        "coordinator.zuidoost",
        "Buurtplatforms en bewonersnetwerken",
        "Buurtplatforms ontmoeten elkaar, delen ervaringen en maken afspraken met het stadsdeel.",
    ),
]

DEMO_INITIATIVES = [
    (
        "Geveltuinen in de Kinkerbuurt",
        "west",
        "bewoner",
        ["greenery", "public-space"],
        "Buren maken samen geveltuinen.",
    ),
    ("Energiecoöperatie Tuindorp", "noord", "jan", ["energy", "housing"], "Samen zonnepanelen op de daken."),
]

# need, status, description, closing note
REQUESTS = [
    ("subsidy", "new", "We willen tegels wippen en planten kopen. Welke subsidie past bij ons plan?", ""),
    ("municipality", "assigned", "Bij welke afdeling moeten we zijn voor een vergunning voor bloembakken?", ""),
    ("media", "in_progress", "We willen de opening van onze buurttuin in de krant krijgen.", ""),
    (
        "fundraising",
        "done",
        "Hoe vinden we sponsors voor ons buurtfeest?",
        "Samen een sponsorbrief geschreven en drie lokale ondernemers benaderd; twee doen mee.",
    ),
    (
        "other",
        "declined",
        "Kan het platform onze website bouwen?",
        "Een website bouwen doen we niet, maar de gids over de pers en een training kunnen helpen.",
    ),
]


# Due dates relative to today; the request in progress is overdue, to show how that looks.
DUE_IN_DAYS = {"assigned": 7, "in_progress": -2, "done": -5, "declined": -3}


def _user(local):
    return User.objects.filter(email=demo_email(local)).first()


def _demo_initiatives():
    """Use the demo's active initiatives when there are any; otherwise make two of our own."""
    existing = list(Initiative.objects.filter(status=Initiative.Status.ACTIVE).order_by("pk")[:3])
    if len(existing) >= 2:
        return existing
    initiatives = []
    now = timezone.now()
    for title, district, owner, themes, summary in DEMO_INITIATIVES:
        initiative, created = Initiative.objects.get_or_create(
            title=title,
            defaults={
                "summary": summary,
                "description": summary,
                "district": District.objects.get(slug=district),
                "status": final_state(
                    INITIATIVE_TABLE, Initiative.Status.DRAFT, INITIATIVE_PATHS[Initiative.Status.ACTIVE]
                ),
                "submitted_at": now,
                "accepted_at": now,
            },
        )
        if created:
            initiative.themes.set(Theme.objects.filter(slug__in=themes))
            Initiator.objects.create(initiative=initiative, user=_user(owner), role=Initiator.Role.OWNER)
        initiatives.append(initiative)
    return initiatives


def _seed_schemes():
    today = timezone.localdate()
    for name, provider_type, provider, districts, themes, amounts, (opens, deadline), description, who in SCHEMES:
        scheme, created = Scheme.objects.get_or_create(
            name=name,
            defaults={
                "provider_type": provider_type,
                "provider_name": provider,
                "description": description,
                "amount_min": amounts[0],
                "amount_max": amounts[1],
                "opens_on": today + timedelta(days=opens) if opens is not None else None,
                "deadline": today + timedelta(days=deadline) if deadline is not None else None,
                "eligibility": who,
                "link": "https://example.org/voorbeeldregeling",
                "is_example": True,
            },
        )
        if created:
            scheme.themes.set(Theme.objects.filter(slug__in=themes))
            scheme.districts.set(District.objects.filter(slug__in=districts))


def _seed_guides():
    for slug, language, category, title, summary, body in GUIDES:
        Article.objects.get_or_create(
            slug=slug,
            defaults={
                "language": language,
                "category": category,
                "title": title,
                "summary": summary,
                "body": body,
                "is_example": True,
            },
        )


def _seed_events():
    for title, kind, district, (days, start, end), place, online, capacity, organiser, audience, text in EVENTS:
        event, created = Event.objects.get_or_create(
            title=title,
            defaults={
                "kind": kind,
                "district": District.objects.get(slug=district) if district else None,
                "starts_at": _at(days, start),
                "ends_at": _at(days, end),
                "location": place,
                "online_url": online,
                "capacity": capacity,
                "organiser": _user(organiser),
                "audience": audience,
                "description": text,
            },
        )
        if created and capacity == 3:
            # The small training is full and has a waiting list, to show how people move up.
            for local, _name in RESIDENTS[1:6]:
                event_register(event=event, user=_user(local))
    return Registration.objects.count()


def _seed_requests(initiatives):
    supporter = _user("ondersteuner")
    now = timezone.now()
    for index, (need, status, description, note) in enumerate(REQUESTS):
        initiative = initiatives[index % len(initiatives)]
        if SupportRequest.objects.filter(initiative=initiative, description=description).exists():
            continue
        owner = initiative.initiator_links.select_related("user").order_by("pk").first()
        coordinator = _user(f"coordinator.{initiative.district.slug}")
        # Without the demo supporter a request is declined while it is new, without being assigned first.
        path = SUPPORT_PATHS["declined_new" if status == R.DECLINED and supporter is None else status]
        status = final_state(SUPPORT_TABLE, R.NEW, path)
        assigned = ASSIGN in path
        SupportRequest.objects.create(
            initiative=initiative,
            need=need,
            description=description,
            status=status,
            supporter=supporter if assigned else None,
            assigned_by=coordinator if assigned else None,
            assigned_at=now if assigned else None,
            due_date=timezone.localdate() + timedelta(days=DUE_IN_DAYS[status]) if assigned else None,
            closing_note=note,
            closed_at=now if note else None,
            created_by=owner.user if owner else None,
        )


@transaction.atomic
def seed(out):
    """Load example schemes, the guides, events and support requests in every state (idempotent)."""
    _seed_schemes()
    _seed_guides()
    _seed_events()
    _seed_requests(_demo_initiatives())
    return []
