"""Real portal servers for the tests that need more than the test client: gunicorn processes on
free ports of 127.0.0.1 over a database of their own, a throwaway Redis for what several
processes share, and a small HTTP client with cookies and CSRF that drives them as a browser
would (without JavaScript)."""

import http.cookiejar
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager, suppress
from html.parser import HTMLParser
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[1]
# The test settings (fast password hashing, static files from the finders), in a process of its
# own: each variable below is set for the server, whatever the test process has.
SERVER_ENVIRONMENT = {
    "DJANGO_SETTINGS_MODULE": "tests.settings",
    "DEBUG": "false",
    "SECURE_HTTPS": "false",
    "SECRET_KEY": "tests-only-" + "s3rv3r-" * 8,
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    # Keep the folders given here (tests/settings.py would choose temporary ones of its own).
    "PORTAL_TEST_SERVER": "1",
}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_environment(**extra):
    env = dict(os.environ)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env.update(SERVER_ENVIRONMENT)
    env.update(extra)
    return env


def manage(*args, env):
    """Run `manage.py` with `args` in `env`; fails the test with its output if it fails."""
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if result.returncode != 0:
        raise AssertionError(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return result.stdout


def _stop(process):
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def server_database(folder):
    """A database of its own for servers started by a test, on the engine the suite runs on:
    a SQLite file in `folder`, or a new database on the suite's PostgreSQL server (dropped
    afterwards). Yields its DATABASE_URL."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.postgresql":
        yield f"sqlite:///{folder / 'portal.sqlite3'}"
        return
    import psycopg2

    name = f"servers_{os.getpid()}_{free_port()}"
    credentials = {
        "host": database["HOST"],
        "port": database["PORT"],
        "user": database["USER"],
        "password": database["PASSWORD"],
    }
    admin = psycopg2.connect(dbname="postgres", **credentials)
    admin.autocommit = True
    try:
        with admin.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
        user = urllib.parse.quote(database["USER"] or "", safe="")
        password = urllib.parse.quote(database["PASSWORD"] or "", safe="")
        yield (f"postgres://{user}:{password}@{database['HOST']}:{database['PORT']}/{name}")
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        admin.close()


def _postgres_binaries():
    """The folder of PostgreSQL's server programs (initdb, pg_ctl), as scripts/with-postgres.sh
    finds them."""
    import glob
    import shutil

    found = shutil.which("pg_ctl")
    if found and shutil.which("initdb"):
        return Path(os.path.realpath(found)).parent
    folders = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda f: int(f.split("/")[4]))
    if not folders:
        raise AssertionError("PostgreSQL server programs (initdb, pg_ctl) are not installed")
    return Path(folders[-1])


class PostgresServer:
    """A throwaway PostgreSQL in a temporary folder on a free port of 127.0.0.1, which a test may
    stop and start again (the data stays). As root, the server runs as the postgres user."""

    def __init__(self, folder):
        self.binaries = _postgres_binaries()
        self.folder = folder
        self.data = folder / "data"
        self.port = free_port()
        self.url = f"postgres://portal@127.0.0.1:{self.port}/portal"
        if os.geteuid() == 0:
            import pwd

            user = pwd.getpwnam("postgres") if _has_user("postgres") else pwd.getpwnam("nobody")
            os.chown(folder, user.pw_uid, user.pw_gid)
            self._as = ["runuser", "-u", user.pw_name, "--"]
        else:
            self._as = []

    def _run(self, program, *args):
        subprocess.run(
            [*self._as, str(self.binaries / program), *args],
            check=True,
            capture_output=True,
            timeout=120,
        )

    def create(self):
        self._run(
            "initdb", "-D", str(self.data), "-U", "portal", "--auth=trust", "--encoding=UTF8",
            "--locale=C.UTF-8",
        )  # fmt: skip
        self.start()
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "portal", "portal")

    def start(self):
        options = (
            f"-h 127.0.0.1 -p {self.port} -k {self.folder} -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off"
        )
        self._run(
            "pg_ctl", "-D", str(self.data), "-l", str(self.folder / "server.log"), "-w", "-t",
            "60", "start", "-o", options,
        )  # fmt: skip

    def stop(self):
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")


def _has_user(name):
    import pwd

    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


@contextmanager
def postgres_server():
    """A `PostgresServer`, created and started; stopped and removed afterwards, also when the
    test fails."""
    import shutil
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="portal-test-pg-"))
    server = PostgresServer(folder)
    try:
        server.create()
        yield server
    finally:
        with suppress(subprocess.CalledProcessError):
            server._run("pg_ctl", "-D", str(server.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def worker(env, *, interval=0.2):
    """A background worker (`manage.py db_worker`) running the queued jobs of `env`'s
    database; stopped afterwards, also when the test fails."""
    process = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", f"--interval={interval}", "--no-startup-delay"],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        time.sleep(0.5)
        if process.poll() is not None:
            raise AssertionError(f"the worker stopped:\n{process.stderr.read()[-3000:]}")
        yield process
    finally:
        _stop(process)


@contextmanager
def gunicorn(env, *, workers=2, threads=4, timeout=60, request_timeout=30):
    """A gunicorn serving the portal with `env`; yields its base URL and stops it afterwards,
    also when the test fails. `request_timeout` is gunicorn's worker timeout, as in
    production (30 s by default)."""
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "protocol_portal.wsgi",
            f"--bind=127.0.0.1:{port}",
            f"--workers={workers}",
            f"--threads={threads}",
            f"--timeout={request_timeout}",
            "--log-level=warning",
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise AssertionError(f"gunicorn stopped:\n{process.stderr.read()[-3000:]}")
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise AssertionError("gunicorn did not answer in time") from None
                time.sleep(0.2)
        yield base
    finally:
        _stop(process)


@contextmanager
def redis_server(timeout=20):
    """A throwaway Redis (Debian's `redis-server`, see scripts/ensure-redis.sh) on a free port of
    127.0.0.1, with no persistence, in a temporary folder; yields its URL (database 1) and stops
    it afterwards, also when the test fails."""
    executable = shutil.which("redis-server")
    if executable is None:
        raise AssertionError("redis-server is missing: run scripts/ensure-redis.sh")
    port = free_port()
    folder = tempfile.mkdtemp(prefix="portal-test-redis-")
    process = subprocess.Popen(
        [
            executable,
            "--bind",
            "127.0.0.1",
            "--port",
            str(port),
            "--dir",
            folder,
            "--save",
            "",
            "--appendonly",
            "no",
            "--protected-mode",
            "yes",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise AssertionError(f"redis-server stopped:\n{process.stderr.read()[-3000:]}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
                    sock.sendall(b"PING\r\n")
                    if sock.recv(16).startswith(b"+PONG"):
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise AssertionError("redis-server did not answer in time")
            time.sleep(0.1)
        yield f"redis://127.0.0.1:{port}/1"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(folder, ignore_errors=True)


class _PostForms(HTMLParser):
    """Every POST form of a page: its action and the fields it would send as it stands (no
    submit button, no file)."""

    def __init__(self):
        super().__init__()
        self.forms, self._fields = [], None
        self._select, self._select_value, self._textarea = None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self._fields = []
            self.forms.append((attrs.get("action") or "", self._fields))
        if self._fields is None:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "file", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self._fields.append((name, attrs.get("value") or ("on" if kind == "checkbox" else "")))
        elif tag == "select" and name:
            self._select, self._select_value = name, None
        elif tag == "option" and self._select is not None:
            if self._select_value is None or "selected" in attrs:
                self._select_value = attrs.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = [name, ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "select" and self._select is not None:
            self._fields.append((self._select, self._select_value or ""))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            # A browser drops the line break that follows <textarea>.
            name, text = self._textarea
            self._fields.append((name, text.removeprefix("\n")))
            self._textarea = None
        elif tag == "form":
            self._fields = None


def form_fields(html, action=""):
    """The fields of the page's POST form that posts to `action` ("" or the page itself)."""
    parser = _PostForms()
    parser.feed(html)
    return next(fields for form_action, fields in parser.forms if form_action in ("", action))


class Visitor:
    """One browser: its own cookies, no redirects followed (the test sees each answer)."""

    class _NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def __init__(self, base):
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), self._NoRedirect
        )

    def _open(self, request):
        """(status, body); a redirect's address is kept in `last_location`."""
        self.last_location = None
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            self.last_location = error.headers.get("Location")
            return error.code, error.read().decode("utf-8", "replace")

    def get(self, path):
        return self._open(urllib.request.Request(self.base + path))

    def csrf_token(self):
        return next(cookie.value for cookie in self.cookies if cookie.name == "csrftoken")

    def post(self, path, fields):
        """POST `fields` (a list of pairs or a dict) with the CSRF token and a same-site
        Referer, as a browser sends a form."""
        pairs = list(fields.items()) if isinstance(fields, dict) else list(fields)
        pairs = [(name, value) for name, value in pairs if name != "csrfmiddlewaretoken"]
        pairs.append(("csrfmiddlewaretoken", self.csrf_token()))
        request = urllib.request.Request(
            self.base + path,
            data=urllib.parse.urlencode(pairs).encode(),
            headers={"Referer": self.base + path},
        )
        return self._open(request)

    def post_file(self, path, fields, *, field, file_name, content):
        """POST `fields` and one file, as multipart/form-data, with the CSRF token."""
        boundary = f"----portal-tests-{time.monotonic_ns()}"
        pairs = [*dict(fields).items(), ("csrfmiddlewaretoken", self.csrf_token())]
        body = b"".join(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
            f"{value}\r\n".encode()
            for name, value in pairs
        )
        body += (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; '
            f'filename="{file_name}"\r\nContent-Type: application/octet-stream\r\n\r\n'
        ).encode()
        body += content + f"\r\n--{boundary}--\r\n".encode()
        request = urllib.request.Request(
            self.base + path,
            data=body,
            headers={
                "Referer": self.base + path,
                "Content-Type": f"multipart/form-data; boundary={boundary}",
            },
        )
        return self._open(request)

    def log_in(self, username, password):
        self.get("/bg/accounts/login/")
        return self.post("/bg/accounts/login/", {"username": username, "password": password})


def follow_import(visitor, progress_url, waiting_for, limit_seconds=600):
    """Poll an import's progress address, as its page does, until its status is `waiting_for`;
    returns every answer seen on the way."""
    import json

    seen = []
    deadline = time.monotonic() + limit_seconds
    while time.monotonic() < deadline:
        status, body = visitor.get(progress_url)
        assert status == 200, body[:500]
        seen.append(json.loads(body))
        if seen[-1]["status"] == waiting_for:
            return seen
        if seen[-1]["status"] == "failed":
            raise AssertionError(f"the import failed: {seen[-1]}")
        time.sleep(0.25)
    raise AssertionError(f"no {waiting_for!r} in {limit_seconds} s: last {seen[-1:]}")
