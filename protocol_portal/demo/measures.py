"""Demo measures: the seven WEGO3 support measures, the vote on them and the pilot of the one
chosen.

The measures and the order of support are the seed's; the vote's numbers, the pilot's region,
dates, milestones, indicators and readings are illustrative.
"""

import datetime
from decimal import Decimal

from measures.models import (
    PILOT_MONTHS,
    Indicator,
    IndicatorReading,
    Measure,
    Milestone,
    Pilot,
    Vote,
    VoteTally,
    add_months,
)
from meetings.models import Meeting
from partners.models import Organisation, Project, Region, SupportArea

from . import meetings as demo_meetings
from . import partners as demo

# (number, slug, support area, Bulgarian title, English title, Bulgarian and English description)
MEASURES = [
    (
        1,
        "myasto-v-detska-gradina",
        "childcare",
        "Място в детска градина за деца на майки, преживели домашно насилие",
        "A kindergarten place for children of mothers who survived domestic violence",
        "Предимство при приема в общинска детска градина, за да може майката да работи или да учи.",
        "Priority for a place in a municipal kindergarten, so that the mother can work or study.",
    ),
    (
        2,
        "preferentsialno-nastanyavane-v-obshtinski-zhilishta",
        "housing",
        "Преференциално настаняване в общински жилища",
        "Preferential accommodation in municipal housing",
        "Предимство при настаняване в общинско жилище за жени, които напускат насилствена среда.",
        "Priority for municipal housing for women leaving a violent home.",
    ),
    (
        3,
        "dopalnitelni-dni-platen-godishen-otpusk",
        "employment",
        "Допълнителни дни платен годишен отпуск (при нужда)",
        "Additional days of paid annual leave (if needed)",
        "Работодателят дава допълнителни платени дни отпуск за съдебни дела, консултации и "
        "преместване.",
        "The employer grants additional paid days off for court hearings, counselling and "
        "moving home.",
    ),
    (
        4,
        "pomoshten-fond",
        "material-support",
        "„Помощен фонд“ (спешен пакет)",
        '"Auxiliary fund" (emergency package)',
        "Спешен пакет от най-необходимото в първите дни след напускане на дома.",
        "An emergency package of essentials for the first days after leaving home.",
    ),
    (
        5,
        "gavkavo-rabotno-vreme",
        "employment",
        "Гъвкаво работно време за жени, преживели насилие",
        "Flexible working hours for women who experienced violence",
        "Работно време, съобразено с грижата за децата, съдебните дела и консултациите.",
        "Working hours that fit around childcare, court hearings and counselling.",
    ),
    (
        6,
        "sotsialni-transferi-pod-formata-na-stoki",
        "material-support",
        "Социални трансфери под формата на стоки",
        "Social transfers in the form of goods",
        "Подкрепа в натура – храна, дрехи, стоки за дома – за жени, пострадали от домашно насилие.",
        "Support in kind – food, clothes, household goods – for women victims of domestic "
        "violence.",
    ),
    (
        7,
        "podkrepa-za-kvalifikatsia-i-prekvalifikatsia",
        "qualification",
        "Подкрепа за квалификация и преквалификация",
        "Support for qualification and re-qualification",
        "Организациите включват във вътрешните си политики улесняване на квалификацията и "
        "преквалификацията на жени, преживели домашно насилие.",
        "Organisations write into their internal policies ways to make qualification and "
        "re-qualification easier for women who survived domestic violence.",
    ),
]
SELECTED_MEASURE = 7

# Illustrative numbers: 63 people took part over the three days ("over 60"), 61 voted, and a
# ballot could support several measures. The order follows the seed: 7 first, then 6 and 2.
ELIGIBLE, BALLOTS_CAST = 63, 61
VOTES_FOR = {7: 47, 6: 38, 2: 35, 1: 22, 5: 19, 4: 14, 3: 9}

