"""Demo organisations, the Ruse territorial protocol, its accessions and the three projects.

Facts come from published articles about the Ruse protocol and its projects; the wording is ours.
Where an article gives no year or number, the value chosen here is illustrative and says so.
No personal names: contacts and signatories are described by their role only.
"""

import datetime
from decimal import Decimal

from partners.models import (
    Accession,
    Commitment,
    CommitmentUpdate,
    ContactPerson,
    Deliverable,
    Municipality,
    Organisation,
    Project,
    Protocol,
    Region,
    SupportArea,
)

Sector = Organisation.Sector
Status = Organisation.PartnershipStatus

RUSE, TARGOVISHTE, PLOVDIV, SOFIA_CITY = "BG-18", "BG-25", "BG-16", "BG-22"

# Slugs are the natural keys: written out once, so renaming an organisation never duplicates it.
CENTRE_DINAMIKA = "sdruzhenie-tsentar-dinamika"
CSCD = "tsentar-za-razvitie-na-ustoychivi-obshtnosti"
RTIK = "rusenska-targovsko-industrialna-kompania"
UMBAL_KANEV = "umbal-kanev"
KNSB_RUSE = "regionalen-savet-na-knsb-ruse"
WOMEN_LAWYERS = "asotsiatsia-za-zhenite-advokati"
GENDER_ALTERNATIVES = "fondatsia-dzhendar-alternativi"
NAYA = "sdruzhenie-naya"
OPEN_SOCIETY_CLUB = "klub-otvoreno-obshtestvo-ruse"
RUSE_DISTRICT_ADMINISTRATION = "oblastna-administratsia-ruse"
ALLIANCE = "alians-za-zashtita-ot-nasilie-osnovano-na-pola"

RUSE_PROTOCOL = "teritorialen-protokol-za-vzaimodeystvie-ruse"
WEGO2, WEGO3, PARTNERSHIP_WITH_A_CAUSE = "wego2", "wego3", "partnyorstvo-s-kauza"

