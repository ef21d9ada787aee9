"""Demo initiatives in every district, theme and status, with networks, supporters, updates and reports.

Idempotent: an initiative whose title exists is left alone. Fast: rows and their history go in with
bulk_create, and the notifications the services would send are not written (nobody asked for them).
"""

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from allauth.account.models import EmailAddress
from django.db import transaction
from django.db.models import Case, DateTimeField, Value, When
from django.utils import timezone

from accounts.models import Role, User
from districts.models import Area, District
from initiatives.models import (
    Follow,
    Initiative,
    InitiativeUpdate,
    Initiator,
    Network,
    NetworkMembership,
    Report,
    Support,
    Theme,
)
from initiatives.workflow import Action
from seeding.demo.accounts import RESIDENTS, demo_email, demo_password_hash
from seeding.paths import INITIATIVE_PATHS
from seeding.player import INITIATIVE_TABLE, play

S = Initiative.Status
A = Action

NETWORKS = [
    # name, slug, kind, districts, description, members (resident locals; the first is admin)
    (
        "Buurtplatform Spaarndammerbuurt",
        "buurtplatform-spaarndammerbuurt",
        Network.Kind.NEIGHBOURHOOD_PLATFORM,
        ["west"],
        "Bewoners van de Spaarndammer- en Zeeheldenbuurt die samen de buurt groener en gezelliger maken.",
        ["jan", "bewoner", "lotte"],
    ),
    (
        "Duurzaam Noord",
        "duurzaam-noord",
        Network.Kind.RESIDENTS_NETWORK,
        ["noord"],
        "Een netwerk van bewoners die werken aan schone energie, minder afval en meer groen in Noord.",
        ["sanne", "kwame"],
    ),
    (
        "Samen Sterk Zuidoost",
        "samen-sterk-zuidoost",
        Network.Kind.RESIDENTS_NETWORK,
        ["zuidoost"],
        "Bewonersorganisaties uit de Bijlmer en Gaasperdam die elkaar helpen en samen optrekken.",
        ["kwame", "dewi", "priya"],
    ),
    (
        "Groen Oost",
        "groen-oost",
        Network.Kind.NEIGHBOURHOOD_PLATFORM,
        ["oost", "centrum"],
        "Geveltuinen, boomspiegels en moestuinen: wij vergroenen Oost en het oostelijk deel van Centrum.",
        ["priya", "mehmet"],
    ),
]

