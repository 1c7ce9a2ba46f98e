"""Reference data every installation needs: the support-area taxonomy, Bulgaria's 28 regions
(ISO 3166-2:BG) and the municipalities of the regions where the protocol runs.

Plain constants, so that data migrations can import them safely.
"""

# (code, Bulgarian, English)
SUPPORT_AREAS = [
    ("employment", "Заетост", "Employment"),
    ("qualification", "Квалификация и преквалификация", "Qualification and re-qualification"),
    ("financial-literacy", "Финансова грамотност", "Financial literacy"),
    ("business-start-up", "Започване на собствен бизнес", "Business start-up"),
    ("legal-advice", "Правни консултации", "Legal advice"),
    ("housing", "Жилищно настаняване", "Housing"),
    ("childcare", "Грижа за децата", "Childcare"),
    ("healthcare", "Здравни грижи", "Healthcare"),
    ("psychological-support", "Психологическа подкрепа", "Psychological support"),
    ("material-support", "Материална подкрепа", "Material support"),
    ("awareness-training", "Информиране и обучения", "Awareness and training"),
    ("other", "Друго", "Other"),
]

# (ISO code, slug, Bulgarian, English)
REGIONS = [
    ("BG-01", "blagoevgrad", "Благоевград", "Blagoevgrad"),
    ("BG-02", "burgas", "Бургас", "Burgas"),
    ("BG-03", "varna", "Варна", "Varna"),
    ("BG-04", "veliko-tarnovo", "Велико Търново", "Veliko Tarnovo"),
    ("BG-05", "vidin", "Видин", "Vidin"),
    ("BG-06", "vratsa", "Враца", "Vratsa"),
    ("BG-07", "gabrovo", "Габрово", "Gabrovo"),
    ("BG-08", "dobrich", "Добрич", "Dobrich"),
    ("BG-09", "kardzhali", "Кърджали", "Kardzhali"),
    ("BG-10", "kyustendil", "Кюстендил", "Kyustendil"),
    ("BG-11", "lovech", "Ловеч", "Lovech"),
    ("BG-12", "montana", "Монтана", "Montana"),
    ("BG-13", "pazardzhik", "Пазарджик", "Pazardzhik"),
    ("BG-14", "pernik", "Перник", "Pernik"),
    ("BG-15", "pleven", "Плевен", "Pleven"),
    ("BG-16", "plovdiv", "Пловдив", "Plovdiv"),
    ("BG-17", "razgrad", "Разград", "Razgrad"),
    ("BG-18", "ruse", "Русе", "Ruse"),
    ("BG-19", "silistra", "Силистра", "Silistra"),
    ("BG-20", "sliven", "Сливен", "Sliven"),
    ("BG-21", "smolyan", "Смолян", "Smolyan"),
    ("BG-22", "sofia-city", "София (столица)", "Sofia City"),
    ("BG-23", "sofia-province", "София", "Sofia Province"),
    ("BG-24", "stara-zagora", "Стара Загора", "Stara Zagora"),
    ("BG-25", "targovishte", "Търговище", "Targovishte"),
    ("BG-26", "haskovo", "Хасково", "Haskovo"),
    ("BG-27", "shumen", "Шумен", "Shumen"),
    ("BG-28", "yambol", "Ямбол", "Yambol"),
]

# region ISO code -> [(slug, Bulgarian, English)]
MUNICIPALITIES = {
    "BG-18": [
        ("borovo", "Борово", "Borovo"),
        ("byala", "Бяла", "Byala"),
        ("vetovo", "Ветово", "Vetovo"),
        ("dve-mogili", "Две могили", "Dve Mogili"),
        ("ivanovo", "Иваново", "Ivanovo"),
        ("ruse", "Русе", "Ruse"),
        ("slivo-pole", "Сливо поле", "Slivo Pole"),
        ("tsenovo", "Ценово", "Tsenovo"),
    ],
    "BG-25": [
        ("antonovo", "Антоново", "Antonovo"),
        ("omurtag", "Омуртаг", "Omurtag"),
        ("opaka", "Опака", "Opaka"),
        ("popovo", "Попово", "Popovo"),
        ("targovishte", "Търговище", "Targovishte"),
    ],
    "BG-16": [
        ("asenovgrad", "Асеновград", "Asenovgrad"),
        ("brezovo", "Брезово", "Brezovo"),
        ("hisarya", "Хисаря", "Hisarya"),
        ("kaloyanovo", "Калояново", "Kaloyanovo"),
        ("karlovo", "Карлово", "Karlovo"),
        ("krichim", "Кричим", "Krichim"),
        ("kuklen", "Куклен", "Kuklen"),
        ("laki", "Лъки", "Laki"),
        ("maritsa", "Марица", "Maritsa"),
        ("perushtitsa", "Перущица", "Perushtitsa"),
        ("parvomay", "Първомай", "Parvomay"),
        ("plovdiv", "Пловдив", "Plovdiv"),
        ("rakovski", "Раковски", "Rakovski"),
        ("rodopi", "Родопи", "Rodopi"),
        ("sadovo", "Садово", "Sadovo"),
        ("saedinenie", "Съединение", "Saedinenie"),
        ("sopot", "Сопот", "Sopot"),
        ("stamboliyski", "Стамболийски", "Stamboliyski"),
    ],
    "BG-22": [("stolichna", "Столична", "Stolichna (Sofia)")],
}
