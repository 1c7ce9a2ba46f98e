#!/usr/bin/env bash
# Checks deploy/nginx/protocol-portal.conf with `nginx -t`: Debian's nginx (installed when
# missing, as scripts/ensure-chromium.sh does for chromium) reads a throwaway main
# configuration that includes the site, with a self-signed certificate generated into a
# temporary folder in place of Let's Encrypt's. Nothing is started; the folder is removed.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
  echo "Installing Debian's nginx to check the site configuration..."
  if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
  elif command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
  else
    echo "nginx is missing and cannot be installed without root: apt-get install nginx" >&2
    exit 1
  fi
  $SUDO apt-get update -qq
  # Installed only to check files: the package's own server must not start.
  echo exit 101 | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
  $SUDO chmod +x /usr/sbin/policy-rc.d
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nginx-light >/dev/null \
    || DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nginx >/dev/null
  $SUDO rm -f /usr/sbin/policy-rc.d
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

WORKDIR=$(mktemp -d -t portal-nginx.XXXXXX)
trap 'rm -rf "$WORKDIR"' EXIT INT TERM

openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=portal.example.bg" \
  -keyout "$WORKDIR/privkey.pem" -out "$WORKDIR/fullchain.pem" >/dev/null 2>&1
sed -e "s#/etc/letsencrypt/live/portal.example.bg/#$WORKDIR/#g" \
  deploy/nginx/protocol-portal.conf >"$WORKDIR/site.conf"
MIME_TYPES=""
[ -f /etc/nginx/mime.types ] && MIME_TYPES="include /etc/nginx/mime.types;"
cat >"$WORKDIR/nginx.conf" <<CONF
pid $WORKDIR/nginx.pid;
error_log $WORKDIR/error.log;
events {}
http {
    $MIME_TYPES
    access_log off;
    include $WORKDIR/site.conf;
}
CONF
"$NGINX" -t -q -p "$WORKDIR" -e "$WORKDIR/error.log" -c "$WORKDIR/nginx.conf"
echo "deploy/nginx/protocol-portal.conf: nginx -t passed ($("$NGINX" -v 2>&1 | sed 's/^nginx version: //'))"