# The seed leaves the pilot's region open; Ruse, where the protocol already has partners
# committed to qualification, is an illustrative choice.
PILOT_STARTS_ON = datetime.date(2026, 3, 2)
PILOT_MILESTONES = [
    (
        "Концепция на мярката, метод и регион на прилагане",
        "Concept of the measure, method and region",
        datetime.date(2025, 10, 31),
        datetime.date(2025, 10, 30),
    ),
    (
        "Споразумения с институциите и работодателите за прилагане",
        "Agreements with institutions and employers on the pilot",
        datetime.date(2026, 2, 27),
        datetime.date(2026, 2, 24),
    ),
    (
        "Начало на пилотното прилагане",
        "Pilot starts",
        PILOT_STARTS_ON,
        PILOT_STARTS_ON,
    ),
    (
        "Междинен преглед",
        "Mid-term review",
        datetime.date(2026, 7, 31),
        datetime.date(2026, 7, 29),
    ),
    (
        "Оценка и решение за продължаване",
        "Evaluation and decision on what comes next",
        datetime.date(2026, 12, 18),
        None,
    ),
]
# (Bulgarian name, English name, Bulgarian unit, English unit, target, [(date, value)])
PILOT_INDICATORS = [
    (
        "Жени, включени в квалификация или преквалификация",
        "Women in qualification or re-qualification",
        "жени",
        "women",
        20,
        [
            (datetime.date(2026, 5, 29), 5),
            (datetime.date(2026, 8, 31), 11),
            (datetime.date(2026, 10, 30), 14),
        ],
    ),
    (
        "Организации, включили мярката във вътрешните си политики",
        "Organisations with the measure in their internal policies",
        "организации",
        "organisations",
        6,
        [(datetime.date(2026, 5, 29), 2), (datetime.date(2026, 10, 30), 4)],
    ),
]


def _load_measures(project, areas):
    measures = {}
    for number, slug, area, title_bg, title_en, description_bg, description_en in MEASURES:
        status = Measure.Status.PILOTING if number == SELECTED_MEASURE else Measure.Status.DISCUSSED
        measures[number], _created = Measure.objects.update_or_create(
            project=project,
            number=number,
            defaults={
                "slug": slug,
                "support_area": areas[area],
                "title_bg": title_bg,
                "title_en": title_en,
                "description_bg": description_bg,
                "description_en": description_en,
                "status": status,
            },
        )
    return measures


def _load_vote(measures):
    meeting = Meeting.objects.get(slug=demo_meetings.VOTE_MEETINGS)
    vote, _created = Vote.objects.update_or_create(
        meeting=meeting,
        defaults={
            "question_bg": "Коя мярка да бъде приложена пилотно в един от регионите?",
            "question_en": "Which measure should be piloted in one of the regions?",
            "eligible": ELIGIBLE,
            "ballots_cast": BALLOTS_CAST,
        },
    )
    for number, votes_for in VOTES_FOR.items():
        VoteTally.objects.update_or_create(
            vote=vote, measure=measures[number], defaults={"votes_for": votes_for}
        )


def _load_pilot(measure):
    pilot, _created = Pilot.objects.update_or_create(
        measure=measure,
        region=Region.objects.get(code=demo.RUSE),
        defaults={
            "municipality": None,
            "starts_on": PILOT_STARTS_ON,
            "ends_on": add_months(PILOT_STARTS_ON, PILOT_MONTHS),
            "status": Pilot.Status.RUNNING,
        },
    )
    pilot.implementers.set(
        Organisation.objects.filter(
            slug__in=[demo.CENTRE_DINAMIKA, demo.KNSB_RUSE, "direktsia-byuro-po-truda-ruse"]
        )
    )
    for title_bg, title_en, due_on, done_on in PILOT_MILESTONES:
        Milestone.objects.update_or_create(
            pilot=pilot,
            title_bg=title_bg,
            defaults={"title_en": title_en, "due_on": due_on, "done_on": done_on},
        )
    for name_bg, name_en, unit_bg, unit_en, target, readings in PILOT_INDICATORS:
        indicator, _created = Indicator.objects.update_or_create(
            pilot=pilot,
            name_bg=name_bg,
            defaults={
                "name_en": name_en,
                "unit_bg": unit_bg,
                "unit_en": unit_en,
                "baseline": Decimal(0),
                "target": Decimal(target),
            },
        )
        for measured_on, value in readings:
            IndicatorReading.objects.update_or_create(
                indicator=indicator, measured_on=measured_on, defaults={"value": Decimal(value)}
            )


def load():
    """Create or update the seven measures, the vote on them and the pilot of measure 7."""
    project = Project.objects.get(slug=demo.WEGO3)
    areas = {area.code: area for area in SupportArea.objects.all()}
    measures = _load_measures(project, areas)
    _load_vote(measures)
    _load_pilot(measures[SELECTED_MEASURE])
    return {
        "measures": Measure.objects.count(),
        "votes": Vote.objects.count(),
        "vote tallies": VoteTally.objects.count(),
        "pilots": Pilot.objects.count(),
        "milestones": Milestone.objects.count(),
        "indicators": Indicator.objects.count(),
        "indicator readings": IndicatorReading.objects.count(),
    }