# title, district, area, themes, status, network slug, summary, description, ask
INITIATIVES = [
    (
        "Geveltuinen in de Spaarndammerstraat",
        "west",
        "Westerpark",
        ["greenery", "public-space"],
        S.ACTIVE,
        "buurtplatform-spaarndammerbuurt",
        "Samen met de buren tegels wippen en geveltuinen aanleggen langs de hele straat.",
        "Onze straat is grijs en wordt 's zomers erg heet. Dertig huishoudens willen een geveltuin. We regelen "
        "zelf de planten en het onderhoud; we zoeken hulp bij het wippen van de tegels.",
        "Toestemming voor geveltuinen van 30 cm en hulp van de gemeente bij het verwijderen van de tegels.",
    ),
    (
        "Buurtkamer De Kolenkit",
        "west",
        "Bos en Lommer",
        ["social", "care", "housing"],
        S.ACTIVE,
        "",
        "Een huiskamer voor de buurt waar iedereen binnen kan lopen voor koffie, een praatje of hulp.",
        "Veel ouderen in de Kolenkitbuurt zijn eenzaam. Wij willen een buurtkamer openen in een leegstaande "
        "winkel, vijf dagen per week, gerund door vrijwilligers uit de buurt.",
        "Een betaalbare ruimte in een leegstaand pand van een woningcorporatie en een kleine startsubsidie.",
    ),
    (
        "Energiecoöperatie Zonnedaken Noord",
        "noord",
        "Noord-Oost",
        ["energy"],
        S.ACTIVE,
        "duurzaam-noord",
        "Zonnepanelen op de daken van scholen en sporthallen, eigendom van bewoners.",
        "Met een coöperatie willen we 2.000 zonnepanelen leggen op openbare daken. Bewoners kopen certificaten en "
        "delen in de opbrengst; ook huurders zonder eigen dak kunnen zo meedoen.",
        "Gebruik van de daken van gemeentelijke gebouwen voor 25 jaar tegen een symbolische huur.",
    ),
    (
        "Speeltuin Bijlmerweide opknappen",
        "zuidoost",
        "Bijlmer-Centrum",
        ["youth", "public-space"],
        S.ACTIVE,
        "samen-sterk-zuidoost",
        "De speeltuin is versleten. Ouders en kinderen ontwerpen zelf een nieuwe.",
        "De toestellen zijn oud en deels kapot. Met kinderen uit de buurt hebben we een ontwerp gemaakt. Ouders "
        "willen helpen bij de aanleg en het beheer.",
        "Vervanging van de toestellen volgens ons ontwerp en een onderhoudsafspraak.",
    ),
    (
        "Moestuin op het Zeeburgereiland",
        "oost",
        "IJburg/Zeeburgereiland",
        ["greenery", "social"],
        S.ACTIVE,
        "groen-oost",
        "Een gezamenlijke moestuin op een braakliggend kavel, voor en door buurtbewoners.",
        "Op het eiland is weinig groen en veel braakliggende grond. Veertig bewoners willen samen groente "
        "kweken, met een deel voor de voedselbank.",
        "Tijdelijk gebruik van het kavel aan de Zuiderzeeweg tot de bouw begint, met een waterpunt.",
    ),
    (
        "Taalcafé in de bibliotheek Osdorp",
        "nieuw-west",
        "Osdorp",
        ["social", "culture"],
        S.ACTIVE,
        "",
        "Elke week Nederlands oefenen in een ontspannen sfeer, met vrijwilligers als taalmaatje.",
        "Nieuwkomers willen Nederlands oefenen buiten de les. Twintig vrijwilligers staan klaar. We zoeken een "
        "vaste plek en wat geld voor koffie en materiaal.",
        "Een vaste ruimte op woensdagavond en een bijdrage van 1.500 euro per jaar.",
    ),
    (
        "Buurtbus voor ouderen in Weesp",
        "weesp",
        "Weesp/Driemond",
        ["mobility", "care"],
        S.ACTIVE,
        "",
        "Een elektrische buurtbus die ouderen naar de huisarts, de markt en familie brengt.",
        "Sinds de buslijn is ingekort komen ouderen in Driemond moeilijk weg. Vrijwillige chauffeurs willen een "
        "buurtbus rijden, op afspraak.",
        "Hulp bij het aanschaffen van een elektrisch busje en een laadplek bij het dorpshuis.",
    ),
    (
        "Boomspiegels adopteren in De Pijp",
        "zuid",
        "De Pijp/Rivierenbuurt",
        ["greenery"],
        S.ACTIVE,
        "",
        "Bewoners adopteren de boomspiegels in hun straat en planten er bloemen.",
        "Boomspiegels liggen vaak vol afval. Als bewoners ze adopteren worden ze groen en schoon. Er doen al "
        "achttien straten mee.",
        "Een adoptieregeling met bloembollen en compost van de gemeente.",
    ),
    (
        "Veilig oversteken bij de Wibautstraat",
        "oost",
        "Oud-Oost",
        ["safety", "mobility"],
        S.ACTIVE,
        "",
        "Een veilige oversteekplaats voor kinderen op weg naar school.",
        "Elke ochtend steken honderden kinderen over bij een drukke kruising zonder zebrapad. Ouders houden nu "
        "zelf toezicht. Er moet een veilige oplossing komen.",
        "Een zebrapad met verkeerslicht en een lagere snelheid rond de school.",
    ),
    (
        "Repair Café Slotermeer",
        "nieuw-west",
        "Geuzenveld/Slotermeer",
        ["economy", "social"],
        S.ACTIVE,
        "",
        "Samen kapotte spullen repareren in plaats van weggooien.",
        "Eén keer per maand repareren vrijwilligers fietsen, kleding en apparaten. Het is ook een plek om "
        "buren te leren kennen.",
        "Een ruimte in het buurthuis en een kleine bijdrage voor gereedschap.",
    ),
    (
        "Huiswerkklas in Noord",
        "noord",
        "Oud-Noord",
        ["youth"],
        S.ACTIVE,
        "duurzaam-noord",
        "Gratis huiswerkbegeleiding door studenten voor kinderen uit de buurt.",
        "Niet elk kind krijgt thuis hulp bij huiswerk. Studenten uit de buurt begeleiden drie middagen per week "
        "kinderen van groep 7 tot de tweede klas.",
        "Een lokaal in de brede school en een bijdrage voor materiaal.",
    ),
    (
        "Kunst in de onderdoorgang",
        "centrum",
        "Centrum-Oost",
        ["culture", "public-space", "safety"],
        S.ACTIVE,
        "groen-oost",
        "Jongeren schilderen een muurschildering in de donkere onderdoorgang.",
        "De onderdoorgang voelt onveilig. Met een kunstenaar maken jongeren uit de buurt een muurschildering en "
        "komt er betere verlichting.",
        "Toestemming voor de schildering en betere verlichting in de onderdoorgang.",
    ),
    (
        "Buurtfeest op het Mercatorplein",
        "west",
        "Oud-West/De Baarsjes",
        ["culture", "social"],
        S.ACTIVE,
        "",
        "Eén dag per jaar het plein vol muziek, eten en ontmoeting.",
        "Het plein is van iedereen. Met ondernemers en bewoners organiseren we een jaarlijks buurtfeest met "
        "eten uit alle windstreken.",
        "Een vergunning voor het feest en hulp bij het afsluiten van het plein.",
    ),
    (
        "Warme maaltijd voor alleenstaanden",
        "zuidoost",
        "Bijlmer-Oost",
        ["care", "social"],
        S.ACTIVE,
        "samen-sterk-zuidoost",
        "Twee keer per week koken buren voor wie alleen woont.",
        "In de flat wonen veel mensen alleen. Vrijwilligers koken in de buurtkeuken en eten samen met de gasten.",
        "Gebruik van de keuken in het wijkcentrum en een bijdrage voor de boodschappen.",
    ),
    (
        "Deelfietsen voor het Oostelijk Havengebied",
        "oost",
        "Indische Buurt/Oostelijk Havengebied",
        ["mobility", "energy"],
        S.ACTIVE,
        "",
        "Een buurtdeelsysteem met bakfietsen en elektrische fietsen.",
        "Veel gezinnen hebben af en toe een bakfiets nodig. Met een deelsysteem hoeft niet iedereen er een te kopen.",
        "Drie vaste stallingsplekken op straat voor de deelfietsen.",
    ),
    (
        "Ontmoetingsbankjes in Buitenveldert",
        "zuid",
        "Buitenveldert/Zuidas",
        ["care", "public-space"],
        S.ACTIVE,
        "",
        "Meer bankjes langs de looproutes, zodat ouderen onderweg kunnen rusten.",
        "Ouderen lopen minder ver omdat er nergens een bankje staat. We hebben de routes in kaart gebracht.",
        "Twaalf bankjes op de plekken die wij aanwijzen.",
    ),
    (
        "Stadsstrand Weesp",
        "weesp",
        "Weesp/Driemond",
        ["public-space", "culture"],
        S.ACTIVE,
        "",
        "Een klein strand aan de Vecht met activiteiten in de zomer.",
        "Jongeren en gezinnen missen een plek om in de zomer samen te komen. Een tijdelijk strand aan de Vecht "
        "brengt leven in de stad.",
        "Tijdelijk gebruik van de oever en een vergunning voor de zomermaanden.",
    ),
    (
        "Jongerenpodium Nieuw-West",
        "nieuw-west",
        "Slotervaart",
        ["youth", "culture"],
        S.ACTIVE,
        "",
        "Een podium waar jongeren uit de buurt muziek, theater en spoken word maken.",
        "Talent genoeg, maar geen plek om op te treden. Wij organiseren maandelijks een avond in het buurthuis.",
        "Een vaste avond in het buurthuis en geluidsapparatuur.",
    ),
    (
        "Geveltuinen in de Czaar Peterbuurt",
        "centrum",
        "Centrum-Oost",
        ["greenery"],
        S.REALISED,
        "groen-oost",
        "Vijftig geveltuinen aangelegd door de buurt.",
        "In het voorjaar hebben we samen met de gemeente vijftig geveltuinen aangelegd. Bewoners onderhouden ze.",
        "Hulp bij het wippen van de tegels (gerealiseerd).",
    ),
    (
        "Zonnepanelen op de sporthal Noord",
        "noord",
        "Noord-West",
        ["energy"],
        S.REALISED,
        "duurzaam-noord",
        "Driehonderd panelen op het dak van de sporthal, van en voor bewoners.",
        "De panelen liggen er en leveren stroom. De opbrengst gaat naar de leden van de coöperatie.",
        "Dakgebruik (gerealiseerd).",
    ),
    (
        "Voedselbos in Gaasperdam",
        "zuidoost",
        "Gaasperdam",
        ["greenery", "social"],
        S.REALISED,
        "",
        "Een voedselbos met fruitbomen en bessenstruiken, open voor iedereen.",
        "Na twee jaar werk is het voedselbos geplant. Scholen komen er les krijgen.",
        "Een stuk grond in het park (gerealiseerd).",
    ),
    (
        "Speelstraat op zondag in Oud-West",
        "west",
        "Oud-West/De Baarsjes",
        ["youth", "public-space"],
        S.REALISED,
        "",
        "Elke zondagmiddag is de straat autovrij en van de kinderen.",
        "Na een proef van drie maanden is de speelstraat vast. Buren zetten zelf de hekken neer.",
        "Een vaste ontheffing (gerealiseerd).",
    ),
    (
        "Buurtwerkplaats in de oude garage",
        "zuid",
        "Oud-Zuid",
        ["economy"],
        S.STRANDED,
        "",
        "Een werkplaats voor bewoners en kleine makers in een leegstaande garage.",
        "De garage is verkocht voordat we een huurcontract konden sluiten. We zoeken een andere plek.",
        "Tijdelijke huur van de garage.",
    ),
    (
        "Watertappunt op het Osdorpplein",
        "nieuw-west",
        "Osdorp",
        ["public-space", "care"],
        S.STRANDED,
        "",
        "Een gratis watertappunt op het plein.",
        "Er bleek geen wateraansluiting in de buurt te liggen en de kosten waren te hoog.",
        "Een watertappunt op het plein.",
    ),
    (
        "Hondenuitlaatveld Watergraafsmeer",
        "oost",
        "Watergraafsmeer",
        ["public-space", "other"],
        S.STRANDED,
        "",
        "Een omheind veld waar honden los mogen lopen.",
        "Er kwam geen overeenstemming met omwonenden over de plek.",
        "Een omheind veld in het park.",
    ),
    (
        "Bloembakken op de Zeedijk",
        "centrum",
        "Centrum-West",
        ["greenery", "public-space"],
        S.WITHDRAWN,
        "",
        "Bloembakken langs de gevels van de Zeedijk.",
        "De initiatiefnemers zijn verhuisd en hebben het initiatief gestopt.",
        "Toestemming voor bloembakken.",
    ),
    (
        "Schaakclub in het park",
        "west",
        "Westerpark",
        ["culture", "care"],
        S.WITHDRAWN,
        "",
        "Grote schaakborden in het Westerpark.",
        "We hebben een andere plek gevonden bij de sportvereniging.",
        "Twee schaakborden in het park.",
    ),
    (
        "Wijkagent op de fiets",
        "zuidoost",
        "Bijlmer-West",
        ["safety"],
        S.WITHDRAWN,
        "",
        "Vaker een wijkagent op de fiets in de buurt.",
        "Dit bleek niet iets voor de stadsdeelcommissie maar voor de politie.",
        "Meer inzet van de wijkagent.",
    ),
    (
        "Nieuwe bankjes op het Ganzenhoefplein",
        "zuidoost",
        "Bijlmer-Oost",
        ["public-space"],
        S.SUBMITTED,
        "",
        "Bankjes en schaduw op het plein bij het winkelcentrum.",
        "Er is nergens een plek om even te zitten. Bewoners en winkeliers willen bankjes en bomen.",
        "Zes bankjes en twee bomen op het plein.",
    ),
    (
        "Zwemles voor volwassenen",
        "west",
        "Bos en Lommer",
        ["social", "care"],
        S.SUBMITTED,
        "",
        "Betaalbare zwemles voor volwassenen die nooit hebben leren zwemmen.",
        "Veel volwassenen in de buurt kunnen niet zwemmen. Vrijwillige zweminstructeurs willen les geven.",
        "Badwater in het Sloterparkbad op een vaste avond.",
    ),
    (
        "Groene schoolpleinen in Noord",
        "noord",
        "Noord-Oost",
        ["greenery", "youth"],
        S.SUBMITTED,
        "duurzaam-noord",
        "Tegels eruit, groen erin: drie schoolpleinen worden groene speelplekken.",
        "Ouders, leerkrachten en kinderen hebben samen ontwerpen gemaakt voor drie schoolpleinen.",
        "Een bijdrage uit het fonds voor groene schoolpleinen en hulp bij de aanleg.",
    ),
    (
        "Kledingbank aan huis",
        "nieuw-west",
        "De Aker/Sloten/Nieuw-Sloten",
        ["social", "economy"],
        S.INTAKE,
        "",
        "Gratis kleding voor gezinnen met weinig geld, gebracht tot aan de deur.",
        "We hebben een voorraad en vrijwilligers, maar geen opslag en geen busje.",
        "Een opslagruimte en hulp bij vervoer.",
    ),
    (
        "Fietsenstalling bij station Weesp",
        "weesp",
        "Weesp/Driemond",
        ["mobility"],
        S.INTAKE,
        "",
        "Een bewaakte stalling met plek voor bakfietsen.",
        "De rekken bij het station zijn altijd vol. Bewoners willen een bewaakte stalling met vrijwilligers.",
        "Een plek naast het station en een startbijdrage.",
    ),
    (
        "Muziekles in het buurthuis",
        "zuid",
        "De Pijp/Rivierenbuurt",
        ["culture", "youth"],
        S.INFORMATION_REQUESTED,
        "",
        "Goedkope muziekles voor kinderen in het buurthuis.",
        "Muzikanten uit de buurt willen les geven aan kinderen van wie de ouders geen les kunnen betalen.",
        "Een ruimte en instrumenten.",
    ),
    (
        "Afvalbakken langs de Sloterplas",
        "nieuw-west",
        "Slotervaart",
        ["public-space"],
        S.INFORMATION_REQUESTED,
        "",
        "Meer afvalbakken langs het wandelpad om de plas.",
        "In het weekend ligt het pad vol afval. Er zijn te weinig bakken.",
        "Tien extra afvalbakken en een extra ronde in het weekend.",
    ),
    (
        "Ondergrondse parkeergarage onder het park",
        "zuid",
        "Oud-Zuid",
        ["mobility"],
        S.REFUSED,
        "",
        "Een parkeergarage onder het park voor bewoners.",
        "We willen de straten autovrij maken door de auto's onder het park te zetten.",
        "Een parkeergarage onder het park.",
    ),
    (
        "Vuurwerkshow op oudejaarsavond",
        "centrum",
        "Centrum-West",
        ["culture", "safety"],
        S.REFUSED,
        "",
        "Een eigen vuurwerkshow voor de buurt.",
        "We willen een professionele show op de Dam.",
        "Een vergunning en een bijdrage.",
    ),
    (
        "Buurtmoestuin achter de flat",
        "zuidoost",
        "Bijlmer-Centrum",
        ["greenery", "social"],
        S.DRAFT,
        "samen-sterk-zuidoost",
        "Een moestuin op het grasveld achter onze flat.",
        "Het grasveld wordt nauwelijks gebruikt. Met tien buren willen we er een moestuin beginnen.",
        "",
    ),
    (
        "Klimaatstraat Oud-Noord",
        "noord",
        "Oud-Noord",
        ["energy", "greenery", "housing"],
        S.DRAFT,
        "duurzaam-noord",
        "Een straat waar bewoners samen energie besparen en vergroenen.",
        "We beginnen met een energiescan van alle woningen en regenwatertonnen.",
        "",
    ),
    (
        "Leesclub voor ouderen",
        "west",
        "Westerpark",
        ["care", "culture"],
        S.DRAFT,
        "",
        "Elke week samen een boek lezen en bespreken.",
        "Een leesclub brengt ouderen samen en houdt ze actief.",
        "",
    ),
]

