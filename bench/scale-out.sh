#!/usr/bin/env bash
# Scale-out benchmarks: the real service as separate `dotnet Api.dll` processes on ONE PostgreSQL database and ONE S3
# bucket, configured through environment variables only (as compose.yaml runs it), loaded by the bench projects'
# --targets modes, which alternate (ABBA) between one instance and client-side round-robin over both.
#
#   bash bench/scale-out.sh [filing] [uploads] [size]     (default: all three, in that order)
#
#   filing   bench/DisputeSubmission --targets: POST /api/disputes, 1 instance vs 2 (extra options: FILING_ARGS)
#   uploads  bench/EvidenceUpload --targets: concurrent 2 MB photo uploads, 1 instance vs 2 (UPLOAD_ARGS)
#   size     bench/CaseSize: drives N cases through filing, evidence, intake, assignment and sessions, then measures
#            the database's bytes per case, table by table (SIZE_ARGS, e.g. "--cases 500")
#
# Both HTTP instances run with the job server OFF (Jobs:RunServer=false; job storage in PostgreSQL, as compose.yaml's
# API instances), the development WeChat stand-in (Development environment, no AppSecret: `dev:<name>` logs in) and
# RateLimits:Enabled=false. Instance 1 starts first and migrates and seeds the empty database; instance 2 starts after it.
# PostgreSQL (scripts/postgres.sh) and the S3 server (scripts/s3.sh, Ceph RGW) are started and stopped here unless
# TEST_POSTGRES / TEST_S3_ENDPOINT (+ TEST_S3_ACCESS_KEY, TEST_S3_SECRET_KEY) are set; a fresh database and bucket are
# used either way, and the database is dropped at the end (KEEP_DB=1 keeps it). Builds go to bin/bench-artifacts
# (BENCH_ARTIFACTS_PATH to change). The S3 server started here may hold MEMSTORE_BYTES (default 6 GiB) of objects in RAM:
# a full memstore makes uploads hang, so keep the upload step's length in proportion. INSTANCES=1 starts a single instance (then only the "1 inst" rows are measured).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
ART=${BENCH_ARTIFACTS_PATH:-$ROOT/bin/bench-artifacts}
INSTANCES=${INSTANCES:-2}
STEPS=("$@"); [ ${#STEPS[@]} -gt 0 ] || STEPS=(filing uploads size)
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
log() { echo "scale-out.sh: $*" >&2; }

for p in Api bench/DisputeSubmission bench/EvidenceUpload bench/CaseSize; do
  dotnet build "$p" -c Release --artifacts-path "$ART" -nologo -v q >&2
done

PIDS=(); STARTED_PG=""; STARTED_S3=""; DB=""
cleanup() {
  set +e
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null; done
  if [ -n "$DB" ] && [ "${KEEP_DB:-0}" != 1 ]; then
    "$PG_BIN/psql" -h "$PGHOST" -p "$PGPORT" -U postgres -d postgres -XAtqc "DROP DATABASE IF EXISTS \"$DB\" WITH (FORCE)" >/dev/null
  fi
  [ -n "$STARTED_S3" ] && S3_ENV_FILE=$STARTED_S3 bash scripts/s3.sh stop
  [ -n "$STARTED_PG" ] && PG_ENV_FILE=$STARTED_PG bash scripts/postgres.sh stop
  rm -rf "${STORAGE_DIRS[@]}"
}
STORAGE_DIRS=()
trap cleanup EXIT

if [ -z "${TEST_POSTGRES:-}" ]; then
  STARTED_PG=$(mktemp -u /tmp/scale-out-pg.XXXXXX.env)
  TEST_POSTGRES=$(PG_ENV_FILE=$STARTED_PG bash scripts/postgres.sh start)
fi
if [ -z "${TEST_S3_ENDPOINT:-}" ]; then
  STARTED_S3=$(mktemp -u /tmp/scale-out-s3.XXXXXX.env)
  # The throwaway Ceph keeps objects in RAM (memstore); the upload step stores ~2-3 GB, beyond s3.sh's 2 GiB default.
  eval "$(S3_ENV_FILE=$STARTED_S3 MEMSTORE_BYTES=${MEMSTORE_BYTES:-6442450944} bash scripts/s3.sh start)"
fi
field() { tr ';' '\n' <<<"$TEST_POSTGRES" | sed -n "s/^$1=//Ip" | head -1; }
PGHOST=$(field Host); PGPORT=$(field Port)
DB=scaleout_$(head -c 6 /dev/urandom | od -An -tx1 | tr -d ' \n')
"$PG_BIN/psql" -h "$PGHOST" -p "$PGPORT" -U postgres -d postgres -XAtqc "CREATE DATABASE \"$DB\"" >/dev/null
export SCALE_OUT_DB="Host=$PGHOST;Port=$PGPORT;Username=postgres;Database=$DB"
key() { head -c 32 /dev/urandom | base64; }
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() { local p=$1; while port_busy "$p"; do p=$((p + 1)); done; echo "$p"; }

export ADMIN_USER=admin ADMIN_PASSWORD="Admin-Passw0rd-$(head -c 4 /dev/urandom | od -An -tx1 | tr -d ' \n')"
COMMON=(
  ASPNETCORE_ENVIRONMENT=Development WeChat__AppSecret=
  Database__Provider=Postgres "Database__ConnectionString=$SCALE_OUT_DB"
  Jobs__Storage=Postgres Jobs__RunServer=false
  Storage__Provider=Minio "Minio__Endpoint=$TEST_S3_ENDPOINT" "Minio__AccessKey=$TEST_S3_ACCESS_KEY" "Minio__SecretKey=$TEST_S3_SECRET_KEY"
  "Minio__Bucket=${DB//_/-}" Minio__UseSsl=false Minio__Region=us-east-1
  "Auth__SigningKey=$(key)" "PersonalData__EncryptionKey=$(key)" "PersonalData__HashKey=$(key)"
  "Admin__Username=$ADMIN_USER" "Admin__Password=$ADMIN_PASSWORD"
  RateLimits__Enabled=false Auth__LoginPermitsPerMinute=100000
  Logging__LogLevel__Default=Warning
)
TARGETS=""
start_instance() {  # start_instance N: start api-N, wait until /health/ready answers 200
  local port; port=$(free_port $((5180 + $1 * 10)))
  local storage; storage=$(mktemp -d /tmp/scale-out-storage.XXXXXX); STORAGE_DIRS+=("$storage")
  env "${COMMON[@]}" "ASPNETCORE_URLS=http://127.0.0.1:$port" "Storage__Root=$storage" \
    dotnet "$ART/bin/Api/release/Api.dll" > >(sed "s/^/[api-$1] /" >&2) 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 360); do
    if [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health/ready")" = 200 ]; then
      TARGETS="${TARGETS:+$TARGETS,}http://127.0.0.1:$port"; log "api-$1 ready on port $port"; return 0
    fi
    kill -0 "${PIDS[-1]}" 2>/dev/null || { log "api-$1 exited"; exit 1; }
    sleep 0.5
  done
  log "api-$1 not ready after 180 s"; exit 1
}
for i in $(seq 1 "$INSTANCES"); do start_instance "$i"; done
log "database $DB on $PGHOST:$PGPORT, bucket ${DB//_/-} on $TEST_S3_ENDPOINT, targets $TARGETS; load average $(cut -d' ' -f1-3 /proc/loadavg)"

status=0
for step in "${STEPS[@]}"; do
  echo
  case "$step" in
    filing)  dotnet "$ART/bin/DisputeSubmission/release/DisputeSubmission.dll" --targets "$TARGETS" ${FILING_ARGS:-} || status=1 ;;
    uploads) dotnet "$ART/bin/EvidenceUpload/release/EvidenceUpload.dll" --targets "$TARGETS" ${UPLOAD_ARGS:-} || status=1 ;;
    size)    dotnet "$ART/bin/CaseSize/release/CaseSize.dll" --targets "$TARGETS" --connection "$SCALE_OUT_DB" ${SIZE_ARGS:-} || status=1 ;;
    *) log "unknown step $step (filing, uploads, size)"; exit 2 ;;
  esac
done
exit $status