# Published: the members and the two public project partners. Organisations still in talks or
# only mentioned stay out of the directory until they agree to be listed.
ORGANISATIONS = [
    {
        "slug": CENTRE_DINAMIKA,
        "name_bg": "Сдружение „Център Динамика“",
        "name_en": 'Association "Centre Dinamika"',
        "short_name_bg": "Център Динамика",
        "short_name_en": "Centre Dinamika",
        "sector": Sector.CRISIS_CENTRE,
        "region": RUSE,
        "municipality": "ruse",
        "address_bg": "гр. Русе, ул. „Панайот Хитов“ 9",
        "address_en": "9 Panayot Hitov St., Ruse",
        "website": "https://dinamika-ruse.bg/",
        "description_bg": (
            "Кризисен център за жени, преживели домашно насилие и насилие от интимния "
            "партньор, и за техните деца. Координира Териториалния протокол за взаимодействие "
            "в област Русе, поддържа безплатна телефонна линия и е водеща организация по "
            "проекта „Партньорство с кауза“. Партньор в проектите WEGO2 и WEGO3."
        ),
        "description_en": (
            "A crisis centre for women who survived domestic and intimate-partner violence, "
            "and for their children. It coordinates the Territorial Protocol for Cooperation "
            "in Ruse region, runs a toll-free telephone line and is the promoter of the project "
            '"Partnership with a cause". Partner in the WEGO2 and WEGO3 projects.'
        ),
        "services": [
            "psychological-support",
            "legal-advice",
            "material-support",
            "awareness-training",
        ],
        "partnership_status": Status.MEMBER,
        "is_published": True,
    },
    {
        "slug": CSCD,
        "name_bg": "Център за развитие на устойчиви общности",
        "name_en": "Center for Sustainable Communities Development",
        "short_name_bg": "ЦРУО",
        "short_name_en": "CSCD",
        "sector": Sector.NGO,
        "region": SOFIA_CITY,
        "municipality": "stolichna",
        "address_bg": "1000 София, ул. „Парчевич“ 37Б",
        "address_en": "37B Parchevich St., 1000 Sofia",
        "website": "https://cscd-bg.org/",
        "description_bg": (
            "Неправителствена организация от София, партньор в проектите WEGO за "
            "икономическо овластяване на жени, преживели насилие. Провежда корпоративни "
            "обучения за видовете насилие и за това, което насилието струва на бизнеса и "
            "обществото."
        ),
        "description_en": (
            "A Sofia-based NGO, partner in the WEGO projects on the economic empowerment of "
            "women survivors of violence. It runs corporate trainings on the types of "
            "violence and on what violence costs business and society."
        ),
        "services": ["awareness-training"],
        "partnership_status": Status.MEMBER,
        "is_published": True,
    },
    {
        "slug": RTIK,
        "name_bg": "Русенска Търговско Индустриална Компания",
        "name_en": "Ruse Trade and Industrial Company",
        "short_name_bg": "РТИК",
        "short_name_en": "RTIK",
        "sector": Sector.BUSINESS_ASSOCIATION,
        "region": RUSE,
        "municipality": "ruse",
        "description_bg": (
            "Сдружение на търговци и индустриалци от Русе с обучителна платформа за своите "
            "членове. На първата среща бяха обсъдени безплатен достъп на клиентка на "
            "кризисния център до платформата, помощ с материали и консумативи и "
            "корпоративни обучения за членовете на компанията."
        ),
        "description_en": (
            "An association of Ruse traders and industrialists with a training platform for "
            "its members. The first meeting discussed free access to the platform for a "
            "client of the crisis centre, help with materials and consumables, and corporate "
            "trainings for the company's members."
        ),
        "services": ["qualification", "material-support", "awareness-training"],
        "partnership_status": Status.IN_TALKS,
        "is_published": False,
    },
    {
        "slug": UMBAL_KANEV,
        "name_bg": "УМБАЛ „Канев“",
        "name_en": 'UMBAL "Kanev" (University Multi-profile Hospital for Active Treatment)',
        "short_name_bg": "УМБАЛ „Канев“",
        "short_name_en": "UMBAL Kanev",
        "sector": Sector.HEALTHCARE,
        "region": RUSE,
        "municipality": "ruse",
        "description_bg": (
            "Университетска многопрофилна болница за активно лечение в Русе с над 1000 души "
            "персонал, в по-голямата си част жени. Предстои корпоративното обучение за "
            "домашното насилие да бъде адаптирано към нуждите на болницата и да се проведат "
            "обучения за персонала."
        ),
        "description_en": (
            "A university multi-profile hospital for active treatment in Ruse with more than "
            "1,000 staff, most of them women. The corporate training on domestic violence is "
            "to be adapted to the hospital's needs, followed by trainings for its staff."
        ),
        "services": ["healthcare"],
        "partnership_status": Status.IN_TALKS,
        "is_published": False,
    },
    {
        "slug": KNSB_RUSE,
        "name_bg": "Регионален съвет на КНСБ Русе",
        "name_en": "KNSB Regional Council Ruse",
        "short_name_bg": "КНСБ",
        "short_name_en": "KNSB",
        "sector": Sector.TRADE_UNION,
        "region": RUSE,
        "municipality": "ruse",
        "description_bg": (
            "Регионалната структура на Конфедерацията на независимите синдикати в България. "
            "С присъединяването си към Териториалния протокол се ангажира с усилия и "
            "предложения за стабилна работа, образование, квалификация и преквалификация, "
            "финансова грамотност и започване на собствен бизнес, както и с трудово-правни "
            "съвети за клиентките на кризисния център."
        ),
        "description_en": (
            "The regional body of the Confederation of Independent Trade Unions in Bulgaria. "
            "By joining the Territorial Protocol it committed to efforts and proposals for "
            "stable work, education, qualification and re-qualification, financial literacy "
            "and starting a business, and to labour-law advice for the crisis centre's "
            "clients."
        ),
        "services": [
            "employment",
            "qualification",
            "financial-literacy",
            "business-start-up",
            "legal-advice",
            "awareness-training",
        ],
        "partnership_status": Status.MEMBER,
        "is_published": True,
    },
    {
        "slug": WOMEN_LAWYERS,
        "name_bg": "Асоциация за жените адвокати",
        "name_en": "Association of Women Lawyers",
        "sector": Sector.PROFESSIONAL_ASSOCIATION,
        "description_bg": (
            "Професионално сдружение на жени адвокати. Присъедини се към Териториалния "
            "протокол в подкрепа на жени, преживели насилие от интимния партньор, около "
            "месец преди Регионалния съвет на КНСБ Русе."
        ),
        "description_en": (
            "A professional association of women lawyers. It joined the Territorial Protocol "
            "in support of women survivors of intimate-partner violence about a month before "
            "the KNSB Regional Council Ruse."
        ),
        "services": ["legal-advice"],
        "partnership_status": Status.MEMBER,
        "is_published": True,
    },
    {
        "slug": GENDER_ALTERNATIVES,
        "name_bg": "Фондация „Джендър алтернативи“",
        "name_en": "Gender Alternatives Foundation",
        "sector": Sector.CRISIS_CENTRE,
        "region": PLOVDIV,
        "municipality": "plovdiv",
        "description_bg": (
            "Кризисен център в Пловдив, партньор в проекта WEGO3, който разширява модела на "
            "териториалния протокол към област Пловдив."
        ),
        "description_en": (
            "A crisis centre in Plovdiv, partner in WEGO3, which extends the territorial "
            "protocol model to Plovdiv region."
        ),
        "services": ["psychological-support", "legal-advice"],
        "partnership_status": Status.MEMBER,
        "is_published": True,
    },
    {
        "slug": NAYA,
        "name_bg": "Сдружение „НАЯ“",
        "name_en": 'Association "NAYA"',
        "short_name_bg": "НАЯ",
        "short_name_en": "NAYA",
        "sector": Sector.CRISIS_CENTRE,
        "region": TARGOVISHTE,
        "municipality": "targovishte",
        "description_bg": (
            "Кризисен център в Търговище, партньор в проекта WEGO3, който разширява модела на "
            "териториалния протокол към област Търговище."
        ),
        "description_en": (
            "A crisis centre in Targovishte, partner in WEGO3, which extends the territorial "
            "protocol model to Targovishte region."
        ),
        "services": ["psychological-support", "legal-advice"],
        "partnership_status": Status.MEMBER,
        "is_published": True,
    },
    {
        "slug": OPEN_SOCIETY_CLUB,
        "name_bg": "Клуб „Отворено общество“ – Русе",
        "name_en": "Open Society Club Ruse",
        "sector": Sector.NGO,
        "region": RUSE,
        "municipality": "ruse",
        "description_bg": (
            "Неправителствена организация от Русе, партньор по проекта „Партньорство с "
            "кауза“ за интегриран подход към пострадалите от домашно насилие с фокус върху "
            "ромската общност в област Русе."
        ),
        "description_en": (
            'A Ruse NGO, partner in the project "Partnership with a cause" on an integrated '
            "approach to victims of domestic violence with a focus on the Roma community in "
            "Ruse region."
        ),
        "services": ["awareness-training"],
        "partnership_status": Status.IN_TALKS,
        "is_published": True,
    },
    {
        "slug": RUSE_DISTRICT_ADMINISTRATION,
        "name_bg": "Областна администрация Русе",
        "name_en": "Ruse District Administration",
        "sector": Sector.PUBLIC_INSTITUTION,
        "region": RUSE,
        "municipality": "ruse",
        "description_bg": (
            "Държавната администрация на област Русе, партньор по проекта „Партньорство с "
            "кауза“. В зала 1 на администрацията се проведе пресконференцията на проекта."
        ),
        "description_en": (
            'The state administration of Ruse region, partner in the project "Partnership '
            "with a cause\". The project's press conference was held in its Hall 1."
        ),
        "services": ["awareness-training"],
        "partnership_status": Status.IN_TALKS,
        "is_published": True,
    },
    {
        "slug": ALLIANCE,
        "name_bg": "Алианс за защита от насилие, основано на пола",
        "name_en": "Alliance for Protection against Gender-Based Violence",
        "sector": Sector.NGO,
        "description_bg": (
            "Национална мрежа от неправителствени организации, които работят срещу "
            "насилието, основано на пола. Център Динамика представя пред партньорите си "
            "възможностите за сътрудничество с организациите от Алианса."
        ),
        "description_en": (
            "A national network of NGOs working against gender-based violence. Centre "
            "Dinamika presents to its partners the options for working with the Alliance's "
            "member organisations."
        ),
        "services": ["psychological-support", "legal-advice", "awareness-training"],
        "partnership_status": Status.PROSPECT,
        "is_published": False,
    },
]