NEIGHBOUR_FIRST = [
    "Anna",
    "Mohamed",
    "Sophie",
    "Yusuf",
    "Emma",
    "Rachid",
    "Julia",
    "Kofi",
    "Noor",
    "Daan",
    "Fatma",
    "Lucas",
    "Aisha",
    "Thijs",
    "Mei",
    "Sven",
    "Ilse",
    "Hamza",
    "Roos",
    "Tim",
]
NEIGHBOUR_LAST = ["B.", "de J.", "K.", "van D.", "S.", "A.", "M.", "el H."]
NEIGHBOURHOODS = [
    "Spaarndammerbuurt",
    "Kolenkit",
    "Indische Buurt",
    "De Pijp",
    "Bijlmer",
    "Osdorp",
    "Tuindorp Oostzaan",
    "Jordaan",
    "Watergraafsmeer",
    "Driemond",
    "",
]
NEIGHBOUR_COUNT = 60

UPDATES = [
    "We hebben een eerste bijeenkomst gehad met twintig buren. Iedereen is enthousiast!",
    "Het gesprek met het stadsdeel was goed. We horen binnen twee weken meer.",
    "Dank aan iedereen die steunt. Deel het initiatief met je buren!",
]


def ensure_neighbours():
    """Create the demo neighbours who support initiatives; return them."""
    emails = [demo_email(f"buur{number:02d}") for number in range(1, NEIGHBOUR_COUNT + 1)]
    existing = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
    new = [
        User(
            email=email,
            display_name=f"{NEIGHBOUR_FIRST[index % 20]} {NEIGHBOUR_LAST[index % 8]}",
            preferred_language="nl",
            password=demo_password_hash(),
        )
        for index, email in enumerate(emails)
        if email not in existing
    ]
    User.objects.bulk_create(new)
    neighbours = list(User.objects.filter(email__in=emails).order_by("email"))
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in neighbours],
        ignore_conflicts=True,
    )
    return neighbours


