"""A coordinator imports organisations from a spreadsheet in Chromium, in Bulgarian: uploads a
CSV, reads the preview, applies it, and finds the published organisations in the public
directory. axe checks the pages. The check and the apply run as jobs (in the request here; the
tests of tests/core/test_worker.py run them in a real worker)."""

import re

import pytest

from partners.models import Organisation
from tests.factories import CoordinatorFactory

from .conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-test-password"
CSV = (
    "Наименование (BG);Name (EN);Сектор;Област;Община;В публичния указател\r\n"
    "Фондация „Джендър алтернативи“;Gender Alternatives Foundation;Кризисен център;Пловдив;"
    "Пловдив;да\r\n"
    "Сдружение „НАЯ“;Association NAYA;ngo;Търговище;Търговище;да\r\n"
    "Фирма „Слънце“ ООД;Slantse Ltd;business;Русе;;не\r\n"
)


def test_coordinator_imports_organisations_and_finds_them_in_the_directory(
    page, axe, requests_seen
):
    coordinator = CoordinatorFactory(username="koordinator")
    page.goto("/bg/accounts/login/")
    page.fill("[name=username]", coordinator.username)
    page.fill("[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/bg/"))

    page.goto("/bg/manage/organisations/")
    page.locator("a[href$='/manage/organisations/import/']").click()
    assert_accessible(axe, page)
    page.set_input_files(
        "[name=file]",
        files=[{"name": "partnyori.csv", "mimeType": "text/csv", "buffer": CSV.encode("cp1251")}],
    )
    page.locator("main form[enctype] button[type=submit]").click()

    page.wait_for_url(re.compile(r"/bg/manage/organisations/import/\d+/$"))
    table = page.locator("table.import-rows")
    assert table.get_by_text("Сдружение „НАЯ“").is_visible()
    assert table.get_by_text("Фирма „Слънце“ ООД").is_visible()
    assert Organisation.objects.count() == 0
    assert_accessible(axe, page)

    page.locator("main form[action$='/apply/'] button[type=submit]").click()
    page.wait_for_selector("text=Какво направи внасянето")
    assert Organisation.objects.count() == 3
    assert_accessible(axe, page)

    page.goto("/bg/partners/")
    main = page.locator("main")
    assert main.get_by_text("Фондация „Джендър алтернативи“").first.is_visible()
    assert main.get_by_text("Сдружение „НАЯ“").first.is_visible()
    assert main.get_by_text("Фирма „Слънце“ ООД").count() == 0
    assert requests_seen.foreign == []
