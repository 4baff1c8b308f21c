#!/usr/bin/env bash
# Unpacks Debian's gimp-help-en (GIMP user manual, GFDL: HTML pages with real descriptive alt-texts beside their
# images) into .services/gimp-help/en for the Altogether tests and benchmark. Idempotent: exits at once when the
# pages are there. Uses `apt-get download` + `dpkg -x`, so nothing is installed system-wide.
# Env: SLUICE_GIMP_HELP_DIR (default .services/gimp-help).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEST="${SLUICE_GIMP_HELP_DIR:-$ROOT/.services/gimp-help}"

if [ -f "$DEST/en/index.html" ] && [ -d "$DEST/en/images" ]; then
  echo "fetch-gimp-help: already at $DEST/en"
  exit 0
fi

# An installed package serves as well as a downloaded one.
if [ -f /usr/share/gimp/2.0/help/en/index.html ] && [ -d /usr/share/gimp/2.0/help/en/images ]; then
  mkdir -p "$DEST"
  rm -rf "$DEST/en.tmp"
  cp -r /usr/share/gimp/2.0/help/en "$DEST/en.tmp"
else
  WORK="$(mktemp -d)"
  trap 'rm -rf "$WORK"' EXIT
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-cache policy gimp-help-en 2>/dev/null | grep -q 'Candidate: [0-9]'; then
    apt-get update -qq >/dev/null || { echo "fetch-gimp-help: apt-get update failed" >&2; exit 1; }
  fi
  # The _apt sandbox user cannot write a mktemp folder; this is a plain download, so run it unsandboxed.
  (cd "$WORK" && apt-get download -o APT::Sandbox::User=root gimp-help-en gimp-help-common >/dev/null) \
    || { echo "fetch-gimp-help: apt-get download gimp-help-en gimp-help-common failed" >&2; exit 1; }
  for deb in "$WORK"/*.deb; do dpkg -x "$deb" "$WORK/root"; done
  [ -f "$WORK/root/usr/share/gimp/2.0/help/en/index.html" ] || { echo "fetch-gimp-help: the package holds no help/en/index.html" >&2; exit 1; }
  mkdir -p "$DEST"
  rm -rf "$DEST/en.tmp"
  mv "$WORK/root/usr/share/gimp/2.0/help/en" "$DEST/en.tmp"
fi

# Only pages and images are needed: drop the web fonts and stylesheets.
find "$DEST/en.tmp" -type f \( -name '*.woff' -o -name '*.woff2' -o -name '*.ttf' -o -name '*.eot' -o -name '*.css' \) -delete
rm -rf "$DEST/en"
mv "$DEST/en.tmp" "$DEST/en"
echo "fetch-gimp-help: $(find "$DEST/en" -name '*.html' | wc -l) pages, $(find "$DEST/en/images" -type f | wc -l) images at $DEST/en"
