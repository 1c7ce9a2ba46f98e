import json

from .helpers import PRODUCTION_ENVIRONMENT, run_manage, run_python

SETUP = "import django; django.setup()"


def test_settings_refuse_to_start_in_production_without_secret_key():
    result = run_python(SETUP, {**PRODUCTION_ENVIRONMENT, "SECRET_KEY": ""})

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY must be set" in result.stderr


def test_settings_refuse_the_development_key_in_production():
    result = run_python(
        SETUP,
        {**PRODUCTION_ENVIRONMENT, "SECRET_KEY": "django-insecure-" + "x" * 60},
    )

    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_settings_refuse_to_start_in_production_without_allowed_hosts():
    result = run_python(SETUP, {**PRODUCTION_ENVIRONMENT, "ALLOWED_HOSTS": ""})

    assert result.returncode != 0
    assert "ALLOWED_HOSTS must list" in result.stderr


def test_settings_refuse_a_cache_in_process_memory_in_production():
    result = run_python(SETUP, {**PRODUCTION_ENVIRONMENT, "CACHE_URL": "locmemcache://"})

    assert result.returncode != 0
    assert "SINGLE_PROCESS=true" in result.stderr


def test_settings_take_a_cache_in_process_memory_when_one_process_serves():
    environment = {**PRODUCTION_ENVIRONMENT, "CACHE_URL": "locmemcache://", "SINGLE_PROCESS": "1"}

    result = run_manage(["check", "--deploy", "--fail-level", "WARNING"], environment)

    assert result.returncode == 0, result.stderr


def test_settings_refuse_a_progress_report_period_of_no_months():
    result = run_python(SETUP, {"DEBUG": "true", "PROGRESS_REPORT_MONTHS": "0"})

    assert result.returncode != 0
    assert "PROGRESS_REPORT_MONTHS is the number of months" in result.stderr


def test_settings_start_in_development_without_any_variable():
    result = run_python(SETUP + "; print('started')", {"DEBUG": "true"})

    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


def test_check_deploy_is_clean_under_production_variables():
    result = run_manage(["check", "--deploy", "--fail-level", "WARNING"], PRODUCTION_ENVIRONMENT)

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_turns_on_https_only_cookies_and_hsts():
    code = SETUP + (
        "; from django.conf import settings as s; import json; print(json.dumps(["
        "s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SECURE_HSTS_SECONDS, s.SECURE_PROXY_SSL_HEADER]))"
    )
    result = run_python(code, PRODUCTION_ENVIRONMENT)

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == [
        True,
        True,
        True,
        31_536_000,
        ["HTTP_X_FORWARDED_PROTO", "https"],
    ]


def test_database_cache_and_email_come_from_urls():
    code = SETUP + (
        "; from django.conf import settings as s; import json; print(json.dumps(["
        "s.DATABASES['default']['ENGINE'], s.DATABASES['default']['NAME'], "
        "s.DATABASES['default']['HOST'], s.CACHES['default']['BACKEND'], s.EMAIL_BACKEND]))"
    )
    result = run_python(
        code,
        {
            **PRODUCTION_ENVIRONMENT,
            "DATABASE_URL": "postgres://portal:secret@db.internal:5432/portal",
            "CACHE_URL": "redis://cache.internal:6379/1",
            "EMAIL_URL": "smtp+tls://mailer:secret@mail.internal:587",
        },
    )

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == [
        "django.db.backends.postgresql",
        "portal",
        "db.internal",
        "django_redis.cache.RedisCache",
        "django.core.mail.backends.smtp.EmailBackend",
    ]


DATABASE_CONNECTION = SETUP + (
    "; from django.conf import settings as s; d = s.DATABASES['default']; "
    "print(d['CONN_MAX_AGE'], bool(d['CONN_HEALTH_CHECKS']))"
)


def test_a_database_server_connection_is_kept_between_requests_and_checked_before_use():
    environment = {**PRODUCTION_ENVIRONMENT, "DATABASE_URL": "postgres://portal@db.internal/portal"}

    result = run_python(DATABASE_CONNECTION, environment)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "600 True"


def test_database_url_can_ask_for_a_connection_a_request():
    environment = {
        **PRODUCTION_ENVIRONMENT,
        "DATABASE_URL": "postgres://portal@db.internal/portal?conn_max_age=0",
    }

    result = run_python(DATABASE_CONNECTION, environment)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "0 True"


def test_the_embedded_database_file_is_opened_for_each_request():
    result = run_python(DATABASE_CONNECTION, {"DEBUG": "true"})

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "0 False"


def test_defaults_are_embedded_sqlite_local_cache_and_console_email():
    code = SETUP + (
        "; from django.conf import settings as s; import json; print(json.dumps(["
        "s.DATABASES['default']['ENGINE'], s.CACHES['default']['BACKEND'], s.EMAIL_BACKEND, "
        "s.SESSION_ENGINE]))"
    )
    result = run_python(code, {"DEBUG": "true"})

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == [
        "django.db.backends.sqlite3",
        "django.core.cache.backends.locmem.LocMemCache",
        "django.core.mail.backends.console.EmailBackend",
        "django.contrib.sessions.backends.db",
    ]


def test_client_address_behind_a_proxy_is_read_for_throttling_and_rate_limits():
    code = SETUP + (
        "; from django.conf import settings as s; import json; print(json.dumps(["
        "s.RATELIMIT_IP_META_KEY, list(s.AXES_IPWARE_META_PRECEDENCE_ORDER)]))"
    )
    result = run_python(code, {**PRODUCTION_ENVIRONMENT, "CLIENT_IP_META_KEY": "HTTP_X_REAL_IP"})

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == [
        "HTTP_X_REAL_IP",
        ["HTTP_X_REAL_IP", "REMOTE_ADDR"],
    ]