def ensure_networks(districts, residents):
    networks = {}
    for name, slug, kind, district_slugs, description, members in NETWORKS:
        network, created = Network.objects.get_or_create(
            slug=slug, defaults={"name": name, "kind": kind, "description": description}
        )
        if created:
            network.districts.set([districts[s] for s in district_slugs])
            NetworkMembership.objects.bulk_create(
                [
                    NetworkMembership(network=network, user=residents[local], is_admin=index == 0)
                    for index, local in enumerate(members)
                ]
            )
        networks[slug] = network
    return networks


def history_row(initiative, *, at, reason, user, history_type="~", **overrides):
    """Return a history record of `initiative` as it was at `at`, with `overrides` for what differed then."""
    Historical = Initiative.history.model
    tracked = [f.attname for f in Historical._meta.fields if not f.name.startswith("history_") and f.attname != "id"]
    values = {name: getattr(initiative, name) for name in tracked}
    values["image"] = initiative.image.name or ""
    values.update(overrides)
    return Historical(
        id=initiative.pk,
        history_date=at,
        history_type=history_type,
        history_change_reason=reason,
        history_user=user,
        **values,
    )


INTAKE_NOTES = {
    A.ASK: "Kunnen jullie beschrijven wie het initiatief na de start gaat beheren, en hoeveel buren al meedoen?",
    A.REFUSE: "Dit past niet bij wat het stadsdeel kan doen: het vraagt een grote investering waarvoor geen "
    "draagvlak of budget is. Neem gerust contact op als jullie een kleiner plan willen bespreken.",
}
# The initiators take these steps; the district's coordinator takes the others.
BY_INITIATORS = {A.SUBMIT, A.WITHDRAW}


