#!/usr/bin/env bash
# Starts a single-node Slurm (munged, slurmctld, slurmd on localhost) for launcher tests, as root without systemd.
# Idempotent: exits at once when the node already answers. Logs go to .services/slurm/.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DIR="$ROOT/.services/slurm"
CONF=/etc/slurm/slurm.conf
START=$SECONDS

ready() { timeout 5 sinfo -h -o '%T' 2>/dev/null | grep -Eq '^(idle|mixed|allocated)'; }

fail() {
  echo "slurm-up: $1" >&2
  for f in "$DIR"/*.log; do [ -s "$f" ] && { echo "--- tail $f" >&2; tail -n 10 "$f" >&2; }; done
  exit 1
}

if command -v sinfo >/dev/null && ready; then
  echo "slurm-up: already running"
  exit 0
fi

if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v sbatch >/dev/null \
   || ! command -v munged >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  PKGS=(slurmctld slurmd slurm-client munge)
  # A fresh machine has empty package lists; update only then.
  if ! apt-cache policy slurmctld 2>/dev/null | grep -q 'Candidate: [0-9]'; then
    apt-get update -qq >/dev/null || fail "apt-get update failed"
  fi
  apt-get install -y -qq --no-install-recommends "${PKGS[@]}" > /tmp/sluice-slurm-apt.log 2>&1 \
    || { tail -n 30 /tmp/sluice-slurm-apt.log >&2; fail "apt-get install ${PKGS[*]} failed"; }
fi

# Leftover daemons from an earlier, half-working start would hold the ports.
bash "$ROOT/scripts/services/slurm-down.sh" >/dev/null 2>&1 || true
mkdir -p "$DIR"

# munge: the package makes the key; the daemon needs its run folder owned by the munge user.
[ -f /etc/munge/munge.key ] || { mungekey --create 2>/dev/null || create-munge-key -f; chown munge:munge /etc/munge/munge.key; }
mkdir -p /run/munge /var/log/munge /var/lib/munge
chown munge:munge /run/munge /var/log/munge /var/lib/munge
chmod 0755 /run/munge
if ! munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
  su -s /bin/sh munge -c "munged --force" > "$DIR/munged.log" 2>&1 || fail "munged failed to start"
  for _ in $(seq 1 50); do munge -n 2>/dev/null | unmunge >/dev/null 2>&1 && break; sleep 0.1; done
  munge -n | unmunge >/dev/null 2>&1 || fail "munge does not round-trip a credential"
fi

mkdir -p /etc/slurm /var/spool/slurmctld /var/spool/slurmd
# batch_sched_delay=0: with the default, tiny array tasks start about one per second (100 tasks took 130 s).
cat > "$CONF" <<EOF
ClusterName=sluice
SlurmctldHost=localhost
SlurmUser=root
AuthType=auth/munge
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
SlurmctldLogFile=$DIR/slurmctld.log
SlurmdLogFile=$DIR/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerParameters=batch_sched_delay=0
ReturnToService=2
MailProg=/bin/true
NodeName=localhost NodeAddr=127.0.0.1 CPUs=$(nproc) State=UNKNOWN
PartitionName=main Nodes=localhost Default=YES MaxTime=INFINITE State=UP
EOF

# -c: a cold start that forgets jobs of an earlier run.
slurmctld -c > "$DIR/slurmctld.out" 2>&1 || fail "slurmctld failed to start"
slurmd -N localhost > "$DIR/slurmd.out" 2>&1 || fail "slurmd failed to start"
for _ in $(seq 1 100); do ready && break; sleep 0.2; done
ready || fail "the node did not become idle within 20 s"
echo "slurm-up: single-node Slurm ready in $((SECONDS - START)) s (conf: $CONF, logs: .services/slurm)"
