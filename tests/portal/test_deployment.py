"""deploy/: the nginx site matches the portal (its body limit, its security headers, what it
never serves) and the systemd units run the commands that exist. `nginx -t` itself runs in
`.ci/run` (scripts/check-nginx.sh)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import get_commands

from tests.servers import BASE_DIR

SITE = (BASE_DIR / "deploy" / "nginx" / "protocol-portal.conf").read_text()
UNITS = BASE_DIR / "deploy" / "systemd"
SECURITY_HEADERS = [
    "Strict-Transport-Security",
    "Content-Security-Policy",
    "X-Content-Type-Options",
    "X-Frame-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
]


def normalised(name, value):
    """A policy's directives in any order are the same policy."""
    if name == "Content-Security-Policy":
        return sorted(directive.strip() for directive in value.split(";"))
    return value


def location_headers(location):
    """Each add_header line's {header: value} of the nginx location block `location` (and of
    the blocks nested in it), one dict per block."""
    start = SITE.index(f"location {location} {{")
    block = SITE[start : SITE.index("\n    }", start)]
    return [
        {
            name: normalised(name, value)
            for name, value in re.findall(r'add_header ([\w-]+) "([^"]*)" always;', part)
            if name in SECURITY_HEADERS
        }
        for part in block.split("location ")[1:]
    ]


def test_nginx_body_limit_is_the_portals_request_limit():
    megabytes = int(re.search(r"client_max_body_size (\d+)m;", SITE).group(1))

    assert megabytes * 1024 * 1024 == settings.MAX_REQUEST_BYTES


@pytest.mark.django_db
@pytest.mark.parametrize("location", ["/static/", "/media/"])
def test_nginx_files_carry_the_portals_security_headers(client, location, settings):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    page = client.get("/bg/", secure=True)

    served = location_headers(location)

    expected = {name: normalised(name, page[name]) for name in SECURITY_HEADERS}
    assert served == [expected] * len(served)
    assert served


def test_nginx_serves_no_private_uploads():
    private = Path(settings.PRIVATE_MEDIA_ROOT).name
    roots = re.findall(r"^\s*(?:alias|root) ([^;]+);", SITE, flags=re.MULTILINE)

    assert roots == ["/srv/portal/staticfiles/", "/srv/portal/media/"]
    assert private not in SITE.replace("PRIVATE_MEDIA_ROOT", "")


def test_nginx_tells_the_portal_the_original_scheme():
    assert settings.SECURE_PROXY_SSL_HEADER == ("HTTP_X_FORWARDED_PROTO", "https")
    assert SITE.count("proxy_set_header X-Forwarded-Proto $scheme;") == 2


def test_systemd_units_run_existing_commands():
    commands = set(get_commands())
    used = set()
    for unit in UNITS.glob("*.service"):
        used.update(re.findall(r"manage\.py (\w+)", unit.read_text()))

    assert used == {"db_worker", "run_duties", "backup"}
    assert used <= commands


def test_systemd_timers_start_the_daily_duties_and_the_backup():
    timers = sorted(path.stem for path in UNITS.glob("*.timer"))

    assert timers == ["protocol-portal-backup", "protocol-portal-duties"]
    assert all((UNITS / f"{name}.service").exists() for name in timers)
