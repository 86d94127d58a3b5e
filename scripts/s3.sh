#!/usr/bin/env bash
# Throwaway S3 server for tests: a single-node Ceph (1 monitor, 1 memstore OSD, no manager) with the
# RADOS Gateway on 127.0.0.1. It enforces S3 signatures and POST-policy conditions like production MinIO.
#
#   scripts/s3.sh start   start it in a fresh private dir on free ports; prints, on stdout and nothing else,
#                         `export TEST_S3_ENDPOINT=... TEST_S3_ACCESS_KEY=... TEST_S3_SECRET_KEY=...` (for eval)
#   scripts/s3.sh stop    stop it (by pid file) and delete its dir; safe to call when start never ran
#
# Settings (environment):
#   S3_ENV_FILE   state of the running server (default /tmp/mediation-s3-<user>.env)
#   RGW_PORT      first gateway port to try (default 17480); MON_PORT first monitor port (default 16789)
#   S3_ACCESS_KEY, S3_SECRET_KEY   credentials of the test user (default minioadmin/minioadmin)
#   MEMSTORE_BYTES  RAM the OSD may hold (default 2 GiB)
# Needs root to install the packages when they are missing (ceph-mon ceph-osd radosgw from Debian 12).
set -euo pipefail

ENV_FILE=${S3_ENV_FILE:-/tmp/mediation-s3-$(id -un).env}
ACCESS=${S3_ACCESS_KEY:-minioadmin}
SECRET=${S3_SECRET_KEY:-minioadmin}
MARKER=.mediation-throwaway-ceph

log() { echo "s3.sh: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() { local p=$1; while port_busy "$p"; do p=$((p + 1)); done; echo "$p"; }

ensure_packages() {
  command -v ceph-mon >/dev/null && command -v ceph-osd >/dev/null && command -v radosgw >/dev/null && return 0
  [ "$(id -u)" = 0 ] || die "Ceph is not installed. As root: apt-get install -y --no-install-recommends ceph-mon ceph-osd radosgw"
  log "installing ceph-mon ceph-osd radosgw with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  { apt-get install -y --no-install-recommends ceph-mon ceph-osd radosgw ||
    { apt-get update && apt-get install -y --no-install-recommends ceph-mon ceph-osd radosgw; }; } >&2 ||
    die "apt-get install of Ceph failed"
}

stop_dir() {  # stop_dir DIR MON_PORT: kill the daemons recorded in DIR, wait, delete DIR
  local d=$1 mon_port=${2:-} pids=() n f p i alive
  for n in client.rgw.a osd.0 mon.a; do
    f="$d/run/$n.pid"
    if [ -f "$f" ] && p=$(cat "$f") && kill "$p" 2>/dev/null; then pids+=("$p"); fi
  done
  for i in $(seq 30); do
    alive=0; for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
    [ $alive = 0 ] && break; sleep 0.5
  done
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  if [ -n "$mon_port" ]; then for i in $(seq 20); do port_busy "$mon_port" || break; sleep 0.5; done; fi
  if [ -f "$d/$MARKER" ]; then rm -rf "$d"; fi
}

cmd_stop() {
  [ -f "$ENV_FILE" ] || { log "nothing to stop (no $ENV_FILE)"; return 0; }
  # shellcheck disable=SC1090
  . "$ENV_FILE"
  stop_dir "$CEPH_DIR" "$MON_PORT"
  rm -f "$ENV_FILE"
  log "stopped (gateway port $RGW_PORT)"
}

