#!/usr/bin/env bash
# Installs what the tests need beyond npm packages, then builds what they run. Called by `npm test`.
# Browser tests drive Debian's chromium with playwright-core; nothing downloads a browser of its own.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "test-setup: installing Debian's chromium for the browser tests"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
  else
    echo "test-setup: chromium is missing; install it (Debian: sudo apt-get install chromium) and run again" >&2
    exit 1
  fi
fi

# The gateway bundle and the built console are what the end-to-end tests start and load.
npm run build --silent
