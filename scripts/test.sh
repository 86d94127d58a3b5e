#!/usr/bin/env bash
# THE one command that runs every test of this repository, from nothing, on a Debian 12 machine
# (root or a normal user, no Docker). It starts the services the tests need, runs them, stops
# the services on every exit path (success, failure, Ctrl-C, kill), and prints as its LAST line
#
#     N passed, M failed
#
# summed over everything it ran. Exit status: 0 only if nothing failed and nothing that should
# have run was skipped (a build failure, a service that did not start, zero tests discovered,
# a missing result file all count as failures).
#
# Usage: scripts/test.sh [extra dotnet test args, e.g. --filter FullyQualifiedName~Foo]
# Environment:
#   TEST_RESULTS_DIR         where dotnet.trx is written (default TestResults/ci)
#   TEST_CONSOLE_VERBOSITY   dotnet test console logger verbosity (default minimal: failures
#                            with their messages and stack traces; "normal" lists every test)
#   CI_ARTIFACTS_PATH        if set, build into this --artifacts-path instead of bin/ obj/
#   PG_PORT, PG_BIN          see scripts/postgres.sh
#   RGW_PORT, MON_PORT       see scripts/s3.sh
#   REDIS_PORT               see scripts/redis.sh
set -uo pipefail   # no -e: every step is checked explicitly so that counting always happens

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# No build servers / node reuse: a lingering compiler or MSBuild node that inherited our stdout
# can keep a CI pipe open long after the run; overridable for local speed.
export MSBUILDDISABLENODEREUSE=${MSBUILDDISABLENODEREUSE:-1}
export DOTNET_CLI_USE_MSBUILD_SERVER=${DOTNET_CLI_USE_MSBUILD_SERVER:-0}
export UseSharedCompilation=${UseSharedCompilation:-false}
export NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false

RESULTS_DIR=${TEST_RESULTS_DIR:-$ROOT/TestResults/ci}
VERBOSITY=${TEST_CONSOLE_VERBOSITY:-minimal}
ARTIFACTS=()
[ -n "${CI_ARTIFACTS_PATH:-}" ] && ARTIFACTS=(--artifacts-path "$CI_ARTIFACTS_PATH")

WORK=$(mktemp -d "${TMPDIR:-/tmp}/mediation-test.XXXXXX") ||
  { echo "test.sh: cannot create a temp dir"; echo "0 passed, 1 failed"; exit 1; }
export PG_ENV_FILE="$WORK/postgres.env"   # our own PG state file: never touches a hand-started one
export S3_ENV_FILE="$WORK/s3.env"         # the same for the S3 server
export REDIS_ENV_FILE="$WORK/redis.env"   # and for Redis (the rooms' SignalR backplane)

PASSED=0
FAILED=0
SUMMARY=()      # one line per suite / problem, printed before the final count
COMPLETED=0
T_START=$SECONDS

section() { printf '\n==== %s ====\n' "$*"; }
problem() {     # a failure that is not a test result: counts as one failed
  FAILED=$((FAILED + 1))
  SUMMARY+=("FAILURE: $*")
  echo "test.sh: FAILURE: $*" >&2
}

stop_services() {
  # Redis and S3 (Ceph RGW) first, then PostgreSQL; redis.sh and s3.sh stop are no-ops when their start never ran.
  bash scripts/redis.sh stop || echo "test.sh: warning: redis.sh stop failed" >&2
  bash scripts/s3.sh stop || echo "test.sh: warning: s3.sh stop failed" >&2
  if [ -f "$PG_ENV_FILE" ]; then
    bash scripts/postgres.sh stop || echo "test.sh: warning: postgres.sh stop failed" >&2
  fi
}

