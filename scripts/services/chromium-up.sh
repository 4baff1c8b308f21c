#!/usr/bin/env bash
# Installs Debian's chromium for the run-report browser test (tests/Sluice.Cli.Tests/Report/); idempotent and quiet:
# exits at once when /usr/bin/chromium exists. The test drives this browser; it downloads none of its own.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  echo "chromium-up: already installed"
  exit 0
fi

export DEBIAN_FRONTEND=noninteractive
# A fresh machine has empty package lists; update only then.
if ! apt-cache policy chromium 2>/dev/null | grep -q 'Candidate: [0-9]'; then
  apt-get update -qq >/dev/null || { echo "chromium-up: apt-get update failed" >&2; exit 1; }
fi
apt-get install -y -qq --no-install-recommends chromium > /tmp/sluice-chromium-apt.log 2>&1 \
  || { tail -n 30 /tmp/sluice-chromium-apt.log >&2; echo "chromium-up: apt-get install chromium failed" >&2; exit 1; }
echo "chromium-up: installed $(/usr/bin/chromium --version 2>/dev/null || echo chromium)"
