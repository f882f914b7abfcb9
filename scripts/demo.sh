#!/usr/bin/env bash
# Builds the production bundle, prepares the database (create, migrate, demo data) and serves.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! mysqladmin ping -h127.0.0.1 -uroot --silent >/dev/null 2>&1; then
  echo "MariaDB is not answering on 127.0.0.1:3306; starting it..."
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd 2>/dev/null || true
  for _ in $(seq 1 30); do mysqladmin ping -h127.0.0.1 -uroot --silent >/dev/null 2>&1 && break; sleep 1; done
fi
npx nest build >/dev/null
exec node dist/src/cli/demo.js