# The articles name the kinds of institution at the WEGO3 meetings (municipalities, labour offices,
# social assistance directorates) in each of the three regions, not the offices themselves:
# one of each kind per region, in talks and out of the directory.
INSTITUTION_REGIONS = [
    (RUSE, "ruse", "ruse", "Русе", "Ruse"),
    (TARGOVISHTE, "targovishte", "targovishte", "Търговище", "Targovishte"),
    (PLOVDIV, "plovdiv", "plovdiv", "Пловдив", "Plovdiv"),
]


def _institutions():
    rows = []
    for region, municipality, slug, town_bg, town_en in INSTITUTION_REGIONS:
        common = {
            "region": region,
            "municipality": municipality,
            "partnership_status": Status.IN_TALKS,
            "is_published": False,
        }
        rows += [
            {
                **common,
                "slug": f"obshtina-{slug}",
                "name_bg": f"Община {town_bg}",
                "name_en": f"{town_en} Municipality",
                "sector": Sector.MUNICIPALITY,
                "description_bg": (
                    "Участва в срещите по проекта WEGO3 за избор на мярка за подкрепа на "
                    "жени, преживели насилие; общината отговаря за детските градини и "
                    "общинските жилища."
                ),
                "description_en": (
                    "Took part in the WEGO3 meetings that chose a support measure for women "
                    "survivors of violence; the municipality runs kindergartens and municipal "
                    "housing."
                ),
                "services": ["childcare", "housing"],
            },
            {
                **common,
                "slug": f"direktsia-byuro-po-truda-{slug}",
                "name_bg": f"Дирекция „Бюро по труда“ – {town_bg}",
                "name_en": f"Labour Office Directorate – {town_en}",
                "sector": Sector.PUBLIC_INSTITUTION,
                "description_bg": (
                    "Участва в срещите по проекта WEGO3; посредничи за работа, квалификация и "
                    "преквалификация."
                ),
                "description_en": (
                    "Took part in the WEGO3 meetings; finds jobs and places in qualification "
                    "and re-qualification courses."
                ),
                "services": ["employment", "qualification"],
            },
            {
                **common,
                "slug": f"direktsia-sotsialno-podpomagane-{slug}",
                "name_bg": f"Дирекция „Социално подпомагане“ – {town_bg}",
                "name_en": f"Social Assistance Directorate – {town_en}",
                "sector": Sector.PUBLIC_INSTITUTION,
                "description_bg": (
                    "Участва в срещите по проекта WEGO3; отпуска социални помощи и насочва към "
                    "социални услуги."
                ),
                "description_en": (
                    "Took part in the WEGO3 meetings; grants social assistance and refers "
                    "people to social services."
                ),
                "services": ["material-support", "childcare"],
            },
        ]
    return rows


