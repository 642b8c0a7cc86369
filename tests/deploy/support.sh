# Shared by the deploy tests (tests/deploy/*_test.sh): they run the scripts of deploy/local as a user runs them,
# on the binaries of an existing build (TDKT_BUILD_DIR, set by ctest to this build), in private directories
# under $TMPDIR named tdkt-test-… (tests/run looks for servers left behind by that marker). Process checks here
# read ps on purpose, not deploy/local/lib.sh: the test must not trust the code it tests.
set -euo pipefail
SOURCE_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export TDKT_BUILD_DIR="${TDKT_BUILD_DIR:-$SOURCE_DIR/build}"
[ -x "$TDKT_BUILD_DIR/services/directory/tdkt-directory" ] ||
  { echo "FAIL: no build in $TDKT_BUILD_DIR (set TDKT_BUILD_DIR)" >&2; exit 1; }

fail() { echo "FAIL: $*" >&2; exit 1; }

# Every process the test starts inherits this mark, so that what stop leaves behind can be found, and killed
# at the end whatever the scripts did. Redis writes its process title over its environment: it is found by its
# working directory (its --dir) instead, under one of the test's directories in $test_dirs.
export TDKT_TEST_MARK="tdkt-test-deploy-$$-$RANDOM"
test_dirs=()

# The pids of live servers (postgres, redis-server, tdkt-*) started by this test.
servers_left() {
  local dir name cwd under
  for dir in /proc/[0-9]*; do
    read -r name 2>/dev/null < "$dir/comm" || continue
    case $name in postgres | redis-server | tdkt-*) ;; *) continue ;; esac
    live "${dir#/proc/}" "$name" || continue
    if grep -qzxF "TDKT_TEST_MARK=$TDKT_TEST_MARK" 2>/dev/null < "$dir/environ"; then
      echo "${dir#/proc/}"
      continue
    fi
    cwd=$(readlink "$dir/cwd" 2>/dev/null) || continue
    for under in "${test_dirs[@]}"; do
      case ${cwd% (deleted)} in "$under" | "$under"/*) echo "${dir#/proc/}"; break ;; esac
    done
  done
  return 0
}

expect_no_servers_left() {
  local left; left=$(servers_left)
  [ -z "$left" ] || fail "servers still running: $(ps -o pid=,comm= -p "$(echo $left | tr ' ' ,)" | tr '\n' ' ')"
}

# For the cleanup: SIGKILL whatever servers of this test still run (SIGCONT first, for stopped ones).
kill_servers_left() {
  local left; left=$(servers_left)
  [ -z "$left" ] || { kill -CONT $left; kill -KILL $left; } 2>/dev/null || true
}
step() { printf '\n=== %s\n' "$*" >&2; }

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# A base for the services' ports (the gateway's HTTP on base+0, gRPC base+1…5, metrics base+10…15) all free, below the kernel's ephemeral range so
# that no test server takes one meanwhile.
free_port_base() {
  local base
  for _ in $(seq 1 50); do
    # HTTP on base+0, gRPC on base+1..5, metrics on base+10..15 (deploy/local/services)
    base=$((20000 + RANDOM % 500 * 20))
    local offset ok=true
    for offset in 0 1 2 3 4 5 10 11 12 13 14 15; do port_free $((base + offset)) || { ok=false; break; }; done
    $ok && { echo "$base"; return; }
  done
  fail "no free port base found"
}

# Whether pid $1 is a live (not zombie) process named $2.
live() {
  local state name
  state=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
  name=$(ps -o comm= -p "$1" 2>/dev/null) || return 1
  [[ $state != Z* ]] && [ "$name" = "$2" ]
}

# Waits up to $1 seconds until the command in the remaining arguments succeeds.
eventually() {
  local seconds=$1; shift
  for _ in $(seq 1 $((seconds * 10))); do "$@" && return 0; sleep 0.1; done
  return 1
}

# Runs a command, its output in $out (also shown on failure); fails the test when it fails.
out=""
run() {
  local status=0
  out=$("$@" 2>&1) || status=$?
  echo "$out" >&2
  [ "$status" = 0 ] || fail "exit status $status from: $*"
}

expect_in_output() { grep -qF -- "$1" <<< "$out" || fail "the output does not say: $1"; }
