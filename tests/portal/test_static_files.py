import json

from .helpers import PRODUCTION_ENVIRONMENT, run_python

SERVE_HASHED_STYLESHEET = """
import django, json
django.setup()
from django.core.management import call_command
call_command("collectstatic", "--noinput", verbosity=0)
from django.templatetags.static import static
from django.test import Client
url = static("css/portal.css")
response = Client().get(url, headers={"accept-encoding": "gzip"})
print(json.dumps([url, response.status_code, response["Cache-Control"],
                  response.get("Content-Encoding")]))
"""


def test_static_files_are_hashed_compressed_and_cached_for_a_year(tmp_path):
    result = run_python(
        SERVE_HASHED_STYLESHEET,
        {
            **PRODUCTION_ENVIRONMENT,
            "ALLOWED_HOSTS": "testserver",
            "SECURE_HTTPS": "false",
            "STATIC_ROOT": str(tmp_path / "static"),
        },
    )

    assert result.returncode == 0, result.stderr
    url, status, cache_control, encoding = json.loads(result.stdout.strip().splitlines()[-1])
    assert url.startswith("/static/css/portal.") and url != "/static/css/portal.css"
    assert status == 200
    max_age = int(cache_control.split("max-age=")[1].split(",")[0])
    assert max_age >= 365 * 24 * 3600
    assert "immutable" in cache_control
    assert encoding == "gzip"