@dataclass
class Plan:
    initiative: Initiative
    owner: User
    created: datetime
    path: list
    themes: list
    steps: list = field(default_factory=list)
    last_step: datetime | None = None


def _plans(rng, now, districts, networks, owners) -> list[Plan]:
    """Return a plan for every demo initiative that is missing: what it is and the path it takes."""
    areas = {(a.district_id, a.name): a for a in Area.objects.all()}
    existing = set(Initiative.objects.filter(title__in=[row[0] for row in INITIATIVES]).values_list("title", flat=True))
    plans = []
    for index, (title, district_slug, area_name, theme_slugs, status, network_slug, *texts) in enumerate(INITIATIVES):
        if title in existing:
            continue
        district = districts[district_slug]
        created = now - timedelta(days=rng.randint(70, 260))
        # Two of the three withdrew after they had been public, one while it waited for the intake.
        path = INITIATIVE_PATHS["withdrawn_public" if status == S.WITHDRAWN and index % 3 != 2 else status]
        if status in (S.SUBMITTED, S.INTAKE, S.INFORMATION_REQUESTED, S.DRAFT):
            created = now - timedelta(days=rng.randint(3, 25))
        summary, description, ask = texts
        initiative = Initiative(
            title=title,
            summary=summary,
            description=description,
            ask=ask,
            district=district,
            area=areas.get((district.pk, area_name)),
            network=networks.get(network_slug),
        )
        plans.append(Plan(initiative, owners[index % len(owners)], created, path, theme_slugs))
    return plans