# Contact persons are named by their role, never by a person's name; the test suite holds the
# demo to this list.
CONTACTS = [
    {
        "organisation": CENTRE_DINAMIKA,
        "name": "Директор на сдружението",
        "position_bg": "Директор",
        "position_en": "Director",
    },
    {
        "organisation": CENTRE_DINAMIKA,
        "name": "Координатор на Териториалния протокол",
        "position_bg": "Координатор на протокола",
        "position_en": "Protocol coordinator",
        "email": "protocol@example.org",
        "is_public": True,
        "consent_on": datetime.date(2024, 1, 15),
    },
    {
        "organisation": CSCD,
        "name": "Експерт корпоративни обучения",
        "position_bg": "Експерт",
        "position_en": "Corporate training expert",
    },
    {
        "organisation": RTIK,
        "name": "Представител на ръководството",
        "position_bg": "Ръководство",
        "position_en": "Management representative",
    },
    {
        "organisation": UMBAL_KANEV,
        "name": "Представител на персонала",
        "position_bg": "Представител на персонала",
        "position_en": "Staff representative",
    },
    {
        "organisation": KNSB_RUSE,
        "name": "Председател на регионалния съвет",
        "position_bg": "Председател на регионалния съвет",
        "position_en": "Chair of the Regional Council",
    },
    {
        "organisation": WOMEN_LAWYERS,
        "name": "Представител на асоциацията",
        "position_bg": "Представител",
        "position_en": "Association representative",
    },
]
CONTACT_NAMES = frozenset(contact["name"] for contact in CONTACTS)

