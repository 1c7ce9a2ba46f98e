"""Word lists for generated data (`generator.py`): fictitious names in Bulgarian and English.

Built from common words, places and legal forms; no list names a real person, and combinations
may resemble but do not describe real organisations.
"""

from meetings.models import Meeting
from partners.models import Organisation

Sector = Organisation.Sector

# --- Word lists: (Bulgarian, English) ------------------------------------------------------

NGO_NAMES = [
    ("Надежда", "Hope"), ("Подкрепа", "Support"), ("Равни шансове", "Equal Chances"),
    ("Нов път", "New Path"), ("Светлина", "Light"), ("Опора", "Mainstay"),
    ("Бъдеще за всички", "Future for All"), ("Стъпка напред", "Step Forward"),
    ("Сила и кураж", "Strength and Courage"), ("Солидарност", "Solidarity"), ("Мост", "Bridge"),
    ("Шанс", "Chance"), ("Гражданска инициатива", "Civic Initiative"),
    ("Живот без насилие", "Life without Violence"), ("Заедно", "Together"),
    ("Диалог", "Dialogue"), ("Доверие", "Trust"), ("Отворени врати", "Open Doors"),
    ("Женски глас", "Women's Voice"), ("Ново начало", "New Beginning"),
    ("Сигурен дом", "Safe Home"), ("Перспектива", "Perspective"), ("Хоризонт", "Horizon"),
    ("Съпричастност", "Empathy"), ("Достойнство", "Dignity"), ("Промяна", "Change"),
    ("Общност", "Community"), ("Права за всички", "Rights for All"), ("Прозорец", "Window"),
    ("Знание", "Knowledge"),
]  # fmt: skip
NGO_FORMS = [
    ("Сдружение „{}“", 'Association "{}"'), ("Фондация „{}“", '"{}" Foundation'),
    ("Асоциация „{}“", '"{}" Association'), ("Център „{}“", '"{}" Centre'),
    ("Клуб „{}“", '"{}" Club'),
]  # fmt: skip
CRISIS_FORMS = [
    ("Кризисен център „{}“", '"{}" Crisis Centre'),
    ("Комплекс за социални услуги „{}“", '"{}" Social Services Complex'),
    ("Център за подкрепа „{}“", '"{}" Support Centre'),
]  # fmt: skip
BUSINESS_ROOTS = [
    ("Дунав", "Dunav"), ("Балкан", "Balkan"), ("Родопа", "Rodopa"), ("Тракия", "Trakia"),
    ("Янтра", "Yantra"), ("Марица", "Maritsa"), ("Пирин", "Pirin"), ("Витоша", "Vitosha"),
    ("Странджа", "Strandzha"), ("Добруджа", "Dobrudzha"), ("Лудогорие", "Ludogorie"),
    ("Искър", "Iskar"), ("Струма", "Struma"), ("Хемус", "Hemus"), ("Мизия", "Mizia"),
    ("Орфей", "Orfey"), ("Нова", "Nova"), ("Евро", "Euro"), ("Вега", "Vega"),
    ("Сириус", "Sirius"), ("Алфа", "Alfa"), ("Орион", "Orion"), ("Атлас", "Atlas"),
    ("Стара планина", "Stara Planina"), ("Черно море", "Cherno More"),
]  # fmt: skip
BUSINESS_TRADES = [
    ("Агро", "Agro"), ("Инвест", "Invest"), ("Строй", "Stroy"), ("Текс", "Tex"),
    ("Трейд", "Trade"), ("Логистик", "Logistic"), ("Мед", "Med"), ("Софт", "Soft"),
    ("Транс", "Trans"), ("Фарма", "Pharma"), ("Металс", "Metals"), ("Пласт", "Plast"),
    ("Фууд", "Food"), ("Консулт", "Consult"), ("Енерджи", "Energy"), ("Принт", "Print"),
    ("Хотели", "Hotels"), ("Дизайн", "Design"), ("Електрик", "Electric"), ("Мебел", "Mebel"),
]  # fmt: skip
# Legal forms, the common ones more often.
BUSINESS_FORMS = (
    [("ЕООД", "EOOD")] * 9 + [("ООД", "OOD")] * 7 + [("АД", "AD")] * 3 + [("ЕАД", "EAD")]
)
PLACE_NAMES = {
    Sector.PUBLIC_INSTITUTION: [
        ("Дирекция „Социално подпомагане“ – {}", "Social Assistance Directorate – {}"),
        ("Дирекция „Бюро по труда“ – {}", "Labour Office Directorate – {}"),
        ("Отдел „Закрила на детето“ – {}", "Child Protection Department – {}"),
        ("Районно управление на МВР – {}", "District Police Department – {}"),
        ("Районна прокуратура – {}", "District Prosecutor's Office – {}"),
        ("Регионално управление на образованието – {}", "Regional Department of Education – {}"),
        ("Регионална здравна инспекция – {}", "Regional Health Inspectorate – {}"),
        ("Областна администрация {}", "{} District Administration"),
    ],
    Sector.TRADE_UNION: [
        ("Регионален синдикален съвет – {}", "Regional Trade Union Council – {}"),
        ("Синдикат „Образование“ – {}", '"Education" Trade Union – {}'),
        ("Синдикат „Здравеопазване“ – {}", '"Healthcare" Trade Union – {}'),
        ("Синдикат „Транспорт“ – {}", '"Transport" Trade Union – {}'),
        ("Синдикат „Търговия и услуги“ – {}", '"Trade and Services" Trade Union – {}'),
        ("Синдикат „Лека промишленост“ – {}", '"Light Industry" Trade Union – {}'),
    ],
    Sector.BUSINESS_ASSOCIATION: [
        ("Търговско-промишлена палата – {}", "{} Chamber of Commerce and Industry"),
        ("Регионална занаятчийска камара – {}", "{} Regional Chamber of Crafts"),
        ("Сдружение на работодателите – {}", "{} Employers' Association"),
        ("Клъстер „Лека промишленост“ – {}", "{} Light Industry Cluster"),
    ],
    Sector.HEALTHCARE: [
        ("МБАЛ – {}", "MBAL – {} (Multi-profile Hospital for Active Treatment)"),
        ("Диагностично-консултативен център – {}", "Diagnostic and Consultative Centre – {}"),
        ("Център за психично здраве – {}", "Mental Health Centre – {}"),
        ("Комплексен онкологичен център – {}", "Comprehensive Cancer Centre – {}"),
    ],
    Sector.EDUCATION: [
        ("Професионална гимназия по икономика – {}", "Vocational School of Economics – {}"),
        ("Професионална гимназия по туризъм – {}", "Vocational School of Tourism – {}"),
        ("Професионална гимназия по електроника – {}", "Vocational School of Electronics – {}"),
        ("Професионална гимназия по транспорт – {}", "Vocational School of Transport – {}"),
        ("Професионална гимназия по строителство – {}", "Vocational School of Construction – {}"),
        ("Професионална гимназия по земеделие – {}", "Vocational School of Agriculture – {}"),
        ("Регионален център за подкрепа на образованието – {}", "Education Support Centre – {}"),
    ],
    Sector.PROFESSIONAL_ASSOCIATION: [
        ("Асоциация на социалните работници – {}", "{} Association of Social Workers"),
        ("Дружество на психолозите – {}", "{} Society of Psychologists"),
        ("Сдружение на медицинските сестри – {}", "{} Association of Nurses"),
        ("Сдружение на счетоводителите – {}", "{} Association of Accountants"),
        ("Адвокатска колегия – {}", "{} Bar Association"),
        ("Сдружение на медиаторите – {}", "{} Association of Mediators"),
    ],
}  # fmt: skip
# Bodies of a whole region: named after its main town, never after a smaller municipality.
REGIONAL_NAMES = frozenset(
    {
        "Регионално управление на образованието – {}",
        "Регионална здравна инспекция – {}",
        "Областна администрация {}",
        "Регионален синдикален съвет – {}",
        "Търговско-промишлена палата – {}",
        "Регионална занаятчийска камара – {}",
        "Регионален център за подкрепа на образованието – {}",
        "Адвокатска колегия – {}",
    }
)
ROOT_NAMES = {
    Sector.HEALTHCARE: [("Медицински център „{}“", '"{}" Medical Centre')],
    Sector.EDUCATION: [("Център за професионално обучение „{}“", '"{}" Training Centre')],
    Sector.MEDIA: [
        ("Радио „{}“", 'Radio "{}"'), ("Вестник „{}“", '"{}" Newspaper'),
        ("Телевизия „{}“", '"{}" TV'), ("Новини „{}“", '"{}" News'),
    ],
    Sector.OTHER: [
        ("Читалище „{}“", '"{}" Community Centre'), ("Кооперация „{}“", '"{}" Cooperative'),
    ],
}  # fmt: skip
SECTOR_WEIGHTS = {
    Sector.BUSINESS: 30, Sector.NGO: 18, Sector.PUBLIC_INSTITUTION: 9, Sector.MUNICIPALITY: 3,
    Sector.BUSINESS_ASSOCIATION: 4, Sector.TRADE_UNION: 4, Sector.CRISIS_CENTRE: 4,
    Sector.HEALTHCARE: 7, Sector.EDUCATION: 9, Sector.PROFESSIONAL_ASSOCIATION: 4,
    Sector.MEDIA: 4, Sector.OTHER: 4,
}  # fmt: skip
SECTOR_SERVICES = {
    Sector.BUSINESS: ["employment", "qualification", "material-support", "financial-literacy"],
    Sector.NGO: ["awareness-training", "psychological-support", "legal-advice", "material-support"],
    Sector.PUBLIC_INSTITUTION: ["employment", "material-support", "housing", "legal-advice"],
    Sector.MUNICIPALITY: ["housing", "childcare", "material-support", "employment"],
    Sector.BUSINESS_ASSOCIATION: ["employment", "qualification", "business-start-up"],
    Sector.TRADE_UNION: ["legal-advice", "employment", "qualification", "financial-literacy"],
    Sector.CRISIS_CENTRE: ["psychological-support", "legal-advice", "housing", "material-support"],
    Sector.HEALTHCARE: ["healthcare", "psychological-support"],
    Sector.EDUCATION: ["qualification", "awareness-training", "childcare"],
    Sector.PROFESSIONAL_ASSOCIATION: [
        "legal-advice", "psychological-support", "financial-literacy",
    ],
    Sector.MEDIA: ["awareness-training"],
    Sector.OTHER: ["awareness-training", "other", "material-support"],
}  # fmt: skip
SECTOR_PHRASES = {
    Sector.BUSINESS: ("Търговско дружество", "A company"),
    Sector.NGO: ("Неправителствена организация", "An NGO"),
    Sector.PUBLIC_INSTITUTION: ("Държавна институция", "A public institution"),
    Sector.MUNICIPALITY: ("Общинска администрация", "A municipal administration"),
    Sector.BUSINESS_ASSOCIATION: ("Браншова организация", "A business association"),
    Sector.TRADE_UNION: ("Синдикална организация", "A trade union"),
    Sector.CRISIS_CENTRE: ("Кризисен център за пострадали от насилие", "A crisis centre"),
    Sector.HEALTHCARE: ("Лечебно заведение", "A healthcare provider"),
    Sector.EDUCATION: ("Образователна институция", "An educational institution"),
    Sector.PROFESSIONAL_ASSOCIATION: ("Професионална организация", "A professional body"),
    Sector.MEDIA: ("Медия", "A media outlet"),
    Sector.OTHER: ("Организация", "An organisation"),
}
STREETS = [
    "Славянска", "Независимост", "Възраждане", "Шипка", "Дунав", "Родина", "Съединение",
    "Трети март", "Мир", "Княжеска", "Оборище", "Тракия", "Църковна", "Пазарна", "Гарова",
    "Индустриална", "Цветна", "Липа", "Явор", "Свобода",
]  # fmt: skip
FIRST_NAMES = [
    ("Мария", "f"), ("Елена", "f"), ("Иванка", "f"), ("Десислава", "f"), ("Гергана", "f"),
    ("Надежда", "f"), ("Радостина", "f"), ("Силвия", "f"), ("Теодора", "f"), ("Весела", "f"),
    ("Милена", "f"), ("Цветелина", "f"), ("Йорданка", "f"), ("Калина", "f"), ("Ралица", "f"),
    ("Николай", "m"), ("Георги", "m"), ("Стоян", "m"), ("Пламен", "m"), ("Ивайло", "m"),
    ("Красимир", "m"), ("Димитър", "m"), ("Мартин", "m"),
]  # fmt: skip
SURNAMES = [
    "Иванов", "Петров", "Стоянов", "Николов", "Георгиев", "Колев", "Маринов", "Тодоров",
    "Илиев", "Христов", "Ангелов", "Василев", "Митев", "Русев", "Станчев", "Костов",
    "Лазаров", "Енчев", "Добрев", "Киров",
]  # fmt: skip
POSITIONS = [
    ("Председател", "Chair"), ("Управител", "Manager"), ("Координатор", "Coordinator"),
    ("Социален работник", "Social worker"), ("Юрисконсулт", "Legal adviser"),
    ("Експерт човешки ресурси", "HR specialist"), ("Психолог", "Psychologist"),
    ("Директор", "Director"), ("Началник на отдел", "Head of department"),
    ("Експерт връзки с обществеността", "Public relations officer"),
]  # fmt: skip
# (support area) -> [(Bulgarian, English, Bulgarian unit, English unit)]
COMMITMENTS = {
    "employment": [
        ("Работни места за жени, преживели насилие", "Jobs for women survivors of violence",
         "работни места", "jobs"),
        ("Посредничество за контакт с работодатели", "Mediating contact with employers",
         "контакти", "contacts"),
    ],
    "qualification": [
        ("Безплатни курсове за квалификация и преквалификация",
         "Free qualification and re-qualification courses", "жени", "women"),
        ("Стажове при партньорите на мрежата", "Traineeships with the network's partners",
         "стажа", "traineeships"),
    ],
    "financial-literacy": [
        ("Обучения по финансова грамотност", "Financial literacy trainings",
         "обучения", "trainings"),
    ],
    "business-start-up": [
        ("Консултации за започване на собствен бизнес", "Advice on starting a business",
         "консултации", "consultations"),
    ],
    "legal-advice": [
        ("Безплатни правни консултации", "Free legal advice", "консултации", "consultations"),
        ("Трудово-правни съвети за клиентките на кризисния център",
         "Labour-law advice for the crisis centre's clients", "консултации", "consultations"),
    ],
    "housing": [
        ("Временно настаняване в общински жилища",
         "Temporary accommodation in municipal housing", "жилища", "homes"),
    ],
    "childcare": [
        ("Места в детски градини и ясли", "Places in kindergartens and nurseries",
         "места", "places"),
    ],
    "healthcare": [
        ("Безплатни медицински прегледи", "Free medical examinations",
         "прегледа", "examinations"),
    ],
    "psychological-support": [
        ("Индивидуални и групови психологически консултации",
         "Individual and group counselling", "консултации", "sessions"),
    ],
    "material-support": [
        ("Пакети с храни и стоки от първа необходимост", "Packages of food and essentials",
         "пакета", "packages"),
        ("Материали и консумативи за кризисния център",
         "Materials and consumables for the crisis centre", "дарения", "donations"),
    ],
    "awareness-training": [
        ("Участие в информационни кампании", "Taking part in information campaigns",
         "кампании", "campaigns"),
        ("Корпоративни обучения за служителите", "Corporate trainings for staff",
         "обучения", "trainings"),
    ],
    "other": [
        ("Включване в активности за личностно развитие", "Personal development activities",
         "активности", "activities"),
    ],
}  # fmt: skip
Kind = Meeting.Kind
MEETING_TITLES = {
    Kind.PARTNER_MEETING: [
        ("Партньорска среща – {place}", "Partner meeting – {place_en}"),
        ("Среща с {host}", "Meeting with {host_en}"),
    ],
    Kind.CORPORATE_TRAINING: [
        ("Корпоративно обучение в {host}", "Corporate training at {host_en}"),
    ],
    Kind.FOCUS_GROUP: [
        ("Фокус група с жени, преживели насилие – {place}",
         "Focus group with women survivors – {place_en}"),
    ],
    Kind.INFORMATION_SESSION: [
        ("Информационна среща за правата на жените – {place}",
         "Information session on women's rights – {place_en}"),
    ],
    Kind.SIGNING: [("Подписване на присъединяване: {host}", "Signing of the accession: {host_en}")],
    Kind.PRESS_CONFERENCE: [("Пресконференция – {place}", "Press conference – {place_en}")],
    Kind.WORKING_GROUP: [
        ("Работна група по мерките за подкрепа – {place}",
         "Working group on support measures – {place_en}"),
    ],
    Kind.VOTE: [
        ("Обсъждане и гласуване на мерки – {place}",
         "Discussion and vote on measures – {place_en}"),
    ],
}  # fmt: skip
KIND_WEIGHTS = {
    Kind.PARTNER_MEETING: 30, Kind.CORPORATE_TRAINING: 12, Kind.FOCUS_GROUP: 10,
    Kind.INFORMATION_SESSION: 16, Kind.SIGNING: 8, Kind.PRESS_CONFERENCE: 4,
    Kind.WORKING_GROUP: 15, Kind.VOTE: 5,
}  # fmt: skip
TOPICS = [
    ("икономическото овластяване на пострадалите", "the economic empowerment of survivors"),
    ("достъпа до работа и квалификация", "access to work and qualification"),
    ("насочването на клиентки между партньорите", "referring clients between partners"),
    ("изпълнението на ангажиментите по протокола", "progress on the protocol's commitments"),
    ("предстоящите обучения и кампании", "upcoming trainings and campaigns"),
    ("пилотното прилагане на избраната мярка", "the pilot of the chosen measure"),
]  # fmt: skip
VENUES = [("Заседателна зала", "Meeting room"), ("Конферентна зала", "Conference hall"),
          ("Зала 1", "Hall 1"), ("Офис на домакина", "The host's office")]  # fmt: skip
ACTIONS = [
    ("Изпращане на списък с контакти до партньорите", "Send the contact list to the partners"),
    ("Подготовка на предложение за споразумение", "Draft a proposal for an agreement"),
    ("Уточняване на нуждите на кризисния център", "Specify the crisis centre's needs"),
    ("Организиране на корпоративно обучение", "Organise a corporate training"),
    ("Разпространение на информационни материали", "Distribute information materials"),
    ("Отчет за изпълнението на ангажиментите", "Report on the commitments"),
    ("Покана към нови партньори", "Invite new partners"),
]  # fmt: skip
