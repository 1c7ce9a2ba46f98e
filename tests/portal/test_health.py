import json
import socket

import pytest

from .helpers import PRODUCTION_ENVIRONMENT, run_python


@pytest.mark.django_db
def test_health_answers_200_when_the_database_answers(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


def _closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_health_answers_503_when_the_database_is_unreachable():
    code = (
        "import django, json; django.setup()\n"
        "from django.test import Client\n"
        "response = Client().get('/healthz')\n"
        "print(json.dumps([response.status_code, response.json()]))\n"
    )
    environment = {
        **PRODUCTION_ENVIRONMENT,
        "ALLOWED_HOSTS": "testserver",
        "SECURE_HTTPS": "false",
        "DATABASE_URL": f"postgres://portal:portal@127.0.0.1:{_closed_port()}/portal",
    }
    result = run_python(code, environment)

    assert result.returncode == 0, result.stderr
    status, body = json.loads(result.stdout.strip().splitlines()[-1])
    assert status == 503
    assert body == {"status": "unavailable", "database": "unavailable"}