SIGNATORY_CENTRE = "Директор на Сдружение „Център Динамика“"
SIGNATORY_KNSB = "Председател на Регионален съвет на КНСБ Русе"
SIGNATORY_WOMEN_LAWYERS = "Председател на Асоциация за жените адвокати"
SIGNATORY_ROLES = frozenset({SIGNATORY_CENTRE, SIGNATORY_KNSB, SIGNATORY_WOMEN_LAWYERS})

# The seed gives only the day: 5 September. The year is illustrative.
KNSB_SIGNED_ON = datetime.date(2024, 9, 5)
# "About a month before" the KNSB signing: the exact day is illustrative.
WOMEN_LAWYERS_SIGNED_ON = datetime.date(2024, 8, 6)
# Created within WEGO2 after the June 2022 talks; the date is illustrative.
PROTOCOL_ESTABLISHED_ON = datetime.date(2022, 11, 25)

# (support area, Bulgarian, English): KNSB's accession as the seed lists it. The taxonomy has
# no "education" or "personal development": the nearest areas are used.
KNSB_COMMITMENTS = [
    (
        "employment",
        "Усилия и предложения за осигуряване на възможност за стабилна работа",
        "Efforts and proposals to make stable work possible",
    ),
    (
        "qualification",
        "Усилия и предложения за достъп до образование",
        "Efforts and proposals for access to education",
    ),
    (
        "qualification",
        "Усилия и предложения за квалификация и преквалификация",
        "Efforts and proposals for qualification and re-qualification",
    ),
    (
        "financial-literacy",
        "Обучение по финансова грамотност",
        "Training in financial literacy",
    ),
    (
        "business-start-up",
        "Подкрепа за стартиране на собствен бизнес",
        "Support for starting one's own business",
    ),
    (
        "other",
        "Включване в активности за личностно развитие",
        "Involvement in personal development activities",
    ),
    (
        "legal-advice",
        "Трудово-правни съвети за клиентките на кризисния център",
        "Labour-law advice for the crisis centre's clients",
    ),
    (
        "employment",
        "Посредничество за контакт с бизнес организации",
        "Mediating contact with business organisations",
    ),
    (
        "awareness-training",
        "Участие в информационни кампании, обучения и други инициативи за популяризиране на "
        "общата кауза",
        "Taking part in information campaigns, trainings and other initiatives that promote "
        "the common cause",
    ),
]
KNSB_LEGAL_ADVICE = 6  # position of the labour-law advice commitment above

# The seed does not list what the association promised: these two are illustrative.
WOMEN_LAWYERS_COMMITMENTS = [
    (
        "legal-advice",
        "Безплатни правни консултации за жени, преживели насилие, насочени от кризисния център",
        "Free legal advice for women survivors of violence referred by the crisis centre",
    ),
    (
        "awareness-training",
        "Участие в обученията и информационните кампании на партньорската мрежа",
        "Taking part in the network's trainings and information campaigns",
    ),
]

