#!/usr/bin/env bash
# Stops the single-node Slurm started by slurm-up.sh: slurmd, slurmctld, then munged. Idempotent.
set -uo pipefail

# stop PIDFILE: SIGTERM, wait up to 5 s, then SIGKILL.
stop() {
  [ -f "$1" ] || return 0
  local pid
  pid="$(cat "$1")"
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
  fi
  rm -f "$1"
}

stop /run/slurmd.pid
stop /run/slurmctld.pid
stop /run/munge/munged.pid
echo "slurm-down: stopped"