def _walk(plan: Plan, coordinator, rng, now):
    """Play the plan's path through the transition table with moments in the past; set where it ends."""
    at = plan.created
    state = {"status": S.DRAFT, "submitted_at": None, "accepted_at": None, "intake_note": ""}
    plan.steps = [("create", at, plan.owner, dict(state))]
    for action, _source, target in play(INITIATIVE_TABLE, S.DRAFT, plan.path):
        at = min(at + timedelta(days=rng.randint(2, 12)), now - timedelta(hours=1))
        if action in (A.REALISE, A.STRAND):
            at = min(at + timedelta(days=rng.randint(20, 60)), now - timedelta(hours=1))
        state["status"] = target
        if action == A.SUBMIT:
            state["submitted_at"] = at
        elif action == A.ACCEPT:
            state["accepted_at"] = at
        state["intake_note"] = INTAKE_NOTES.get(action, state["intake_note"])
        plan.steps.append((action, at, plan.owner if action in BY_INITIATORS else coordinator, dict(state)))
    for name, value in state.items():
        setattr(plan.initiative, name, value)
    plan.last_step = at


def _write(plans, themes, owners):
    """Insert the initiatives with their demo dates, their history, initiators and themes."""
    Initiative.objects.bulk_create([plan.initiative for plan in plans])
    # Inserting sets "created_at" to now ("auto_now_add"); give each initiative its demo date.
    Initiative.objects.filter(pk__in=[plan.initiative.pk for plan in plans]).update(
        created_at=Case(
            *[When(pk=plan.initiative.pk, then=Value(plan.created)) for plan in plans],
            output_field=DateTimeField(),
        )
    )
    history = [
        history_row(
            plan.initiative,
            at=at,
            reason=reason,
            user=actor,
            history_type="+" if reason == "create" else "~",
            created_at=plan.created,
            **state,
        )
        for plan in plans
        for reason, at, actor, state in plan.steps
    ]
    Initiative.history.model.objects.bulk_create(history)
    Initiator.objects.bulk_create(
        [Initiator(initiative=plan.initiative, user=plan.owner, role=Initiator.Role.OWNER) for plan in plans]
        + [
            Initiator(
                initiative=plan.initiative, user=owners[(index + 3) % len(owners)], role=Initiator.Role.CO_INITIATOR
            )
            for index, plan in enumerate(plans)
            if index % 4 == 0
        ]
    )
    Through = Initiative.themes.through
    Through.objects.bulk_create(
        [Through(initiative_id=plan.initiative.pk, theme_id=themes[slug].pk) for plan in plans for slug in plan.themes]
    )


