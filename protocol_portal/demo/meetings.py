"""Demo meetings: the five events of the seed articles, who came, and what they agreed.

Times of day, the years the articles leave out, the number of people each organisation sent and
the action items' dates are illustrative; the events themselves are the articles'.
"""

import datetime
from zoneinfo import ZoneInfo

from meetings.models import ActionItem, Attendance, Meeting
from partners.models import Municipality, Organisation, Project, Protocol

from . import partners as demo

SOFIA = ZoneInfo("Europe/Sofia")

Kind = Meeting.Kind
Role = Attendance.Role

RTIK_TRAINING = "2022-06-16-korporativno-obuchenie-rtik"
UMBAL_KANEV_MEETING = "2022-06-30-sreshta-umbal-kanev"
PRESS_CONFERENCE = "2023-01-27-preskonferentsia-partnyorstvo-s-kauza"
KNSB_SIGNING = "2024-09-05-podpisvane-knsb-ruse"
# The three days of WEGO3 meetings with the vote on the seven measures.
VOTE_MEETINGS = "2025-10-14-sreshti-targovishte-ruse-plovdiv-glasuvane-na-merki"


def _at(year, month, day, hour=10, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=SOFIA)


def _meetings():
    """Each meeting's fields, its attendance [(organisation slug, role, people)] and actions."""
    return [
        {
            "slug": RTIK_TRAINING,
            "kind": Kind.CORPORATE_TRAINING,
            "project": demo.WEGO2,
            "protocol": demo.RUSE_PROTOCOL,
            # The seed says only that it came before the June meeting at the hospital.
            "starts_at": _at(2022, 6, 16, 10),
            "ends_at": _at(2022, 6, 16, 12, 30),
            "municipality": "ruse",
            "title_bg": "Корпоративно обучение и партньорска среща в РТИК",
            "title_en": "Corporate training and partner meeting at RTIK",
            "venue_bg": "Русенска Търговско Индустриална Компания, Русе",
            "venue_en": "Ruse Trade and Industrial Company, Ruse",
            "agenda_bg": (
                "1. Проектът WEGO2: резултати, дейности и планове.\n"
                "2. Корпоративно обучение: видове насилие и последиците им.\n"
                "3. Услугите на Център Динамика.\n"
                "4. Как РТИК може да помогне."
            ),
            "agenda_en": (
                "1. The WEGO2 project: results, activities and plans.\n"
                "2. Corporate training: types of violence and their consequences.\n"
                "3. The services of Centre Dinamika.\n"
                "4. How RTIK can help."
            ),
            "public_summary_bg": (
                "Експерт на ЦРУО представи проекта WEGO2, постигнатите досега резултати и "
                "плановете на партньорите, а в корпоративното обучение – различните видове "
                "насилие и последиците им за пострадалите, за бизнеса и за обществото. "
                "Център Динамика представи услугите си в подкрепа на жени, преживели домашно "
                "насилие, и техните деца. За първи етап бяха обсъдени две възможности: "
                "безплатен достъп на клиентка на центъра до обучителната платформа на "
                "камарата и помощ за материалите и консумативите, от които центърът има "
                "нужда. Обсъдено бе и корпоративните обучения да достигнат до членовете на "
                "РТИК. Всички се обединиха около идеята за добро партньорство."
            ),
            "public_summary_en": (
                "An expert from CSCD presented the WEGO2 project, its results so far and the "
                "partners' plans; the corporate training then covered the types of violence "
                "and their consequences for survivors, business and society. Centre Dinamika "
                "presented its services for women who survived domestic violence and their "
                "children. Two options were discussed for a first stage: free access for a "
                "client of the centre to the chamber's training platform, and help with the "
                "materials and consumables the centre needs. Bringing the corporate trainings "
                "to RTIK's members was discussed too. Everyone agreed to build a good "
                "partnership."
            ),
            "private_notes": "Следваща стъпка: писмо до РТИК с конкретните нужди на центъра.",
            "is_published": True,
            "attendance": [
                (demo.RTIK, Role.HOST, 6),
                (demo.CSCD, Role.SPEAKER, 1),
                (demo.CENTRE_DINAMIKA, Role.SPEAKER, 2),
            ],
            "actions": [
                {
                    "text_bg": "Уточняване на материалите и консумативите, от които центърът "
                    "има нужда, и начина, по който РТИК може да помогне",
                    "text_en": "Specify the materials and consumables the centre needs and "
                    "how RTIK can help provide them",
                    "responsible": demo.CENTRE_DINAMIKA,
                    "due_on": datetime.date(2022, 7, 15),
                    "status": ActionItem.Status.DONE,
                    "done_on": datetime.date(2022, 7, 8),
                },
                {
                    "text_bg": "Безплатен достъп за клиентка на центъра до обучителната "
                    "платформа на РТИК",
                    "text_en": "Free access to RTIK's training platform for a client of the centre",
                    "responsible": demo.RTIK,
                    "due_on": datetime.date(2022, 9, 30),
                    "status": ActionItem.Status.OPEN,
                },
            ],
        },
        {
            "slug": UMBAL_KANEV_MEETING,
            "kind": Kind.PARTNER_MEETING,
            "project": demo.WEGO2,
            "protocol": demo.RUSE_PROTOCOL,
            # The last day of June; the year is illustrative.
            "starts_at": _at(2022, 6, 30, 13),
            "ends_at": _at(2022, 6, 30, 14, 30),
            "municipality": "ruse",
            "title_bg": "Среща с представители на УМБАЛ „Канев“",
            "title_en": 'Meeting with representatives of UMBAL "Kanev"',
            "venue_bg": "УМБАЛ „Канев“, Русе",
            "venue_en": 'UMBAL "Kanev", Ruse',
            "public_summary_bg": (
                "Болницата има над 1000 души персонал, в по-голямата си част жени, и темата "
                "за домашното насилие и икономическото овластяване на жените, преживели "
                "насилие, срещна положително отношение у всички присъстващи. Център Динамика "
                "представи услугите си, възможностите за партньорство с организациите от "
                "Алианса за защита от насилие, основано на пола, и безплатната си телефонна "
                "линия. Предстои корпоративното обучение да бъде адаптирано към изискванията "
                "на болницата и да се организират обучения за персонала."
            ),
            "public_summary_en": (
                "The hospital has more than 1,000 staff, most of them women, and the topic of "
                "domestic violence and the economic empowerment of women survivors met with a "
                "positive attitude from everyone present. Centre Dinamika presented its "
                "services, the options for partnership with the organisations of the Alliance "
                "for Protection against Gender-Based Violence, and its toll-free line. The "
                "corporate training is to be adapted to the hospital's requirements, followed "
                "by trainings for the staff."
            ),
            "is_published": True,
            "attendance": [
                (demo.UMBAL_KANEV, Role.HOST, 4),
                (demo.CENTRE_DINAMIKA, Role.SPEAKER, 1),
            ],
            "actions": [
                {
                    "text_bg": "Адаптиране на корпоративното обучение към изискванията на "
                    "болницата",
                    "text_en": "Adapt the corporate training to the hospital's requirements",
                    "responsible": demo.CSCD,
                    "due_on": datetime.date(2022, 10, 31),
                    "status": ActionItem.Status.OPEN,
                },
            ],
        },
        {
            "slug": PRESS_CONFERENCE,
            "kind": Kind.PRESS_CONFERENCE,
            "project": demo.PARTNERSHIP_WITH_A_CAUSE,
            "starts_at": _at(2023, 1, 27, 11),
            "ends_at": _at(2023, 1, 27, 12),
            "municipality": "ruse",
            "title_bg": "Пресконференция по проекта „Партньорство с кауза“",
            "title_en": 'Press conference of the project "Partnership with a cause"',
            "venue_bg": "Зала 1, Областна администрация – Русе",
            "venue_en": "Hall 1, Regional Administration – Ruse",
            "public_summary_bg": (
                "Представен бе проектът „Партньорство с кауза“ по програма „Правосъдие“ "
                "(03.10.2022 – 03.04.2024, безвъзмездна помощ 116 332,32 евро). Водеща "
                "организация е Сдружение „Център Динамика“, партньори – Клуб „Отворено "
                "общество“ – Русе и Областна администрация Русе. Целта е интегриран подход "
                "към пострадалите от домашно насилие с фокус върху ромската общност в "
                "област Русе: фокус групи и информационни срещи в 8-те общини, "
                "Консултативен център, 34 изнесени приемни, обучения за професионалисти, "
                "ученици и медии."
            ),
            "public_summary_en": (
                'The project "Partnership with a cause" under the Justice Programme was '
                "presented (3 October 2022 – 3 April 2024, grant EUR 116,332.32). The "
                'promoter is Association "Centre Dinamika"; the partners are Open Society '
                "Club Ruse and Ruse District Administration. The aim is an integrated approach "
                "to victims of domestic violence with a focus on the Roma community in Ruse "
                "region: focus groups and information meetings in the 8 municipalities, an "
                "Advisory Center, 34 outsourced reception centres, and trainings for "
                "professionals, pupils and the media."
            ),
            "is_published": True,
            "attendance": [
                (demo.CENTRE_DINAMIKA, Role.HOST, 3),
                (demo.RUSE_DISTRICT_ADMINISTRATION, Role.HOST, 2),
                (demo.OPEN_SOCIETY_CLUB, Role.SPEAKER, 1),
            ],
            "actions": [],
        },
        {
            "slug": KNSB_SIGNING,
            "kind": Kind.SIGNING,
            "project": demo.WEGO3,
            "protocol": demo.RUSE_PROTOCOL,
            "starts_at": _at(
                demo.KNSB_SIGNED_ON.year, demo.KNSB_SIGNED_ON.month, demo.KNSB_SIGNED_ON.day, 11
            ),
            "municipality": "ruse",
            "title_bg": "Регионален съвет на КНСБ Русе се присъедини към Териториалния протокол",
            "title_en": "KNSB Regional Council Ruse joins the Territorial Protocol",
            "venue_bg": "Русе",
            "venue_en": "Ruse",
            "public_summary_bg": (
                "Председателят на Регионален съвет на КНСБ Русе и директорът на Сдружение "
                "„Център Динамика“ подписаха документа за присъединяване в услуга на "
                "преживелите насилие от интимния партньор. КНСБ ще полага усилия и ще дава "
                "предложения за стабилна работа, образование, квалификация и "
                "преквалификация, финансова грамотност, стартиране на собствен бизнес и "
                "личностно развитие, ще предоставя трудово-правни съвети на клиентките на "
                "кризисния център, ще посредничи за контакт с бизнеса и ще участва в "
                "информационни кампании и обучения. Около месец по-рано към протокола се "
                "присъедини и Асоциация за жените адвокати."
            ),
            "public_summary_en": (
                "The chair of the KNSB Regional Council Ruse and the director of Association "
                '"Centre Dinamika" signed the accession document in service of survivors of '
                "intimate-partner violence. KNSB will make efforts and proposals for stable "
                "work, education, qualification and re-qualification, financial literacy, "
                "starting a business and personal development, give labour-law advice to the "
                "crisis centre's clients, mediate contact with businesses and take part in "
                "information campaigns and trainings. About a month earlier the Association "
                "of Women Lawyers joined the protocol too."
            ),
            "is_published": True,
            "attendance": [
                (demo.CENTRE_DINAMIKA, Role.HOST, 2),
                (demo.KNSB_RUSE, Role.PARTICIPANT, 2),
            ],
            "actions": [
                {
                    "text_bg": "Първи трудово-правни консултации за клиентки на кризисния център",
                    "text_en": "First labour-law consultations for clients of the crisis centre",
                    "responsible": demo.KNSB_RUSE,
                    "due_on": datetime.date(2024, 11, 30),
                    "status": ActionItem.Status.DONE,
                    "done_on": datetime.date(2024, 11, 29),
                },
            ],
        },
        {
            "slug": VOTE_MEETINGS,
            "kind": Kind.VOTE,
            "project": demo.WEGO3,
            # Three days, one in each region; the dates are illustrative.
            "starts_at": _at(2025, 10, 14, 10),
            "ends_at": _at(2025, 10, 16, 16),
            "municipality": None,
            "title_bg": "Срещи в Търговище, Русе и Пловдив: обсъждане и гласуване на 7 мерки "
            "за подкрепа",
            "title_en": "Meetings in Targovishte, Ruse and Plovdiv: discussion and vote on 7 "
            "support measures",
            "venue_bg": "Търговище, Русе и Пловдив",
            "venue_en": "Targovishte, Ruse and Plovdiv",
            # "Over 60 participants" in the seed: 63 is illustrative.
            "participant_count": 63,
            "public_summary_bg": (
                "Представители на общини, бюра по труда, дирекции „Социално подпомагане“, "
                "бизнеса и трите кризисни центъра – Център Динамика (Русе), „Джендър "
                "алтернативи“ (Пловдив) и „НАЯ“ (Търговище) – обсъдиха седем мерки в подкрепа "
                "на жени, преживели насилие, и дали всяка от тях може да се приложи в техния "
                "регион. Бяха показани добри практики от Териториалния протокол в Русе и "
                "опитът от фокус групите с пострадали жени по WEGO3. Над 60 участници "
                "гласуваха: най-голяма подкрепа получи мярка 7 – квалификация и "
                "преквалификация чрез вътрешните политики на организациите; широко подкрепени "
                "бяха и социалните трансфери под формата на стоки (6) и преференциалното "
                "настаняване в общински жилища (2). Избраната мярка ще се приложи пилотно в "
                "един регион за 9 месеца."
            ),
            "public_summary_en": (
                "Representatives of municipalities, labour offices, social assistance "
                "directorates, business and the three crisis centres – Centre Dinamika "
                "(Ruse), Gender Alternatives (Plovdiv) and NAYA (Targovishte) – discussed "
                "seven measures in support of women survivors of violence and whether each "
                "could work in their region. Good practices of the Territorial Protocol in "
                "Ruse and the experience of the WEGO3 focus groups with survivors were shown. "
                "More than 60 participants voted: measure 7 – qualification and "
                "re-qualification through organisations' internal policies – won most "
                "support; social transfers in the form of goods (6) and preferential "
                "accommodation in municipal housing (2) were also widely supported. The chosen "
                "measure will be piloted in one region for 9 months."
            ),
            "is_published": True,
            "attendance": [
                (demo.CENTRE_DINAMIKA, Role.HOST, 3),
                (demo.GENDER_ALTERNATIVES, Role.HOST, 3),
                (demo.NAYA, Role.HOST, 3),
                (demo.CSCD, Role.SPEAKER, 2),
                *[
                    (f"{prefix}-{town}", Role.PARTICIPANT, people)
                    for town in ("ruse", "targovishte", "plovdiv")
                    for prefix, people in (
                        ("obshtina", 3),
                        ("direktsia-byuro-po-truda", 2),
                        ("direktsia-sotsialno-podpomagane", 2),
                    )
                ],
                (demo.KNSB_RUSE, Role.PARTICIPANT, 1),
            ],
            "actions": [
                {
                    "text_bg": "Концепция на избраната мярка: метод и регион на прилагане",
                    "text_en": "Concept of the chosen measure: method and region of the pilot",
                    "responsible": demo.CENTRE_DINAMIKA,
                    "due_on": datetime.date(2025, 10, 31),
                    "status": ActionItem.Status.DONE,
                    "done_on": datetime.date(2025, 10, 30),
                },
                {
                    "text_bg": "Покана към партньорите да включат подкрепа за квалификация и "
                    "преквалификация във вътрешните си политики",
                    "text_en": "Invite the partners to write support for qualification and "
                    "re-qualification into their internal policies",
                    "responsible": demo.KNSB_RUSE,
                    "due_on": datetime.date(2026, 12, 31),
                    "status": ActionItem.Status.OPEN,
                },
            ],
        },
    ]