cmd_start() {
  [ -f "$ENV_FILE" ] && die "a server is recorded in $ENV_FILE; run '$0 stop' first (or set S3_ENV_FILE)"
  ensure_packages
  local t0=$SECONDS
  D=$(mktemp -d /tmp/mediation-ceph.XXXXXX); touch "$D/$MARKER"
  MON=$(free_port "${MON_PORT:-16789}"); RGW=$(free_port "${RGW_PORT:-17480}")
  [ "$RGW" = "$MON" ] && RGW=$(free_port $((MON + 1)))
  trap 'stop_dir "$D" "$MON"' EXIT; trap 'exit 130' INT; trap 'exit 143' TERM; trap 'exit 129' HUP
  mkdir -p "$D"/{mon.a,osd.0,run,log,rgw}
  local fsid conf; fsid=$(uuidgen); conf="$D/ceph.conf"
  cat > "$conf" <<CONF
[global]
fsid = $fsid
mon_host = v1:127.0.0.1:$MON
mon_initial_members = a
public_addr = 127.0.0.1
auth_cluster_required = none
auth_service_required = none
auth_client_required = none
run_dir = $D/run
admin_socket = $D/run/\$name.asok
log_file = $D/log/\$name.log
pid_file = $D/run/\$name.pid
keyring = $D/keyring
osd_pool_default_size = 1
osd_pool_default_min_size = 1
osd_pool_default_pg_num = 8
osd_pool_default_pgp_num = 8
osd_pool_default_pg_autoscale_mode = off
mon_allow_pool_size_one = true
mon_warn_on_pool_no_redundancy = false
mon_max_pg_per_osd = 1000
osd_crush_chooseleaf_type = 0
ms_bind_msgr2 = false
mon_data_avail_warn = 1
mon_data_avail_crit = 0
auth_allow_insecure_global_id_reclaim = false
[mon]
mon_data = $D/mon.a
mon_allow_pool_delete = true
[osd]
osd_data = $D/osd.0
osd_objectstore = memstore
memstore_device_bytes = ${MEMSTORE_BYTES:-2147483648}
osd_memory_target = 536870912
[client.rgw.a]
rgw_frontends = beast endpoint=127.0.0.1:$RGW
rgw_data = $D/rgw
rgw_dns_name = localhost
rgw_thread_pool_size = 64
CONF
  export CEPH_CONF="$conf"
  ceph-authtool --create-keyring "$D/keyring" --gen-key -n mon. --cap mon 'allow *' >/dev/null
  ceph-authtool "$D/keyring" --gen-key -n client.admin --cap mon 'allow *' --cap osd 'allow *' --cap mgr 'allow *' >/dev/null
  monmaptool --create --fsid "$fsid" --addv a "[v1:127.0.0.1:$MON]" "$D/monmap" >/dev/null
  ceph-mon -c "$conf" --mkfs -i a --monmap "$D/monmap" --keyring "$D/keyring" >&2
  ceph-mon -c "$conf" -i a >&2
  local i
  for i in $(seq 30); do [ "$(ceph -c "$conf" --connect-timeout 5 fsid 2>/dev/null)" = "$fsid" ] && break; sleep 0.5; done
  [ "$(ceph -c "$conf" --connect-timeout 5 fsid 2>/dev/null)" = "$fsid" ] || die "monitor not answering on port $MON"
  local osd_uuid osd_id; osd_uuid=$(uuidgen)
  # Just after it first answers, the monitor can still refuse commands ("EPERM: problem getting command descriptions
  # from mon", seen once in CI); `osd new` with the same uuid is idempotent, so it is retried.
  osd_id=""
  for i in $(seq 10); do
    osd_id=$(ceph -c "$conf" --connect-timeout 30 osd new "$osd_uuid" 2>>"$D/log/osd-new.err") && break
    log "ceph osd new failed, retry $i"; sleep 1
  done
  [ -n "$osd_id" ] || { tail -5 "$D/log/osd-new.err" >&2; die "the monitor refused to create the OSD"; }
  ceph-osd -c "$conf" -i "$osd_id" --mkfs --osd-uuid "$osd_uuid" 2>>"$D/log/mkfs.log" >&2
  # About one cold start in ten the first OSD start dies with "wrong fsid"; a retry fixes it.
  for i in $(seq 10); do ceph-osd -c "$conf" -i "$osd_id" 2>>"$D/log/osd-start.err" >&2 && break; log "ceph-osd start failed, retry $i"; sleep 2; done
  for i in $(seq 60); do ceph -c "$conf" --connect-timeout 5 osd stat 2>/dev/null | grep -q '1 up' && break; sleep 1; done
  ceph -c "$conf" --connect-timeout 5 osd stat 2>/dev/null | grep -q '1 up' || { tail -20 "$D/log/osd.0.log" >&2; die "OSD did not come up"; }
  radosgw -c "$conf" -n client.rgw.a >&2
  for i in $(seq 90); do curl -s -o /dev/null "http://127.0.0.1:$RGW/" && break; sleep 1; done
  curl -s -o /dev/null "http://127.0.0.1:$RGW/" || { tail -20 "$D/log/client.rgw.a.log" >&2; die "radosgw did not come up"; }
  radosgw-admin -c "$conf" user create --uid=ci --display-name=ci --access-key="$ACCESS" --secret-key="$SECRET" >/dev/null
  { printf 'CEPH_DIR=%q\nMON_PORT=%q\nRGW_PORT=%q\n' "$D" "$MON" "$RGW"; } > "$ENV_FILE"
  trap - EXIT INT TERM HUP
  log "radosgw ready on http://127.0.0.1:$RGW in $((SECONDS - t0)) s (dir $D, state $ENV_FILE)"
  printf 'export TEST_S3_ENDPOINT=%q TEST_S3_ACCESS_KEY=%q TEST_S3_SECRET_KEY=%q\n' "127.0.0.1:$RGW" "$ACCESS" "$SECRET"
}

case "${1:-}" in
  start) cmd_start ;;
  stop)  cmd_stop ;;
  *) echo "usage: $0 start|stop   (state file: $ENV_FILE)" >&2; exit 2 ;;
esac
