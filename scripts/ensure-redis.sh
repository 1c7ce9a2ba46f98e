#!/usr/bin/env bash
# Makes sure Debian's redis-server is installed: the tests of the shared cache and `make bench`
# start a throwaway one of their own (never a system service).
set -euo pipefail

if command -v redis-server >/dev/null 2>&1; then
  exit 0
fi
echo "Installing Debian's redis-server for the shared-cache tests and the benchmark..."
if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1; then
  SUDO="sudo"
else
  echo "redis-server is missing and cannot be installed without root: apt-get install redis-server" >&2
  exit 1
fi
$SUDO apt-get update -qq
# The package's own service is not wanted: policy-rc.d keeps it from starting where that applies.
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq redis-server >/dev/null
command -v redis-server >/dev/null 2>&1 || { echo "redis-server did not install" >&2; exit 1; }
