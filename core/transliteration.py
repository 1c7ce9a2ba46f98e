"""Bulgarian Cyrillic to Latin by the official streamlined system (Transliteration Act, 2009).

Used for stable slugs and for search that finds Cyrillic names typed in Latin letters and the
other way round: both the text and the query are compared in their Latin form. Libraries on
PyPI transliterate Bulgarian with other systems (ъ as ă, щ as shch), which is not what people
type, so the law's table is kept here.
"""

import re

_TABLE = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p",
    "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "h", "ц": "ts", "ч": "ch",
    "ш": "sh", "щ": "sht", "ъ": "a", "ь": "y", "ю": "yu", "я": "ya",
}  # fmt: skip
_WORD = re.compile(r"[А-Яа-яЁёЪъЬь]+")


def _word(match):
    word = match.group(0)
    lower = word.lower()
    letters = [_TABLE.get(char, char) for char in lower]
    # The law's one exception: "ия" ending a word is written "ia" (София → Sofia).
    if lower.endswith("ия"):
        letters[-1] = "a"
    # Case is kept letter by letter (ПроКредит → ProKredit); a capital that becomes two
    # Latin letters is capitalised (Щ → Sht), or all capitals in an all-capital word (КНСБ).
    all_capitals = len(word) > 1 and word.isupper()
    return "".join(
        latin.upper() if all_capitals else latin.capitalize() if char.isupper() else latin
        for char, latin in zip(word, letters, strict=True)
    )


def to_latin(text):
    """`text` with every Bulgarian Cyrillic word spelled in official Latin letters."""
    return _WORD.sub(_word, text)


def search_form(text):
    """Lower-case Latin form of `text`, for matching in either script."""
    return to_latin(text or "").lower()


def search_text(*values):
    """What a record's `search_text` column holds: the Latin form of each of `values` (its
    names or titles in both languages), so that a query in either script finds it."""
    return " ".join(search_form(value) for value in values if value)
