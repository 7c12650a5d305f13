#!/usr/bin/env bash
# Install what the browser tests need; safe to run again (it skips what is there).
#  - Debian's Chromium, only when /usr/bin/chromium is missing (playwright's own browser
#    downloads do not work here; the tests drive this one).
#  - axe-core and the Nu HTML checker (vnu-jar), pinned in package.json/package-lock.json.
# The Python side (playwright) comes with the project's test extra: pip install -e '.[test]'.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "Chromium is missing: run 'sudo apt-get install chromium' and try again" >&2
    exit 1
  fi
fi
if ! command -v java >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null
  else
    echo "Java is missing (the Nu HTML checker needs it): install default-jre-headless" >&2
    exit 1
  fi
fi
npm install --no-audit --no-fund --silent
