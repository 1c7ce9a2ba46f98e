"""The test suite's settings: the one settings module, read with test values in the environment.

DEBUG stays off, as in production, so the tests see the production code paths; plain HTTP
because the test client and the live server do not speak TLS.
"""

import os

os.environ["DEBUG"] = "false"
os.environ["SECURE_HTTPS"] = "false"
os.environ.setdefault("SECRET_KEY", "tests-only-" + "k3y-" * 12)
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")

from protocol_portal.settings import *  # noqa: F403

# Hashed static names need a collectstatic run; the tests read the source files directly.
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# Password hashing is deliberately slow; the tests do not need it to be.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Static files straight from the finders: no collectstatic before the tests.
WHITENOISE_USE_FINDERS = True
STATIC_ROOT = None
