import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError
from django.utils import translation

from protocol_portal.models import SiteSettings


@pytest.mark.django_db
def test_site_settings_start_with_the_national_helpline_in_both_languages():
    settings_row = SiteSettings.load()

    assert settings_row.hotline_number == "0800 1 86 76"
    with translation.override("bg"):
        assert settings_row.hotline_hours == "денонощно, безплатно"
    with translation.override("en"):
        assert settings_row.hotline_hours == "24/7, free of charge"


@pytest.mark.django_db
def test_site_settings_keep_a_single_row():
    SiteSettings.load()
    SiteSettings(hotline_name_bg="Друга линия", hotline_hours_bg="винаги").save()

    assert SiteSettings.objects.count() == 1
    with pytest.raises(IntegrityError):
        SiteSettings.objects.create(pk=2, hotline_name_bg="Втора", hotline_hours_bg="винаги")


@pytest.mark.django_db
def test_hotline_number_with_letters_is_refused_with_a_message():
    settings_row = SiteSettings.load()
    settings_row.hotline_number = "call us"

    with pytest.raises(ValidationError) as error:
        settings_row.full_clean()

    assert "hotline_number" in error.value.message_dict


@pytest.mark.django_db
def test_admin_edits_the_site_settings_in_place(admin_client):
    SiteSettings.load()

    response = admin_client.post(
        "/admin/protocol_portal/sitesettings/1/change/",
        {
            "hotline_name_bg": "Линия на кризисния център",
            "hotline_name_en": "Crisis centre line",
            "hotline_number": "0800 11 222",
            "hotline_hours_bg": "9–17 ч.",
            "hotline_hours_en": "9:00–17:00",
            "quick_exit_url": "https://weather.example/",
        },
    )

    assert response.status_code == 302
    assert SiteSettings.load().hotline_number == "0800 11 222"
    assert admin_client.get("/admin/protocol_portal/sitesettings/add/").status_code == 403


@pytest.mark.django_db
def test_demo_coordinator_gets_a_random_password_printed_once(capsys):
    call_command("create_demo_coordinator")
    first = capsys.readouterr().out
    password = first.split("password: ")[1].split()[0]
    user = get_user_model().objects.get(username="coordinator")

    call_command("create_demo_coordinator")
    second = capsys.readouterr().out
    user.refresh_from_db()

    assert user.check_password(password)
    assert password not in second
    assert user.groups.filter(name="Coordinators").exists()
    assert get_user_model().objects.count() == 1


@pytest.mark.django_db
def test_demo_coordinator_passwords_differ_between_machines(capsys):
    call_command("create_demo_coordinator", username="first")
    call_command("create_demo_coordinator", username="second")
    out = capsys.readouterr().out

    first, second = (part.split()[0] for part in out.split("password: ")[1:])
    assert first != second


@pytest.mark.django_db
def test_pages_read_the_shown_site_settings_from_the_cache_once_kept(
    client, django_assert_max_num_queries
):
    client.get("/bg/partners/?first")

    with django_assert_max_num_queries(50) as queries:
        page = client.get("/bg/partners/?second").content.decode()

    assert SiteSettings.load().hotline_name in page
    assert not [q for q in queries.captured_queries if "protocol_portal_sitesettings" in q["sql"]]
