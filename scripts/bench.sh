#!/usr/bin/env bash
# `make bench`: installs Debian's wrk and redis-server when missing, then runs bench/run.py (which
# starts a throwaway Redis of its own) and bench/import_10k.py, each against a throwaway
# PostgreSQL server. Traffic goes to 127.0.0.1 only; each page is driven
# for a bounded time.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v wrk >/dev/null 2>&1; then
  echo "Installing Debian's wrk for the benchmark..."
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq wrk >/dev/null
fi
scripts/ensure-redis.sh
PYTHON=.venv/bin/python scripts/with-postgres.sh .venv/bin/python bench/run.py
# The spreadsheet import: a 10,000-row organisations file checked and applied, timed.
PYTHON=.venv/bin/python scripts/with-postgres.sh .venv/bin/python bench/import_10k.py
# The daily reminders over the same scale: written and sent, twice, timed, queries counted.
PYTHON=.venv/bin/python scripts/with-postgres.sh .venv/bin/python bench/reminders_run.py
