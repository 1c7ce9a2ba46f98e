import pytest


@pytest.mark.django_db
def test_admin_switches_to_english_and_back(admin_client):
    assert 'lang="bg"' in admin_client.get("/admin/").content.decode()

    response = admin_client.post("/i18n/setlang/", {"language": "en", "next": "/admin/"})

    assert response["Location"] == "/admin/"
    html = admin_client.get("/admin/").content.decode()
    assert 'lang="en"' in html
    assert "Site administration" in html
