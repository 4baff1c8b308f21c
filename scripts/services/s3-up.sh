#!/usr/bin/env bash
# Starts a throw-away, single-host Ceph cluster with a RADOS Gateway (S3) on 127.0.0.1 for tests, and writes
# .services/s3.env. Idempotent: exits at once when the endpoint already answers. Objects live in RAM (memstore),
# so every fresh start is an empty cluster. Env: SLUICE_S3_PORT (default 7480).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PORT="${SLUICE_S3_PORT:-7480}"
MON_PORT=$((PORT + 10000)) # derived, so two clusters on different S3 ports do not share a mon port
DIR="$ROOT/.services/ceph"
ENV_FILE="$ROOT/.services/s3.env"
ENDPOINT="http://127.0.0.1:$PORT"
# Fixed test credentials: the cluster listens on loopback only and holds nothing but test data.
ACCESS_KEY="SLUICETESTACCESSKEY0"
SECRET_KEY="sluice-test-secret-key-0000000000000000"
START=$SECONDS

answers() { command -v curl >/dev/null && curl -fsS -o /dev/null --max-time 2 "$ENDPOINT/" 2>/dev/null; }

write_env() {
  mkdir -p "$(dirname "$ENV_FILE")"
  cat > "$ENV_FILE.tmp" <<EOF
export AWS_ACCESS_KEY_ID=$ACCESS_KEY
export AWS_SECRET_ACCESS_KEY=$SECRET_KEY
export AWS_REGION=us-east-1
export SLUICE_S3_ENDPOINT=$ENDPOINT
EOF
  mv "$ENV_FILE.tmp" "$ENV_FILE"
}

