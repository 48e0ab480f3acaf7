#!/bin/sh
# Writes .env for `docker compose up` from .env.example, filling each empty
# secret with fresh random bytes from openssl. Never overwrites an existing
# .env (it holds the key that opens the stored signing keys).
#
#   sh scripts/new-env.sh [target]      # target defaults to .env next to docker-compose.yml
set -eu
cd "$(dirname "$0")/.."
target="${1:-.env}"

if [ -e "$target" ]; then
  echo "new-env: $target already exists; not overwriting it (move it away first)" >&2
  exit 1
fi
command -v openssl >/dev/null 2>&1 || { echo "new-env: openssl is needed to make the secrets" >&2; exit 1; }

umask 077
tmp="$target.tmp.$$"
trap 'rm -f "$tmp"' EXIT
while IFS= read -r line || [ -n "$line" ]; do
  case "$line" in
    POSTGRES_PASSWORD=) echo "POSTGRES_PASSWORD=$(openssl rand -hex 24)" ;;
    KILLSWITCH_KEY_ENCRYPTION_KEY=) echo "KILLSWITCH_KEY_ENCRYPTION_KEY=$(openssl rand -base64 32)" ;;
    *) printf '%s\n' "$line" ;;
  esac
done < .env.example > "$tmp"
mv "$tmp" "$target"
trap - EXIT
echo "new-env: wrote $target (mode 0600) with a new POSTGRES_PASSWORD and KILLSWITCH_KEY_ENCRYPTION_KEY; keep a copy of the key in a secret store"