def _supporters(plans, neighbours, rng, now) -> int:
    """Add supporters, followers and updates to the initiatives that were accepted; return the supports."""
    supports, follows, updates = [], [], []
    for index, plan in enumerate(plans):
        initiative = plan.initiative
        initiative.last_activity_at = plan.last_step
        if not initiative.accepted_at:
            continue
        count = rng.choice([0, 2, 5, 9, 14, 21, 30, 38, 47, 60]) if index else 60
        # Neighbours back an initiative while it runs: from its acceptance until today or until it ended.
        since = max(initiative.accepted_at, now - timedelta(weeks=10))
        until = now if initiative.status == S.ACTIVE else plan.last_step
        span = max(int((until - since).total_seconds()), 3600)
        for neighbour in rng.sample(neighbours, count):
            # A power below 1 puts more supporters in the later weeks, so the growth chart rises.
            at = since + timedelta(seconds=int(span * rng.random() ** 0.6))
            supports.append(
                Support(
                    initiative=initiative,
                    user=neighbour,
                    listed_publicly=rng.random() < 0.7,
                    neighbourhood=rng.choice(NEIGHBOURHOODS),
                    created_at=at,
                )
            )
            initiative.last_activity_at = max(initiative.last_activity_at, at)
        initiative.supporter_count = count
        follows += [Follow(initiative=initiative, user=n, created_at=now) for n in rng.sample(neighbours, count // 3)]
        if initiative.status == S.ACTIVE:
            for text, days in zip(UPDATES[: 1 + index % 3], (30, 12, 2), strict=False):
                moment = now - timedelta(days=days)
                updates.append(InitiativeUpdate(initiative=initiative, author=plan.owner, text=text, created_at=moment))
                initiative.last_activity_at = max(initiative.last_activity_at, moment)
    Support.objects.bulk_create(supports, ignore_conflicts=True)
    Follow.objects.bulk_create(follows, ignore_conflicts=True)
    InitiativeUpdate.objects.bulk_create(updates)
    # bulk_update writes the values as they are; no "auto_now_add" interferes, as it does on insert.
    Initiative.objects.bulk_update([plan.initiative for plan in plans], ["supporter_count", "last_activity_at"])
    return len(supports)


def _report_one(plans, neighbours, now):
    """Put an active initiative in the moderation queue."""
    reported = next((plan.initiative for plan in plans if plan.initiative.status == S.ACTIVE), None)
    if reported is None:
        return
    Report.objects.bulk_create(
        [
            Report(
                initiative=reported,
                reporter=neighbours[0],
                reason="De tekst noemt een buurman bij naam en dat voelt niet goed.",
                created_at=now - timedelta(days=1),
            )
        ],
        ignore_conflicts=True,
    )


@transaction.atomic
def seed(out):
    """Create the demo initiatives, networks and supporters that are missing."""
    now = timezone.now()
    rng = random.Random(2026)
    districts = {d.slug: d for d in District.objects.all()}
    themes = {t.slug: t for t in Theme.objects.all()}
    residents = {local: User.objects.get(email=demo_email(local)) for local, _name in RESIDENTS}
    coordinators = {
        role.district_id: role.user for role in Role.objects.filter(kind=Role.Kind.COORDINATOR).select_related("user")
    }
    networks = ensure_networks(districts, residents)
    neighbours = ensure_neighbours()
    owners = [residents[local] for local, _name in RESIDENTS]
    plans = _plans(rng, now, districts, networks, owners)
    if not plans:
        return []
    for plan in plans:
        _walk(plan, coordinators.get(plan.initiative.district_id), rng, now)
    _write(plans, themes, owners)
    supports = _supporters(plans, neighbours, rng, now)
    _report_one(plans, neighbours, now)
    out.write(f"Demo initiatives: {len(plans)} added, {supports} supporters.")
    return []
