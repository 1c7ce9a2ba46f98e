"""`make bench`: the portal under load, as in production, on this machine only.

Runs inside scripts/with-postgres.sh (a throwaway PostgreSQL server): builds the scale data set,
serves the portal with gunicorn on 127.0.0.1, drives each page with wrk for a bounded time, and
prints requests per second and median / p99 latency, each as a ratio to a minimal "hello" view
served by the same server.
"""

import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
ORGANISATIONS = int(os.environ.get("BENCH_ORGANISATIONS", "10000"))
MEETINGS = int(os.environ.get("BENCH_MEETINGS", "50000"))
DURATION = os.environ.get("BENCH_DURATION", "10s")
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
WORKERS = int(os.environ.get("BENCH_WORKERS", str((os.cpu_count() or 1) * 2 + 1)))


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _environment(static_root):
    if "DATABASE_URL" not in os.environ:
        sys.exit("bench/run.py runs inside scripts/with-postgres.sh, which sets DATABASE_URL.")
    return {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_HTTPS": "false",
        "ROOT_URLCONF": "bench.urls",
        "STATIC_ROOT": str(static_root),
        "LOG_LEVEL": "WARNING",
        # The benchmark reads pages: no rate limit or lockout is counted, so the workers' own
        # caches are enough (production shares Redis).
        "SINGLE_PROCESS": "true",
    }


def _manage(environment, *args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=BASE_DIR, env=environment, check=True)


def _query(environment, code):
    result = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", code],
        cwd=BASE_DIR,
        env=environment,
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout.strip().splitlines()[-1]


def _wait_until_up(url, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (loopback)
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"gunicorn did not answer on {url}")


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _milliseconds(text):
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(value) * _UNITS[unit]


def _wrk(url):
    output = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}", "--latency", "--timeout", "10s", url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if errors:
        raise RuntimeError(f"{url} answered errors under load:\n{output}")
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": _milliseconds(re.search(r"\s50%\s+(\S+)", output).group(1)),
        "p99": _milliseconds(re.search(r"\s99%\s+(\S+)", output).group(1)),
    }


def main():
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: scripts/bench.sh installs Debian's wrk.")
    static_root = Path(tempfile.mkdtemp(prefix="portal-bench-static-"))
    environment = _environment(static_root)
    started = time.monotonic()
    _manage(environment, "migrate", "--noinput", "-v0")
    _manage(environment, "load_demo")
    _manage(
        environment,
        "generate_data",
        "--organisations",
        str(ORGANISATIONS),
        "--meetings",
        str(MEETINGS),
    )
    _manage(environment, "collectstatic", "--noinput", "-v0")
    print(f"Data set and static files ready in {time.monotonic() - started:.0f} s")

    slug = _query(
        environment,
        "from partners.models import Organisation; "
        "print(Organisation.objects.published().order_by('pk')[5000 % "
        "Organisation.objects.published().count()].slug)",
    )
    port = _free_port()
    server = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "protocol_portal.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(WORKERS),
            "--log-level",
            "warning",
        ],
        cwd=BASE_DIR,
        env=environment,
    )
    base = f"http://127.0.0.1:{port}"
    pages = [
        ("hello (ceiling)", "/bench/hello"),
        ("home", "/bg/"),
        ("directory", "/bg/partners/"),
        ("directory search", "/bg/partners/?q=sdruzhenie"),
        ("filtered directory", "/bg/partners/?region=ruse&sector=ngo&support=employment"),
        ("partner page", f"/bg/partners/{slug}/"),
        ("measures page", "/bg/measures/"),
    ]
    try:
        _wait_until_up(base + "/healthz")
        results = []
        for name, path in pages:
            _wrk_warm_up(base + path)
            results.append((name, path, _wrk(base + path)))
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        shutil.rmtree(static_root, ignore_errors=True)
    _print_table(results)


def _wrk_warm_up(url):
    for _ in range(3):
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (loopback)
            response.read()


def _print_table(results):
    ceiling = results[0][2]
    print(
        f"\n{ORGANISATIONS} organisations, {MEETINGS} meetings; gunicorn {WORKERS} workers; "
        f"wrk {CONNECTIONS} connections for {DURATION} per page\n"
    )
    header = f"| {'page':<20} | {'req/s':>8} | {'ratio':>6} | {'p50 ms':>8} | {'p99 ms':>8} |"
    print(header)
    print("|" + "|".join("-" * (len(part)) for part in header.split("|")[1:-1]) + "|")
    for name, _path, figures in results:
        ratio = figures["rps"] / ceiling["rps"]
        print(
            f"| {name:<20} | {figures['rps']:>8.1f} | {ratio:>6.2f} | "
            f"{figures['p50']:>8.1f} | {figures['p99']:>8.1f} |"
        )


if __name__ == "__main__":
    main()
