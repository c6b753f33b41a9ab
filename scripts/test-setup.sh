#!/usr/bin/env bash
# Installs what the tests need beyond npm packages, then builds what they run. Called by `npm test`.
# Every outside program the tests run is Debian's own: nothing downloads a browser or a binary.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
# need COMMAND PACKAGE...: the packages that provide COMMAND, when it is not installed.
need() {
  local command=$1
  shift
  command -v "$command" >/dev/null 2>&1 || missing+=("$@")
}
# Browser tests drive chromium with playwright-core.
need chromium chromium fonts-dejavu-core
# The metrics tests lint /metrics with promtool and let a real Prometheus server scrape it.
need prometheus prometheus
need promtool prometheus
# The container tests lint docker/entrypoint.sh and validate docker-compose.yml with compose 1.29
# (no engine needed; --no-install-recommends keeps apt from installing one).
need shellcheck shellcheck
need docker-compose docker-compose
# The store's tests start their own PostgreSQL server with the package's initdb and pg_ctl (found through
# pg_config or under /usr/lib/postgresql); pg_ctlcluster on PATH says the package is there.
need pg_ctlcluster postgresql

if [ ${#missing[@]} -gt 0 ]; then
  packages=$(printf '%s\n' "${missing[@]}" | sort -u | tr '\n' ' ')
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "test-setup: installing Debian's ${packages}for the tests"
    apt-get update -qq
    # shellcheck disable=SC2086 # one word per package
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $packages >/dev/null
    # The tests start their own Prometheus and PostgreSQL; the packages' services, where systemd runs
    # them, are not wanted.
    # Without systemd, Debian's postinst may have started the 'main' cluster through its init script.
    if [ -d /run/systemd/system ]; then systemctl disable --now prometheus postgresql >/dev/null 2>&1 || true
    elif [ -x /etc/init.d/postgresql ]; then /etc/init.d/postgresql stop >/dev/null 2>&1 || true; fi
  else
    echo "test-setup: missing ${packages}; install them (Debian: sudo apt-get install --no-install-recommends ${packages}) and run again" >&2
    exit 1
  fi
fi

# The gateway bundle and the built console are what the end-to-end tests start and load.
npm run build --silent
