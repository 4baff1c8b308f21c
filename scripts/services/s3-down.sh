#!/usr/bin/env bash
# Stops the test Ceph cluster started by s3-up.sh: radosgw, then the OSD, then the mon (the OSD must leave
# before the mon, or it waits on a mon that is gone). Idempotent. Logs stay in .services/ceph/log.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
RUN="$ROOT/.services/ceph/run"

# stop NAME GRACE: SIGTERM, wait up to GRACE seconds, then SIGKILL.
stop() {
  local file="$RUN/$1.pid" pid
  for file in $file; do
    [ -f "$file" ] || continue
    pid="$(cat "$file")"
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null
      for _ in $(seq 1 $(($2 * 10))); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
    rm -f "$file"
  done
}

# radosgw ignores SIGTERM for about 120 s; with memstore there is nothing to flush, so the wait is short.
stop client.rgw.a 1
stop 'osd.*' 5
stop mon.a 5
echo "s3-down: stopped"
