#!/usr/bin/env bash
# `npm test`'s pretest step: the system packages the tests need beyond Node and MariaDB.
#  - Chromium for the console's browser tests (CHROMIUM_PATH, default /usr/bin/chromium);
#  - a CJK font so failure screenshots are legible (the tests do not depend on it).
# Both come from Debian (nothing is downloaded by npm). Installed here when missing and we are
# root with apt-get; otherwise the one command to run is printed and the step fails.
set -euo pipefail

PACKAGES=(chromium fonts-wqy-microhei)
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"

has_chromium() { [ -x "$CHROMIUM" ]; }
has_cjk_font() { command -v fc-list >/dev/null 2>&1 && fc-list 2>/dev/null | grep -qi 'wenquanyi\|noto sans cjk'; }

if has_chromium && has_cjk_font; then exit 0; fi

if [ -n "${CHROMIUM_PATH:-}" ] && ! has_chromium; then
  echo "pretest: CHROMIUM_PATH=$CHROMIUM_PATH is not an executable file; fix it or unset it to use Debian's chromium." >&2
  exit 1
fi

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "pretest: installing ${PACKAGES[*]} (Debian packages the browser tests need)..." >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${PACKAGES[@]}" >/dev/null
  if has_chromium; then exit 0; fi
  echo "pretest: apt-get finished but $CHROMIUM is still missing." >&2
  exit 1
fi

if has_chromium; then
  # Only the font is missing: screenshots are less legible, the tests still run.
  echo "pretest: no CJK font found; for legible failure screenshots run: sudo apt-get install -y fonts-wqy-microhei" >&2
  exit 0
fi

echo "pretest: Chromium is needed for the console's browser tests and is missing at $CHROMIUM." >&2
echo "Run this once, then npm test again:" >&2
echo "  sudo apt-get update && sudo apt-get install -y ${PACKAGES[*]}" >&2
echo "(or set CHROMIUM_PATH to an existing Chromium executable)" >&2
exit 1
