#!/usr/bin/env bash
# Installs the Debian command-line tools tests run as real peers: wget (makes the WARCs the WARC reader is tested
# on), bzip2 (makes the .bz2 inputs), gzip (checks what the ISA-L writer writes). Idempotent and quiet: installs only
# what is missing.
set -euo pipefail

missing=()
for tool in wget bzip2 gzip; do command -v "$tool" >/dev/null || missing+=("$tool"); done
if [ ${#missing[@]} -eq 0 ]; then
  echo "tools-up: wget, bzip2 and gzip present"
  exit 0
fi

export DEBIAN_FRONTEND=noninteractive
if ! apt-cache policy "${missing[0]}" 2>/dev/null | grep -q 'Candidate: [0-9]'; then
  apt-get update -qq >/dev/null || { echo "tools-up: apt-get update failed" >&2; exit 1; }
fi
apt-get install -y -qq --no-install-recommends "${missing[@]}" > /tmp/sluice-tools-apt.log 2>&1 \
  || { tail -n 30 /tmp/sluice-tools-apt.log >&2; echo "tools-up: apt-get install ${missing[*]} failed" >&2; exit 1; }
echo "tools-up: installed ${missing[*]}"