# The "two options for a first stage" of the RTIK meeting, plus its trainings: a draft, since
# talks continue.
RTIK_COMMITMENTS = [
    (
        "qualification",
        "Безплатен достъп за клиентка на кризисния център до обучителната платформа на РТИК",
        "Free access to RTIK's training platform for a client of the crisis centre",
    ),
    (
        "material-support",
        "Помощ за осигуряване на материалите и консумативите, от които центърът има нужда",
        "Help in providing the materials and consumables the centre needs",
    ),
    (
        "awareness-training",
        "Корпоративни обучения за членовете на РТИК",
        "Corporate trainings for RTIK's members",
    ),
]

# (Bulgarian, English, target): the expected results of "Partnership with a cause". Targets are
# the seed's numbers (8 municipalities, 34 centres) or one for a single product; where the seed
# gives no number the target stays empty.
PARTNERSHIP_DELIVERABLES = [
    (
        "Проведени фокус групи в 8-те общини на област Русе",
        "Focus groups held in the 8 municipalities of Ruse region",
        8,
    ),
    (
        "Изготвен анализ на реалната картина в ромската общност в област Русе по проблемите "
        "на домашното насилие – превенция и защита",
        "Analysis of the real picture in the Roma community of Ruse region on domestic "
        "violence – prevention and protection",
        1,
    ),
    (
        "Проведени информационни срещи за правата на ромските жени в 8-те общини на област Русе",
        "Information meetings on the rights of Roma women held in the 8 municipalities of "
        "Ruse region",
        8,
    ),
    ("Издаден и разпространен наръчник", "Manual published and distributed", 1),
    (
        "Създаден Консултативен център за превенция и защита от домашно насилие",
        "Advisory Center for prevention of and protection from domestic violence established",
        1,
    ),
    (
        "Изнесени приемни в 7-те общини на област Русе извън Русе",
        "Outsourced reception centres in the 7 municipalities of Ruse region outside Ruse",
        34,
    ),
    (
        "Проведени информационни и обучителни дни за професионалисти в 8-те общини на област Русе",
        "Information and training days for professionals held in the 8 municipalities of "
        "Ruse region",
        8,
    ),
    (
        "Обучени ученици от област Русе по социални умения, ефективна комуникация и "
        "ненасилствено решаване на конфликти",
        "Pupils in Ruse region trained in social skills, effective communication and "
        "non-violent conflict resolution",
        None,
    ),
    (
        "Разработено и разпространено методическо ръководство за учители за обучение на "
        "юноши по защита на човешките права",
        "Methodological guide for teachers on teaching adolescents about human rights "
        "protection developed and distributed",
        1,
    ),
    (
        "Обучени представители на регионалните и националните медии за коректно отразяване "
        "на домашното насилие, основано на пола, с фокус върху ромската общност",
        "Representatives of regional and national media trained to report gender-based "
        "domestic violence correctly, with a focus on the Roma community",
        None,
    ),
    ("Изпълнени мерки за информация и публичност", "Publicity measures carried out", None),
]


def _reference():
    regions = {region.code: region for region in Region.objects.all()}
    municipalities = {
        (municipality.region.code, municipality.slug): municipality
        for municipality in Municipality.objects.select_related("region")
    }
    areas = {area.code: area for area in SupportArea.objects.all()}
    return regions, municipalities, areas


def _load_organisations(regions, municipalities, areas):
    organisations = {}
    for row in [*ORGANISATIONS, *_institutions()]:
        fields = dict(row)
        slug = fields.pop("slug")
        services = fields.pop("services")
        region_code = fields.pop("region", None)
        municipality_slug = fields.pop("municipality", None)
        fields["region"] = regions[region_code] if region_code else None
        fields["municipality"] = (
            municipalities[region_code, municipality_slug] if municipality_slug else None
        )
        organisation, _created = Organisation.objects.update_or_create(slug=slug, defaults=fields)
        organisation.services.set([areas[code] for code in services])
        organisations[slug] = organisation
    return organisations