fail() {
  echo "s3-up: $1" >&2
  for f in "$DIR"/log/*.out "$DIR"/log/mon.a.log "$DIR"/log/client.rgw.a.log; do
    [ -s "$f" ] && { echo "--- tail $f" >&2; tail -n 10 "$f" >&2; }
  done
  # A half-started cluster would answer the next probe and pass for a ready one: stop it (logs stay).
  bash "$ROOT/scripts/services/s3-down.sh" >/dev/null 2>&1 || true
  exit 1
}

if answers; then
  [ -f "$ENV_FILE" ] || write_env
  echo "s3-up: already running at $ENDPOINT"
  exit 0
fi

if ! command -v radosgw >/dev/null || ! command -v ceph-mon >/dev/null || ! command -v ceph-osd >/dev/null \
   || ! command -v radosgw-admin >/dev/null || ! command -v curl >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  PKGS=(ceph-mon ceph-osd radosgw ceph-common curl)
  # A fresh machine has empty package lists; update only then, it is the slow part of a warm apt cache.
  if ! apt-cache policy radosgw 2>/dev/null | grep -q 'Candidate: [0-9]'; then
    apt-get update -qq >/dev/null || fail "apt-get update failed"
  fi
  apt-get install -y -qq --no-install-recommends "${PKGS[@]}" > /tmp/sluice-ceph-apt.log 2>&1 \
    || { tail -n 30 /tmp/sluice-ceph-apt.log >&2; fail "apt-get install ${PKGS[*]} failed"; }
fi

# Leftovers of an earlier cluster (crashed or half-started) would hold ports and pid files: stop and wipe them.
bash "$ROOT/scripts/services/s3-down.sh" >/dev/null 2>&1 || true
rm -rf "$DIR"
mkdir -p "$DIR"/{log,run,mon,osd,rgw}
export CEPH_CONF="$DIR/ceph.conf"
FSID="$(cat /proc/sys/kernel/random/uuid)"

# Settings marked (!) are the ones found to matter (see shared infra notes): without them radosgw hangs or
# start-up takes 20 s+.
cat > "$CEPH_CONF" <<EOF
[global]
fsid = $FSID
mon initial members = a
mon host = v2:127.0.0.1:$MON_PORT
ms bind msgr1 = false
public addr = 127.0.0.1
cluster addr = 127.0.0.1
auth cluster required = none
auth service required = none
auth client required = none
ms mon client mode = crc secure
paxos propose interval = 0.1
paxos min wait = 0.01
osd objectstore = memstore
memstore device bytes = 4294967296
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
mon allow pool size one = true
mon warn on pool no redundancy = false
mon max pg per osd = 1000
osd crush chooseleaf type = 0
mon data avail warn = 2
mon data avail crit = 1
run dir = $DIR/run
pid file = $DIR/run/\$name.pid
admin socket = $DIR/run/\$name.asok
log file = $DIR/log/\$name.log
mon data = $DIR/mon/\$id
osd data = $DIR/osd/\$id
keyring = $DIR/keyring

[client.rgw.a]
rgw frontends = beast endpoint=127.0.0.1:$PORT
rgw data = $DIR/rgw
rgw gc obj min wait = 60
EOF

# With auth none the keyring is never checked, but mon --mkfs insists on reading one.
ceph-authtool --create-keyring "$DIR/keyring" --gen-key -n mon. --cap mon 'allow *' >/dev/null
monmaptool --create --fsid "$FSID" --addv a "[v2:127.0.0.1:$MON_PORT]" "$DIR/monmap" >/dev/null
ceph-mon --mkfs -i a --monmap "$DIR/monmap" > "$DIR/log/mon-mkfs.out" 2>&1 || fail "ceph-mon --mkfs failed"
ceph-mon -i a > "$DIR/log/mon.out" 2>&1 || fail "ceph-mon failed to start"

OSD_UUID="$(cat /proc/sys/kernel/random/uuid)"
OSD_ID="$(timeout 30 ceph osd new "$OSD_UUID" 2>>"$DIR/log/ceph-cli.out")" || fail "ceph osd new failed"
mkdir -p "$DIR/osd/$OSD_ID"
ceph-osd -i "$OSD_ID" --mkfs --osd-uuid "$OSD_UUID" > "$DIR/log/osd-mkfs.out" 2>&1 || fail "ceph-osd --mkfs failed"
ceph-osd -i "$OSD_ID" > "$DIR/log/osd.out" 2>&1 || fail "ceph-osd failed to start"

for _ in $(seq 1 120); do
  timeout 5 ceph osd stat 2>/dev/null | grep -q '1 up' && break
  sleep 0.25
done
timeout 5 ceph osd stat 2>/dev/null | grep -q '1 up' || fail "the OSD did not come up"

radosgw -n client.rgw.a > "$DIR/log/rgw.out" 2>&1 || fail "radosgw failed to start"
for _ in $(seq 1 240); do answers && break; sleep 0.25; done
answers || fail "radosgw did not answer at $ENDPOINT within 60 s"

radosgw-admin user create --uid=sluice --display-name="Sluice tests" \
  --access-key="$ACCESS_KEY" --secret-key="$SECRET_KEY" > "$DIR/log/user.out" 2>&1 \
  || fail "radosgw-admin user create failed"

# Warm-up: the first bucket, object and multipart upload create the remaining pools (2-3 s each otherwise, which
# would land in the first test's timing). curl signs SigV4 itself; the payload is sent unsigned. Subresources
# need an explicit '=' ('?uploads='): curl 7.88 signs a bare '?uploads' differently from the server (403).
s3() { curl -fsS --max-time 30 --aws-sigv4 "aws:amz:us-east-1:s3" --user "$ACCESS_KEY:$SECRET_KEY" \
  -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" "$@"; }
B="$ENDPOINT/sluice-warmup"
{
  s3 -X PUT "$B" &&
  s3 -X PUT --data-binary "warm" "$B/o" &&
  UPLOAD="$(s3 -X POST "$B/m?uploads=" | sed -n 's:.*<UploadId>\(.*\)</UploadId>.*:\1:p')" &&
  [ -n "$UPLOAD" ] &&
  ETAG="$(s3 -X PUT --data-binary "part" -D - -o /dev/null "$B/m?partNumber=1&uploadId=$UPLOAD" \
    | tr -d '\r' | sed -n 's/^[Ee][Tt][Aa][Gg]: *//p')" &&
  s3 -X POST --data-binary "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>$ETAG</ETag></Part></CompleteMultipartUpload>" \
    "$B/m?uploadId=$UPLOAD" &&
  s3 -X DELETE "$B/o" && s3 -X DELETE "$B/m" && s3 -X DELETE "$B"
} > "$DIR/log/warmup.out" 2>&1 || fail "warm-up requests failed (see warmup.out)"

write_env
echo "s3-up: Ceph RGW ready at $ENDPOINT in $((SECONDS - START)) s (env: .services/s3.env, logs: .services/ceph/log)"
