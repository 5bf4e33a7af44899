#!/usr/bin/env bash
# Makes sure Debian's Chromium is installed, for the browser test of the matrix page, and prints
# its path. (Browsers that tools download themselves cannot be fetched here.)
set -euo pipefail
if [ ! -x /usr/bin/chromium ]; then
  printf 'chromium: installing Debian'"'"'s chromium\n' >&2
  DEBIAN_FRONTEND=noninteractive apt-get -q install -y --no-install-recommends chromium >&2 \
    || { printf 'chromium: error: apt-get install chromium failed\n' >&2; exit 1; }
fi
echo /usr/bin/chromium
