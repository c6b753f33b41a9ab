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

# The metrics tests lint /metrics with promtool and let a real Prometheus server scrape it.
if ! command -v prometheus >/dev/null 2>&1 || ! command -v promtool >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "test-setup: installing Debian's prometheus for the metrics tests"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus >/dev/null
    # The tests start their own server; the package's service, where systemd runs it, is not wanted.
    if [ -d /run/systemd/system ]; then systemctl disable --now prometheus >/dev/null 2>&1 || true; fi
  else
    echo "test-setup: prometheus is missing; install it (Debian: sudo apt-get install prometheus) and run again" >&2
    exit 1
  fi
fi

# The gateway bundle and the built console are what the end-to-end tests start and load.
npm run build --silent
