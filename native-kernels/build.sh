#!/usr/bin/env bash
# Builds the native kernels into build/native (run by `make native`, which `make build` runs first). Installs the
# Debian packages a kernel needs when its header is missing and this runs as root, like scripts/services/*.sh.
# Never fails the build: a kernel that cannot be built is reported here, and Sluice uses its managed fallback
# (SLUICE_NATIVE=require makes the CLI say so on stderr too).
set -uo pipefail

out=build/native
mkdir -p "$out"
CC=${CC:-gcc}

need_packages() {
  [ -f /usr/include/isa-l/igzip_lib.h ] && command -v "$CC" >/dev/null && return 0
  if [ "$(id -u)" != 0 ]; then
    echo "native: libisal-dev or gcc missing and not root; the managed gzip codec will serve" >&2
    return 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  # A fresh machine has empty package lists; update only then.
  if ! apt-cache policy libisal-dev 2>/dev/null | grep -q 'Candidate: [0-9]'; then
    apt-get update -qq >/dev/null 2>&1 || true
  fi
  if ! apt-get install -y -qq --no-install-recommends libisal-dev gcc libc6-dev > /tmp/sluice-native-apt.log 2>&1; then
    tail -n 5 /tmp/sluice-native-apt.log >&2
    echo "native: apt-get install libisal-dev gcc failed; the managed gzip codec will serve" >&2
    return 1
  fi
}

if need_packages; then
  # -fvisibility=hidden: only the sluice_isal_* entry points are exported.
  if $CC -O2 -fPIC -shared -fvisibility=hidden -Wall -Wextra -Werror \
      -o "$out/libsluice_isal.so.tmp" native-kernels/isal-gzip/sluice_isal.c -lisal; then
    mv -f "$out/libsluice_isal.so.tmp" "$out/libsluice_isal.so"
    echo "native: built $out/libsluice_isal.so (ISA-L $(dpkg-query -W -f='${Version}' libisal-dev 2>/dev/null || echo '?'))"
  else
    rm -f "$out/libsluice_isal.so.tmp"
    echo "native: compiling native-kernels/isal-gzip failed; the managed gzip codec will serve" >&2
  fi
fi
exit 0
