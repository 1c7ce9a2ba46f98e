import gettext
from pathlib import Path

CATALOGUE = Path(__file__).resolve().parents[2] / "locale" / "bg" / "LC_MESSAGES" / "django.po"


def _entries(text):
    """(msgid, msgstr, flags) of each entry of a .po file, joined across continuation lines."""
    entries, current, field, flags = [], {}, None, ""
    for line in [*text.splitlines(), ""]:
        if not line.strip():
            if current:
                entries.append((current.get("msgid", ""), current.get("msgstr", ""), flags))
            current, field, flags = {}, None, ""
        elif line.startswith("#,"):
            flags = line
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            current[field] += line.strip()[1:-1]
        else:
            field, _, value = line.partition(" ")
            # A plural entry's singular form is what gettext() returns for its msgid.
            field = "msgstr" if field in {"msgstr", "msgstr[0]"} else field
            current[field] = current.get(field, "") + value.strip()[1:-1]
    return entries


def test_bulgarian_catalogue_translates_every_string():
    untranslated = [
        msgid
        for msgid, msgstr, flags in _entries(CATALOGUE.read_text())
        if msgid and (not msgstr or "fuzzy" in flags)
    ]

    assert untranslated == []


def test_compiled_catalogue_matches_its_source():
    with CATALOGUE.with_suffix(".mo").open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)
    translated = {
        msgid: msgstr for msgid, msgstr, _flags in _entries(CATALOGUE.read_text()) if msgid
    }

    for msgid, msgstr in translated.items():
        assert catalogue.gettext(_unescape(msgid)) == _unescape(msgstr), msgid


def _unescape(text):
    return text.replace("\\n", "\n").replace('\\"', '"')
