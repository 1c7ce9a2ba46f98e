"""Run manage.py or a snippet of Python in a fresh process with an environment of our choosing:
settings are read once per process, so configuration is tested from the outside."""

import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]

PRODUCTION_ENVIRONMENT = {
    "DEBUG": "false",
    "SECRET_KEY": "Zq8v-3NnR0pWm2xKc7Hs9LbTgYe4UuJ1aDfVo6iQrEk5PlMzXyBwCtGhSnAjOe",
    "ALLOWED_HOSTS": "portal.example.bg",
    "DATABASE_URL": "sqlite:///:memory:",
    # Several processes share one cache in production (settings refuse local memory there).
    "CACHE_URL": "redis://127.0.0.1:6379/1",
}

# Variables the test process sets for itself that must not leak into the child.
_OWN_VARIABLES = (
    "DJANGO_SETTINGS_MODULE",
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "SECURE_HTTPS",
    "DATABASE_URL",
    "SECURE_HSTS_SECONDS",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "MEDIA_ROOT",
    "PRIVATE_MEDIA_ROOT",
    "CLIENT_IP_META_KEY",
    "CACHE_URL",
    "SINGLE_PROCESS",
)


def run_python(code_or_args, environment, *, module=False):
    env = {key: value for key, value in os.environ.items() if key not in _OWN_VARIABLES}
    env["DJANGO_SETTINGS_MODULE"] = "protocol_portal.settings"
    env.update(environment)
    args = code_or_args if module else ["-c", code_or_args]
    return subprocess.run(
        [sys.executable, *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def run_manage(args, environment):
    return run_python(["manage.py", *args], environment, module=True)
