#!/usr/bin/env bash
# Throwaway PostgreSQL 15 on 127.0.0.1 for tests (no Docker, no system cluster).
#
#   scripts/postgres.sh start    start a fresh server in a new temp dir on a free port;
#                                prints the connection string on stdout (and nothing else)
#                                and writes an env file (see PG_ENV_FILE below)
#   scripts/postgres.sh stop     stop it and delete its temp dir (idempotent; safe to call twice)
#   scripts/postgres.sh status   say whether the recorded server is running (exit 0 if it is)
#   scripts/postgres.sh env      print `export TEST_POSTGRES=...` for eval
#
# By hand:
#   export TEST_POSTGRES=$(scripts/postgres.sh start)   # or: eval "$(scripts/postgres.sh env)"
#   dotnet test ...
#   scripts/postgres.sh stop
#
# Settings (environment):
#   PG_ENV_FILE  where the state of the running server is recorded (sourceable shell:
#                TEST_POSTGRES, PG_PORT, PG_DIR, PG_BIN, PG_RUN_AS).
#                Default /tmp/mediation-postgres-<user>.env; scripts/test.sh uses its own file,
#                so a server started by hand and one started by the test run never collide.
#   PG_PORT      first port to try (default 55432); the next ones are tried if it is busy.
#   PG_BIN       PostgreSQL bin dir (default /usr/lib/postgresql/15/bin).
#
# Data lives in RAM-ish conditions anyway: fsync, synchronous_commit and full_page_writes are
# off. Authentication is trust, user `postgres`, loopback only. Never use this for real data.
#
# As root, initdb/postgres run as the `postgres` user (they refuse root) via runuser; as a
# normal user they run as that user. If the binaries are missing, root installs postgresql-15
# with apt-get; a normal user gets an error telling what to install.
set -euo pipefail

DEFAULT_PG_BIN=/usr/lib/postgresql/15/bin
PG_BIN=${PG_BIN:-$DEFAULT_PG_BIN}
FIRST_PORT=${PG_PORT:-55432}
ENV_FILE=${PG_ENV_FILE:-/tmp/mediation-postgres-$(id -un).env}
MARKER=.mediation-throwaway-postgres   # only dirs carrying this file are ever rm -rf'd

log() { echo "postgres.sh: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# Run a PostgreSQL binary as the right user, from / (avoids "could not change directory").
as_pg() {
  if [ "$(id -u)" = 0 ]; then
    (cd / && runuser -u postgres -- "$@")
  else
    (cd / && "$@")
  fi
}

alive() {  # process $1 exists and is not a zombie (a zombie is already dead, merely unreaped)
  kill -0 "$1" 2>/dev/null || return 1
  local st; st=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
  case "$st" in Z*|"") return 1 ;; esac
}

port_busy() {  # something accepts connections on 127.0.0.1:$1
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

ensure_binaries() {
  [ -x "$PG_BIN/initdb" ] && [ -x "$PG_BIN/pg_ctl" ] && return 0
  [ "$PG_BIN" = "$DEFAULT_PG_BIN" ] || die "no initdb/pg_ctl in PG_BIN=$PG_BIN"
  if [ "$(id -u)" = 0 ]; then
    log "PostgreSQL 15 not found in $PG_BIN; installing postgresql-15 with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    { apt-get install -y --no-install-recommends postgresql-15 ||
      { apt-get update && apt-get install -y --no-install-recommends postgresql-15; }; } >&2 ||
      die "apt-get install postgresql-15 failed"
  else
    die "PostgreSQL 15 not found in $PG_BIN. Install it (as root: apt-get install -y postgresql-15) or set PG_BIN."
  fi
  [ -x "$PG_BIN/initdb" ] || die "still no $PG_BIN/initdb after installing postgresql-15"
}

load_state() {  # sets PG_DIR, PG_PORT, ... from the env file; returns 1 if there is none
  [ -f "$ENV_FILE" ] || return 1
  # shellcheck disable=SC1090
  . "$ENV_FILE"
}

is_running() {  # the recorded server's postmaster is alive (not a zombie) and pg_ctl agrees
  [ -n "${PG_DIR:-}" ] && [ -f "$PG_DIR/pg/data/postmaster.pid" ] &&
    alive "$(head -1 "$PG_DIR/pg/data/postmaster.pid")" &&
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/pg/data" status >/dev/null 2>&1
}

remove_dir() {
  local d=$1
  if [ -n "$d" ] && [ -d "$d" ]; then
    if [ -f "$d/$MARKER" ]; then rm -rf "$d"; else log "not removing $d (no $MARKER marker)"; fi
  fi
}

cmd_stop() {
  if ! load_state; then log "nothing to stop (no $ENV_FILE)"; return 0; fi
  local data="$PG_DIR/pg/data"
  if [ -f "$data/postmaster.pid" ]; then
    local pid; pid=$(head -1 "$data/postmaster.pid" 2>/dev/null || true)
    if ! as_pg "$PG_BIN/pg_ctl" -D "$data" -m fast -w -t 20 stop >/dev/null 2>&1; then
      log "fast stop failed; trying immediate"
      as_pg "$PG_BIN/pg_ctl" -D "$data" -m immediate -w -t 10 stop >/dev/null 2>&1 || true
    fi
    # last resort: the postmaster pid recorded by the server itself
    if [ -n "${pid:-}" ] && alive "$pid"; then
      log "postmaster $pid still alive; killing it"
      kill -9 "$pid" 2>/dev/null || true
      sleep 0.5
    fi
  fi
  remove_dir "$PG_DIR"
  rm -f "$ENV_FILE"
  log "stopped (port ${PG_PORT:-?}), removed ${PG_DIR:-?}"
}

