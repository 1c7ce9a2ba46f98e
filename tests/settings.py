"""The test suite's settings: the one settings module, read with test values in the environment.

DEBUG stays off, as in production, so the tests see the production code paths; plain HTTP
because the test client and the live server do not speak TLS.
"""

import atexit
import os
import shutil
import tempfile
from pathlib import Path

# Uploads of the whole run go to a temporary folder, removed at the end: storages are built
# once at import, so the folder is chosen before the settings are read.
_UPLOADS = Path(tempfile.mkdtemp(prefix="portal-test-uploads-"))
atexit.register(shutil.rmtree, _UPLOADS, ignore_errors=True)
# A server started by a test (tests/servers.py) is told its folders, which its worker shares.
if not os.environ.get("PORTAL_TEST_SERVER"):
    os.environ["MEDIA_ROOT"] = str(_UPLOADS / "media")
    os.environ["PRIVATE_MEDIA_ROOT"] = str(_UPLOADS / "private_media")
    os.environ["JOB_PROGRESS_DIR"] = str(_UPLOADS / "job-progress")
# Jobs run inside the request that queues them; the tests of the worker start a real one.
os.environ.setdefault("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
os.environ["DEBUG"] = "false"
os.environ["SECURE_HTTPS"] = "false"
os.environ.setdefault("SECRET_KEY", "tests-only-" + "k3y-" * 12)
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
# The test process is one process; a test that starts several servers gives them what they must
# share itself.
os.environ.setdefault("SINGLE_PROCESS", "true")
# Most tests log in with force_login and no second factor; the tests of the requirement turn
# it on themselves.
os.environ.setdefault("OTP_REQUIRED_FOR_COORDINATORS", "false")

from protocol_portal.settings import *  # noqa: E402, F403  (the environment comes first)

# Hashed static names need a collectstatic run; the tests read the source files directly.
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# Password hashing is deliberately slow; the tests do not need it to be.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Static files straight from the finders: no collectstatic before the tests.
WHITENOISE_USE_FINDERS = True
STATIC_ROOT = None