def _load_contacts(organisations):
    for row in CONTACTS:
        fields = dict(row)
        organisation = organisations[fields.pop("organisation")]
        ContactPerson.objects.update_or_create(
            organisation=organisation, name=fields.pop("name"), defaults=fields
        )


def _load_commitments(accession, rows, areas):
    commitments = []
    for position, (area, text_bg, text_en) in enumerate(rows):
        commitment, _created = Commitment.objects.update_or_create(
            accession=accession,
            position=position,
            defaults={"support_area": areas[area], "text_bg": text_bg, "text_en": text_en},
        )
        commitments.append(commitment)
    return commitments


def _load_protocol(organisations, regions, areas):
    protocol, _created = Protocol.objects.update_or_create(
        slug=RUSE_PROTOCOL,
        defaults={
            "name_bg": "Териториален протокол за взаимодействие – област Русе",
            "name_en": "Territorial Protocol for Cooperation – Ruse region",
            "region": regions[RUSE],
            "coordinator": organisations[CENTRE_DINAMIKA],
            "established_on": PROTOCOL_ESTABLISHED_ON,
            "text_bg": (
                "Писмено споразумение за взаимодействие в подкрепа на жени, преживели "
                "насилие от интимния партньор, създадено в Русе по проекта WEGO2. "
                "Институции, бизнес, синдикати и неправителствени организации от областта се "
                "присъединяват към него едно по едно, като подписват документ с конкретни "
                "ангажименти – преди всичко за икономическото овластяване на пострадалите: "
                "работа, квалификация и финансова независимост. Координатор е Сдружение "
                "„Център Динамика“."
            ),
            "text_en": (
                "A written agreement on cooperation in support of women survivors of "
                "intimate-partner violence, created in Ruse within the WEGO2 project. "
                "Institutions, businesses, unions and NGOs of the region join it one by one, "
                "each signing a document with concrete commitments, above all to the economic "
                "empowerment of survivors: work, qualification and financial independence. "
                'It is coordinated by Association "Centre Dinamika".'
            ),
        },
    )

    knsb, _created = Accession.objects.update_or_create(
        protocol=protocol,
        organisation=organisations[KNSB_RUSE],
        defaults={
            "status": Accession.Status.ACTIVE,
            "signed_on": KNSB_SIGNED_ON,
            "valid_until": None,
            "signatories": f"{SIGNATORY_KNSB}\n{SIGNATORY_CENTRE}",
        },
    )
    knsb_commitments = _load_commitments(knsb, KNSB_COMMITMENTS, areas)
    # Progress on the labour-law advice: dates and numbers are illustrative.
    for reported_on, amount, note in [
        (datetime.date(2024, 11, 29), 3, "Трудово-правни консултации за клиентки на центъра."),
        (datetime.date(2025, 3, 14), 2, "Консултации по трудови договори и обезщетения."),
    ]:
        CommitmentUpdate.objects.update_or_create(
            commitment=knsb_commitments[KNSB_LEGAL_ADVICE],
            reported_on=reported_on,
            defaults={"amount": amount, "note": note},
        )

    lawyers, _created = Accession.objects.update_or_create(
        protocol=protocol,
        organisation=organisations[WOMEN_LAWYERS],
        defaults={
            "status": Accession.Status.ACTIVE,
            "signed_on": WOMEN_LAWYERS_SIGNED_ON,
            "valid_until": None,
            "signatories": f"{SIGNATORY_WOMEN_LAWYERS}\n{SIGNATORY_CENTRE}",
        },
    )
    _load_commitments(lawyers, WOMEN_LAWYERS_COMMITMENTS, areas)

    rtik, _created = Accession.objects.update_or_create(
        protocol=protocol,
        organisation=organisations[RTIK],
        defaults={"status": Accession.Status.DRAFT, "signed_on": None, "signatories": ""},
    )
    _load_commitments(rtik, RTIK_COMMITMENTS, areas)
    return protocol


