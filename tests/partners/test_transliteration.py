"""Bulgarian to Latin by the official streamlined system (Transliteration Act, 2009)."""

import pytest

from core.transliteration import search_form, to_latin


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        ("Център Динамика", "Tsentar Dinamika"),
        ("Търговище", "Targovishte"),
        ("Щастие", "Shtastie"),
        ("Жива вода", "Zhiva voda"),
        ("Чипровци", "Chiprovtsi"),
        ("Шумен", "Shumen"),
        ("Юлиян Йорданов", "Yuliyan Yordanov"),
        ("Ямбол", "Yambol"),
        ("Хасково", "Haskovo"),
        ("Каблешково", "Kableshkovo"),
        ("Русе", "Ruse"),
    ],
)
def test_transliteration_follows_the_official_table(cyrillic, latin):
    assert to_latin(cyrillic) == latin


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        ("Фондация", "Fondatsia"),
        ("София", "Sofia"),
        ("Мария", "Maria"),
        ("ФОНДАЦИЯ", "FONDATSIA"),
    ],
)
def test_transliteration_writes_word_final_iya_as_ia(cyrillic, latin):
    assert to_latin(cyrillic) == latin


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [("Ияслав", "Iyaslav"), ("Илияна", "Iliyana"), ("Фондацията", "Fondatsiyata")],
)
def test_transliteration_writes_iya_inside_a_word_as_iya(cyrillic, latin):
    assert to_latin(cyrillic) == latin


def test_transliteration_keeps_an_abbreviation_in_capitals():
    assert to_latin("КНСБ") == "KNSB"


def test_transliteration_keeps_a_capitalised_multi_letter_sound_capitalised():
    assert to_latin("Щ. Цанев и Ж. Чакъров") == "Sht. Tsanev i Zh. Chakarov"


def test_transliteration_keeps_capitals_inside_a_word():
    assert to_latin("ПроКредит Банк") == "ProKredit Bank"


def test_transliteration_spells_an_all_capital_word_in_capitals():
    assert to_latin("ЦЕНТЪР ЩАСТИЕ") == "TSENTAR SHTASTIE"


def test_transliteration_keeps_lower_case_words_lower_case():
    assert to_latin("община") == "obshtina"


def test_transliteration_leaves_latin_letters_digits_and_punctuation_alone():
    assert to_latin("WEGO3: „Заедно“ 2025 – ЕООД") == "WEGO3: „Zaedno“ 2025 – EOOD"


def test_transliteration_search_form_is_lower_case_latin():
    assert search_form("Център Динамика Dynamics") == "tsentar dinamika dynamics"


def test_transliteration_search_form_of_nothing_is_empty():
    assert search_form(None) == ""
