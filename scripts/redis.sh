#!/usr/bin/env bash
# Throwaway Redis on 127.0.0.1 for tests and benchmarks: the SignalR backplane of the mediation rooms (SignalR:Redis).
# Nothing is kept: no RDB snapshots (--save ''), no append-only file, data in a fresh temp dir deleted at stop.
#
#   scripts/redis.sh start   start a fresh server on a free port; prints, on stdout and nothing else,
#                            `export TEST_REDIS=127.0.0.1:PORT` (for eval) and writes the state file (REDIS_ENV_FILE)
#   scripts/redis.sh stop    stop it (by its pid file) and delete its dir; safe to call when start never ran
#
# By hand:
#   eval "$(scripts/redis.sh start)"    # sets TEST_REDIS, a StackExchange.Redis connection string
#   dotnet test ...
#   scripts/redis.sh stop
#
# Settings (environment):
#   REDIS_ENV_FILE  state of the running server (sourceable: REDIS_DIR, REDIS_PORT, TEST_REDIS);
#                   default /tmp/mediation-redis-<user>.env; scripts/test.sh uses its own file
#   REDIS_PORT      first port to try (default 16379); the next ones are tried if it is busy
# Needs root to install Debian's redis-server when it is missing (apt-get), as postgres.sh and s3.sh do for theirs.
set -euo pipefail

ENV_FILE=${REDIS_ENV_FILE:-/tmp/mediation-redis-$(id -un).env}
FIRST_PORT=${REDIS_PORT:-16379}
MARKER=.mediation-throwaway-redis   # only dirs carrying this file are ever rm -rf'd

log() { echo "redis.sh: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
alive() { kill -0 "$1" 2>/dev/null; }

ensure_packages() {
  command -v redis-server >/dev/null && command -v redis-cli >/dev/null && return 0
  [ "$(id -u)" = 0 ] || die "redis-server is not installed. As root: apt-get install -y --no-install-recommends redis-server"
  log "installing redis-server with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  { apt-get install -y --no-install-recommends redis-server ||
    { apt-get update && apt-get install -y --no-install-recommends redis-server; }; } >&2 ||
    die "apt-get install redis-server failed"
  # The package starts Debian's own server on 6379 where there is an init system; ours never uses it.
}

stop_dir() {  # stop_dir DIR: stop the server recorded in DIR/redis.pid, wait, delete DIR
  local d=$1 pid="" i
  [ -n "$d" ] && [ -d "$d" ] || return 0
  if [ -f "$d/redis.pid" ] && pid=$(cat "$d/redis.pid") && [ -n "$pid" ] && alive "$pid"; then
    kill "$pid" 2>/dev/null || true
    for i in $(seq 40); do alive "$pid" || break; sleep 0.25; done
    if alive "$pid"; then log "redis $pid still alive; killing it"; kill -9 "$pid" 2>/dev/null || true; fi
  fi
  if [ -f "$d/$MARKER" ]; then rm -rf "$d"; else log "not removing $d (no $MARKER marker)"; fi
}

cmd_stop() {
  [ -f "$ENV_FILE" ] || { log "nothing to stop (no $ENV_FILE)"; return 0; }
  # shellcheck disable=SC1090
  . "$ENV_FILE"
  stop_dir "${REDIS_DIR:-}"
  rm -f "$ENV_FILE"
  log "stopped (port ${REDIS_PORT:-?})"
}

cmd_start() {
  [ -f "$ENV_FILE" ] && die "a server is recorded in $ENV_FILE; run '$0 stop' first (or set REDIS_ENV_FILE)"
  ensure_packages
  D=$(mktemp -d /tmp/mediation-redis.XXXXXX); touch "$D/$MARKER"
  trap 'stop_dir "$D"' EXIT; trap 'exit 130' INT; trap 'exit 143' TERM; trap 'exit 129' HUP
  local port=$FIRST_PORT tries=0 started=0 i
  while [ $tries -lt 40 ]; do
    tries=$((tries + 1))
    if port_busy "$port"; then port=$((port + 1)); continue; fi
    : > "$D/redis.log"
    if redis-server --port "$port" --bind 127.0.0.1 --protected-mode yes --save '' --appendonly no \
         --daemonize yes --pidfile "$D/redis.pid" --dir "$D" --logfile "$D/redis.log" >&2; then
      for i in $(seq 40); do
        [ "$(redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null)" = PONG ] && { started=1; break; }
        grep -qi 'address already in use' "$D/redis.log" 2>/dev/null && break
        sleep 0.1
      done
    fi
    [ $started = 1 ] && break
    if grep -qi 'address already in use' "$D/redis.log" 2>/dev/null; then   # lost a race for the port
      log "port $port taken, trying $((port + 1))"; port=$((port + 1)); continue
    fi
    tail -20 "$D/redis.log" >&2 || true
    die "redis-server did not answer on 127.0.0.1:$port"
  done
  [ $started = 1 ] || die "no free port found from $FIRST_PORT"
  mkdir -p "$(dirname "$ENV_FILE")"
  printf 'REDIS_DIR=%q\nREDIS_PORT=%q\nTEST_REDIS=%q\n' "$D" "$port" "127.0.0.1:$port" > "$ENV_FILE"
  trap - EXIT INT TERM HUP
  log "$(redis-server --version | awk '{print $1, $3}') ready on 127.0.0.1:$port (dir $D, state $ENV_FILE)"
  printf 'export TEST_REDIS=%q\n' "127.0.0.1:$port"
}

case "${1:-}" in
  start) cmd_start ;;
  stop)  cmd_stop ;;
  *) echo "usage: $0 start|stop   (state file: $ENV_FILE)" >&2; exit 2 ;;
esac