abort_start() {  # EXIT trap while starting: undo everything
  if [ -n "${dir:-}" ] && [ -f "$dir/pg/data/postmaster.pid" ]; then
    as_pg "$PG_BIN/pg_ctl" -D "$dir/pg/data" -m immediate -w -t 10 stop >/dev/null 2>&1 || true
  fi
  remove_dir "${dir:-}"
}

cmd_start() {
  if load_state; then
    if is_running; then
      die "a server from $ENV_FILE is already running on port $PG_PORT; run '$0 stop' first (or set PG_ENV_FILE)"
    fi
    log "cleaning up stale state from $ENV_FILE"
    remove_dir "${PG_DIR:-}"; rm -f "$ENV_FILE"
    unset PG_DIR
  fi
  ensure_binaries
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || die "user 'postgres' does not exist (install postgresql-15)"
    RUN_AS=postgres
  else
    RUN_AS=$(id -un)
  fi

  local t0=$SECONDS
  # /tmp, not $TMPDIR: as root the postgres user must be able to reach the dir.
  dir=$(mktemp -d /tmp/mediation-pg.XXXXXX)   # global: the EXIT trap below needs it
  # From here on, a failure must leave neither a server nor the dir behind.
  trap abort_start EXIT
  trap 'exit 130' INT; trap 'exit 143' TERM; trap 'exit 129' HUP   # make sure EXIT runs
  touch "$dir/$MARKER"
  chmod 755 "$dir"                      # mktemp makes 0700; postgres must traverse it
  mkdir "$dir/pg"
  if [ "$(id -u)" = 0 ]; then chown postgres: "$dir/pg"; fi

  if ! as_pg "$PG_BIN/initdb" -D "$dir/pg/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 \
        --no-sync >"$dir/initdb.log" 2>&1; then
    cat "$dir/initdb.log" >&2
    die "initdb failed"
  fi

  local port=$FIRST_PORT tries=0 started=0
  while [ $tries -lt 40 ]; do
    tries=$((tries + 1))
    if port_busy "$port"; then port=$((port + 1)); continue; fi
    if [ -f "$dir/pg/log" ]; then : >"$dir/pg/log"; fi   # judge only this attempt's log
    if as_pg "$PG_BIN/pg_ctl" -D "$dir/pg/data" -l "$dir/pg/log" -w -t 30 \
         -o "-p $port -c listen_addresses=127.0.0.1 -k $dir/pg -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
         start >/dev/null 2>&1; then
      started=1; break
    fi
    # lost a race for the port (another server grabbed it between check and bind)? try the next one
    if grep -qiE 'could not (bind|create any TCP/IP sockets)|already in use' "$dir/pg/log" 2>/dev/null; then
      log "port $port taken, trying $((port + 1))"
      port=$((port + 1)); continue
    fi
    tail -20 "$dir/pg/log" >&2 || true
    die "pg_ctl start failed (see above)"
  done
  [ $started = 1 ] || die "no free port found in $FIRST_PORT..$port"

  local cs="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
  # Prove it accepts SQL connections over TCP before saying it's ready.
  if ! "$PG_BIN/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -XAtqc 'select 1' >/dev/null 2>&1; then
    tail -20 "$dir/pg/log" >&2 || true
    die "server started but does not answer on 127.0.0.1:$port"
  fi

  mkdir -p "$(dirname "$ENV_FILE")"
  {
    printf 'TEST_POSTGRES=%q\n' "$cs"
    printf 'PG_PORT=%q\n' "$port"
    printf 'PG_DIR=%q\n' "$dir"
    printf 'PG_BIN=%q\n' "$PG_BIN"
    printf 'PG_RUN_AS=%q\n' "$RUN_AS"
  } >"$ENV_FILE"
  trap - EXIT INT TERM HUP
  log "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') ready on 127.0.0.1:$port in $((SECONDS - t0)) s (dir $dir, state $ENV_FILE)"
  echo "$cs"
}

cmd_status() {
  if load_state && is_running; then
    log "running on 127.0.0.1:$PG_PORT (dir $PG_DIR)"; echo "$TEST_POSTGRES"; return 0
  fi
  log "not running"; return 1
}

cmd_env() {
  load_state && is_running || die "not running (no live server recorded in $ENV_FILE)"
  printf 'export TEST_POSTGRES=%q\n' "$TEST_POSTGRES"
}

case "${1:-}" in
  start)  cmd_start ;;
  stop)   cmd_stop ;;
  status) cmd_status ;;
  env)    cmd_env ;;
  *) echo "usage: $0 start|stop|status|env   (state file: $ENV_FILE)" >&2; exit 2 ;;
esac