on_exit() {
  local rc=$?
  trap - EXIT INT TERM HUP
  set +e
  stop_services
  rm -rf "$WORK"
  if [ "$COMPLETED" != 1 ]; then
    problem "run did not complete (interrupted or aborted, exit status $rc)"
    [ "$rc" = 0 ] && rc=1
  fi
  section "summary ($((SECONDS - T_START)) s)"
  local l; for l in "${SUMMARY[@]}"; do echo "$l"; done
  echo "$PASSED passed, $FAILED failed"
  if [ "$FAILED" -gt 0 ] && [ "$rc" = 0 ]; then rc=1; fi
  exit "$rc"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# ---------------------------------------------------------------- build
section "build (dotnet build Mediation.sln -c Release)"
BUILD_OK=0
if dotnet build Mediation.sln -c Release -nologo "${ARTIFACTS[@]}"; then
  BUILD_OK=1
else
  problem "dotnet build failed: no .NET test ran (see the errors above)"
fi

# ---------------------------------------------------------------- format
# The C# layout and the 120-column width (.csharpierrc.yaml) as CSharpier writes them; a line it cannot break (a long
# string or comment) may stay longer. Fix with: dotnet tool restore && dotnet csharpier format Api Api.Tests bench
section "format (dotnet csharpier check Api Api.Tests bench)"
if ! dotnet tool restore >/dev/null; then
  problem "dotnet tool restore failed: the format check did not run"
elif ! dotnet csharpier check Api Api.Tests bench; then
  problem "C# files are not formatted: run dotnet csharpier format Api Api.Tests bench"
fi

# ---------------------------------------------------------------- services
SERVICES_OK=1
if [ $BUILD_OK = 1 ]; then
  section "services"
  if TEST_POSTGRES=$(bash scripts/postgres.sh start); then
    export TEST_POSTGRES
    echo "TEST_POSTGRES=$TEST_POSTGRES"
  else
    problem "PostgreSQL did not start: .NET tests not run"
    SERVICES_OK=0
  fi
  # One S3 server (Ceph RADOS Gateway) for the whole run; each test class makes its own bucket on it.
  if [ $SERVICES_OK = 1 ]; then
    if S3_EXPORTS=$(bash scripts/s3.sh start); then
      eval "$S3_EXPORTS"
      echo "TEST_S3_ENDPOINT=$TEST_S3_ENDPOINT"
    else
      problem "S3 (Ceph RADOS Gateway) did not start: .NET tests not run"
      SERVICES_OK=0
    fi
  fi
  # One Redis for the whole run: the two-instance rooms test's SignalR backplane (each test uses its own channel prefix).
  if [ $SERVICES_OK = 1 ]; then
    if REDIS_EXPORTS=$(bash scripts/redis.sh start); then
      eval "$REDIS_EXPORTS"
      echo "TEST_REDIS=$TEST_REDIS"
    else
      problem "Redis did not start: .NET tests not run"
      SERVICES_OK=0
    fi
  fi
fi

# ---------------------------------------------------------------- dotnet test
trx_counter() {  # trx_counter FILE ATTR -> the number in <Counters ATTR="n" .../> (0 if absent)
  local v
  v=$(grep -o '<Counters [^>]*>' "$1" | head -1 | sed -n "s/.* $2=\"\([0-9]*\)\".*/\1/p")
  echo "${v:-0}"
}
xml_unescape() { sed -e 's/&quot;/"/g' -e "s/&apos;/'/g" -e 's/&lt;/</g' -e 's/&gt;/>/g' -e 's/&amp;/\&/g'; }

if [ $BUILD_OK = 1 ] && [ $SERVICES_OK = 1 ]; then
  section "dotnet test"
  mkdir -p "$RESULTS_DIR"
  rm -f "$RESULTS_DIR"/*.trx          # never read a stale result
  dotnet test Mediation.sln -c Release --no-build "${ARTIFACTS[@]}" \
    --logger "trx;LogFileName=dotnet.trx" --logger "console;verbosity=$VERBOSITY" \
    --results-directory "$RESULTS_DIR" "$@" 2>&1 | tee "$WORK/dotnet.log"
  DOTNET_RC=${PIPESTATUS[0]}

  shopt -s nullglob
  TRX_FILES=("$RESULTS_DIR"/*.trx)
  shopt -u nullglob
  if [ ${#TRX_FILES[@]} = 0 ]; then
    problem "dotnet test wrote no TRX (exit status $DOTNET_RC): results unknown"
  else
    d_total=0 d_passed=0 d_failed=0 d_skipped=0
    for f in "${TRX_FILES[@]}"; do
      d_total=$((d_total + $(trx_counter "$f" total)))
      d_passed=$((d_passed + $(trx_counter "$f" passed)))
      d_failed=$((d_failed + $(trx_counter "$f" failed) + $(trx_counter "$f" error) \
                 + $(trx_counter "$f" timeout) + $(trx_counter "$f" aborted)))
      d_skipped=$((d_skipped + $(trx_counter "$f" total) - $(trx_counter "$f" executed)))  # xunit skips: NotExecuted
    done
    PASSED=$((PASSED + d_passed))
    FAILED=$((FAILED + d_failed))
    SUMMARY+=("dotnet: $d_passed passed, $d_failed failed, $d_skipped skipped, $d_total total ($(
      echo "${TRX_FILES[@]#"$ROOT/"}"))")
    # the names of failed tests again, next to the count (their messages are above)
    for f in "${TRX_FILES[@]}"; do
      grep -o '<UnitTestResult [^>]*outcome="\(Failed\|Error\|Timeout\|Aborted\)"[^>]*>' "$f" |
        sed -n 's/.* testName="\([^"]*\)".*/  failed: \1/p' | xml_unescape
    done > "$WORK/failed-names"
    while IFS= read -r l; do SUMMARY+=("$l"); done < "$WORK/failed-names"
    # The multi-process test's counts (cases, uploads, reminders, credit records; issue 9): a passing test's output is
    # only in the TRX, so it is repeated here.
    for f in "${TRX_FILES[@]}"; do
      awk '/scale-out on loopback:/{n=8} n>0{sub(/.*<StdOut>/, ""); sub(/<\/StdOut>.*/, ""); print; n--}' "$f" | xml_unescape
    done > "$WORK/scale-out"
    while IFS= read -r l; do SUMMARY+=("$l"); done < "$WORK/scale-out"

    # With LogFileName, every test assembly writes the same file and only the last survives
    # (microsoft/vstest#3026): refuse to report partial numbers as the whole truth.
    n_asm=$(grep -c '^Test run for .*\.dll' "$WORK/dotnet.log")
    if [ "$n_asm" -gt ${#TRX_FILES[@]} ]; then
      problem "$n_asm test assemblies ran but only ${#TRX_FILES[@]} TRX file(s) exist: counts are incomplete (use LogFilePrefix)"
    fi
    if [ "$d_total" = 0 ]; then
      problem "dotnet test discovered no tests"
    fi
    if [ "$DOTNET_RC" != 0 ] && [ "$d_failed" = 0 ]; then
      problem "dotnet test exited with status $DOTNET_RC although the TRX shows no failed test (test host crash?)"
    fi
  fi
fi

# ---------------------------------------------------------------- node suites
# run_node_suite DIR WHAT: npm ci && npm test in DIR, counting node --test's TAP summary ("# pass N" / "# fail N").
run_node_suite() {
  local dir=$1 what=$2 log="$WORK/node-${1//\//-}.log"
  if [ ! -f "$dir/package.json" ]; then
    SUMMARY+=("node: no $dir/package.json, skipped")
    return
  fi
  section "node tests ($dir, $what: npm ci && npm test)"
  if ! command -v npm >/dev/null 2>&1; then
    problem "npm not found: $dir tests not run"
    return
  fi
  if ! (cd "$dir" && npm ci); then
    problem "npm ci failed in $dir: its tests not run"
    return
  fi
  (cd "$dir" && npm test) 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]}
  n_count() {
    local v
    v=$(sed -n -e "s/^# $1 \([0-9][0-9]*\)\$/\1/p" -e "s/^ℹ $1 \([0-9][0-9]*\)\$/\1/p" "$log" | tail -1)
    echo "${v:-}"
  }
  local n_pass n_fail n_cancelled
  n_pass=$(n_count pass) n_fail=$(n_count fail) n_cancelled=$(n_count cancelled)
  if [ -z "$n_pass" ] || [ -z "$n_fail" ]; then
    problem "npm test in $dir printed no '# pass N' / '# fail N' summary (exit status $rc)"
    return
  fi
  n_fail=$((n_fail + ${n_cancelled:-0}))
  PASSED=$((PASSED + n_pass))
  FAILED=$((FAILED + n_fail))
  SUMMARY+=("node ($dir): $n_pass passed, $n_fail failed")
  if [ "$rc" != 0 ] && [ "$n_fail" = 0 ]; then
    problem "npm test in $dir exited with status $rc although it reports no failure"
  fi
}

run_node_suite miniprogram-stubs "mini-program stubs"

# The staff console in headless Chromium (Debian's chromium, installed by the test when missing and run as root).
# It starts the real service with `dotnet run`, so it needs the .NET build to have succeeded.
if [ $BUILD_OK = 1 ]; then
  run_node_suite console-tests "staff console, browser"
else
  problem "console-tests not run: the .NET build failed"
fi

COMPLETED=1
exit 0   # on_exit stops the services, prints the count and sets the real exit status