def _load_projects(organisations):
    wego_description_bg = (
        "Икономическо овластяване на жени, преживели насилие от интимния партньор: работа, "
        "квалификация и финансова независимост с подкрепата на институции и бизнес."
    )
    wego_description_en = (
        "Economic empowerment of women survivors of intimate-partner violence: work, "
        "qualification and financial independence with the support of institutions and "
        "business."
    )
    wego2, _created = Project.objects.update_or_create(
        slug=WEGO2,
        defaults={
            "name": "WEGO2",
            "title_bg": "WEGO2 – икономическо овластяване на жени, преживели насилие от "
            "интимния партньор",
            "title_en": "WEGO2 – economic empowerment of women survivors of intimate-partner "
            "violence",
            "description_bg": wego_description_bg
            + " В него е създаден Териториалният протокол за взаимодействие в Русе.",
            "description_en": wego_description_en
            + " The Territorial Protocol for Cooperation in Ruse was created within it.",
            "website": "https://www.wegoproject.eu/",
        },
    )
    wego2.partners.set([organisations[CENTRE_DINAMIKA], organisations[CSCD]])

    wego3, _created = Project.objects.update_or_create(
        slug=WEGO3,
        defaults={
            "name": "WEGO3",
            "title_bg": "WEGO3 – икономическо овластяване на жени, преживели насилие от "
            "интимния партньор",
            "title_en": "WEGO3 – economic empowerment of women survivors of intimate-partner "
            "violence",
            "description_bg": wego_description_bg
            + " Разширява модела на териториалния протокол към областите Търговище и Пловдив.",
            "description_en": wego_description_en
            + " It extends the territorial protocol model to Targovishte and Plovdiv regions.",
            "website": "https://www.wegoproject.eu/",
        },
    )
    wego3.partners.set(
        [
            organisations[CENTRE_DINAMIKA],
            organisations[CSCD],
            organisations[GENDER_ALTERNATIVES],
            organisations[NAYA],
        ]
    )

    cause, _created = Project.objects.update_or_create(
        slug=PARTNERSHIP_WITH_A_CAUSE,
        defaults={
            "name": "Партньорство с кауза",
            "title_bg": "Партньорство с кауза",
            "title_en": "Partnership with a cause",
            "programme_bg": "Програма „Правосъдие“",
            "programme_en": "Justice Programme",
            "description_bg": (
                "Интегриран подход за подобряване на положението на пострадалите от домашно "
                "насилие с фокус върху ромската общност в област Русе."
            ),
            "description_en": (
                "An integrated approach to improving the situation of victims of domestic "
                "violence, with a focus on the Roma community in Ruse region."
            ),
            "starts_on": datetime.date(2022, 10, 3),
            "ends_on": datetime.date(2024, 4, 3),
            "grant_amount": Decimal("116332.32"),
            "currency": Project.Currency.EUR,
            "promoter": organisations[CENTRE_DINAMIKA],
        },
    )
    cause.partners.set(
        [organisations[OPEN_SOCIETY_CLUB], organisations[RUSE_DISTRICT_ADMINISTRATION]]
    )
    # `achieved` stays 0: the articles list what was expected, not what was reached.
    for position, (text_bg, text_en, target) in enumerate(PARTNERSHIP_DELIVERABLES):
        Deliverable.objects.update_or_create(
            project=cause,
            position=position,
            defaults={"text_bg": text_bg, "text_en": text_en, "target": target},
        )


def load():
    """Create or update the demo organisations, protocol, accessions and projects."""
    regions, municipalities, areas = _reference()
    organisations = _load_organisations(regions, municipalities, areas)
    _load_contacts(organisations)
    _load_protocol(organisations, regions, areas)
    _load_projects(organisations)
    return {
        "organisations": Organisation.objects.count(),
        "contact persons": ContactPerson.objects.count(),
        "protocols": Protocol.objects.count(),
        "accessions": Accession.objects.count(),
        "commitments": Commitment.objects.count(),
        "progress updates": CommitmentUpdate.objects.count(),
        "projects": Project.objects.count(),
        "deliverables": Deliverable.objects.count(),
    }