def load():
    """Create or update the demo meetings with their attendance and action items."""
    rows = _meetings()
    # Only the demo's own organisations: a database may also hold a large generated set.
    organisations = Organisation.objects.in_bulk(
        {slug for row in rows for slug, _role, _people in row["attendance"]}
        | {action["responsible"] for row in rows for action in row["actions"]},
        field_name="slug",
    )
    projects = Project.objects.in_bulk(
        [demo.WEGO2, demo.WEGO3, demo.PARTNERSHIP_WITH_A_CAUSE], field_name="slug"
    )
    protocols = Protocol.objects.in_bulk([demo.RUSE_PROTOCOL], field_name="slug")
    municipalities = {
        municipality.slug: municipality
        for municipality in Municipality.objects.filter(region__code=demo.RUSE)
    }
    for row in rows:
        fields = dict(row)
        slug = fields.pop("slug")
        attendance = fields.pop("attendance")
        actions = fields.pop("actions")
        fields["project"] = projects[fields["project"]]
        fields["protocol"] = protocols[fields["protocol"]] if fields.get("protocol") else None
        municipality = fields.pop("municipality")
        fields["municipality"] = municipalities[municipality] if municipality else None
        meeting, _created = Meeting.objects.update_or_create(slug=slug, defaults=fields)
        for organisation, role, people in attendance:
            Attendance.objects.update_or_create(
                meeting=meeting,
                organisation=organisations[organisation],
                defaults={"role": role, "people": people},
            )
        for action in actions:
            action = dict(action)
            action["responsible"] = organisations[action["responsible"]]
            ActionItem.objects.update_or_create(
                meeting=meeting, text_bg=action.pop("text_bg"), defaults=action
            )
    return {
        "meetings": Meeting.objects.count(),
        "attendance": Attendance.objects.count(),
        "action items": ActionItem.objects.count(),
    }
