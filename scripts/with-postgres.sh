#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL server: initdb into a temporary folder, start it
# on a free port of 127.0.0.1, export DATABASE_URL, run the command, then stop the server and
# remove the folder, also when the command fails or is interrupted.
#
#   scripts/with-postgres.sh .venv/bin/pytest
set -euo pipefail

if [ $# -eq 0 ]; then
  echo "usage: $0 COMMAND [ARG...]" >&2
  exit 2
fi

find_pg_bin() {
  if command -v pg_ctl >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1; then
    # Resolve links (Debian links a few of them into /usr/local/bin): createdb lives beside the real one.
    dirname "$(readlink -f "$(command -v pg_ctl)")"
    return
  fi
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$dir" ] && [ -x "$dir/pg_ctl" ]; then
    echo "$dir"
    return
  fi
  echo "PostgreSQL server binaries (initdb, pg_ctl) not found: install PostgreSQL 15 or newer" \
       "(Debian: apt-get install postgresql)." >&2
  exit 1
}

PG_BIN=$(find_pg_bin)
PYTHON=${PYTHON:-python3}
PORT=$("$PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
WORKDIR=$(mktemp -d -t portal-pg.XXXXXX)
DATA="$WORKDIR/data"

# PostgreSQL refuses to run as root: as root, the server runs as the unprivileged postgres user.
as_server_user() {
  if [ "$(id -u)" -eq 0 ]; then
    local user=postgres
    id "$user" >/dev/null 2>&1 || user=nobody
    runuser -u "$user" -- "$@"
  else
    "$@"
  fi
}
if [ "$(id -u)" -eq 0 ]; then
  chown "$(id -u postgres 2>/dev/null || id -u nobody)" "$WORKDIR"
  chmod 700 "$WORKDIR"
fi

cleanup() {
  as_server_user "$PG_BIN/pg_ctl" -D "$DATA" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$WORKDIR"
}
trap cleanup EXIT INT TERM

as_server_user "$PG_BIN/initdb" -D "$DATA" -U portal --auth=trust --encoding=UTF8 \
  --locale=C.UTF-8 >"$WORKDIR/initdb.log" 2>&1 || { cat "$WORKDIR/initdb.log" >&2; exit 1; }
# Tuned for throwaway test data: durability is not needed, speed is.
as_server_user "$PG_BIN/pg_ctl" -D "$DATA" -l "$WORKDIR/server.log" -w -t 60 start \
  -o "-h 127.0.0.1 -p $PORT -k $WORKDIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  >/dev/null || { cat "$WORKDIR/server.log" >&2; exit 1; }
as_server_user "$PG_BIN/createdb" -h 127.0.0.1 -p "$PORT" -U portal portal

export DATABASE_URL="postgres://portal@127.0.0.1:$PORT/portal"
echo "PostgreSQL $("$PG_BIN/pg_ctl" --version | awk '{print $3}') on 127.0.0.1:$PORT (throwaway)"
status=0
"$@" || status=$?
exit $status
