#!/usr/bin/env bash
# deploy_demo_private_checkout: `bash deploy/local/demo`, as the README says it (from the checkout), works from
# a checkout inside a mode-700 directory, as one under /root is — a directory the PostgreSQL user ('postgres'
# when run as root) cannot enter. The demo says where PostgreSQL's data is; that place is private to the
# PostgreSQL user; no directory is opened up. A second run, deploy/local/stop, a demo after a crash (every
# process killed with SIGKILL, ./.run stale) and a fresh start after deleting ./.run work too.
#
# The checkout is a copy of what the demo reads (deploy/, data/) from this source tree, uncommitted changes
# included; the binaries are this build's (TDKT_BUILD_DIR), so nothing is compiled again.
source "$(dirname "$0")/support.sh"

top=$(mktemp -d "${TMPDIR:-/tmp}/tdkt-test-deploy-private-XXXXXX")
chmod 700 "$top"
test_dirs=("$top")
checkout="$top/checkout"
mkdir "$checkout"
cp -a "$SOURCE_DIR/deploy" "$SOURCE_DIR/data" "$checkout/"
unset TDKT_RUN_DIR TDKT_STATE_DIR  # the checkout's own ./.run, the default place outside: the point of the test
export XDG_CONFIG_HOME="$top/config"  # tdktctl's saved sessions stay out of the user's ~/.config
TDKT_PORT_BASE=$(free_port_base)
export TDKT_PORT_BASE
state_dir=/var/lib/tdkt  # deploy/local/pg's default TDKT_STATE_DIR
state_dir_existed=$([ -d "$state_dir" ] && echo yes || echo no)
cleanup() {
  bash "$checkout/deploy/local/stop" >/dev/null 2>&1 || true
  kill_servers_left
  local home; home=$(cat "$checkout/.run/pg.home" 2>/dev/null || true)
  case $home in "$state_dir"/*/pg) rm -rf "$(dirname "$home")" ;; esac
  [ "$state_dir_existed" = yes ] || rmdir "$state_dir" 2>/dev/null || true
  rm -rf "$top"
}
trap cleanup EXIT
cd "$checkout"

if [ "$(id -u)" = 0 ]; then
  ! runuser -u postgres -- test -x "$checkout" 2>/dev/null || fail "postgres can enter $checkout: nothing is tested"
fi

step "the demo from $checkout"
run bash deploy/local/demo
data=$(bash deploy/local/pg dir)
expect_in_output "data in $data"
expect_in_output "tdkt is running"
expect_in_output "directory: running on 127.0.0.1:$((TDKT_PORT_BASE + 1))"
expect_in_output "dossier: running on 127.0.0.1:$((TDKT_PORT_BASE + 2))"
expect_in_output "campaign: running on 127.0.0.1:$((TDKT_PORT_BASE + 5))"
expect_in_output "gateway: running on 127.0.0.1:$TDKT_PORT_BASE"
expect_in_output "web console http://127.0.0.1:$TDKT_PORT_BASE/"
[ "$(curl -fsS "http://127.0.0.1:$TDKT_PORT_BASE/readyz")" = ready ] || fail "the gateway is not ready"
curl -fsS -X POST "http://127.0.0.1:$TDKT_PORT_BASE/api/v1/session/login" \
  -d '{"username": "vp.dongtan", "password": "tdkt-demo-2025"}' | grep -q '"csrfToken"' ||
  fail "cannot log in through the gateway"
[ -f "$data/PG_VERSION" ] || fail "no PostgreSQL data in $data"
if [ "$(id -u)" = 0 ]; then
  case $data in "$state_dir"/*/pg/data) ;; *) fail "PostgreSQL's data is not under $state_dir: $data" ;; esac
  pg_home_parent=$(dirname "$(dirname "$data")")  # <state dir>/<hash>
  [ "$(stat -c %U "$data")" = postgres ] || fail "$data is not owned by postgres"
  [ "$(stat -c %a "$(dirname "$data")")" = 700 ] || fail "$(dirname "$data") is not private (mode 700)"
  [ "$(cat "$pg_home_parent/checkout")" = "$(cd .run && pwd -P)" ] || fail "$pg_home_parent/checkout does not name $checkout/.run"
fi
[ "$(stat -c %a "$top")" = 700 ] || fail "the private directory was opened up"
pg_url=$(bash deploy/local/pg url)
[ "$(psql "$pg_url" -Atc 'SELECT count(*) > 0 FROM pg_tables WHERE schemaname NOT IN ($$pg_catalog$$, $$information_schema$$)')" = t ] ||
  fail "the demo database has no tables"
TDKT_PASSWORD=tdkt-demo-2025 TDKT_DIRECTORY_ADDR=127.0.0.1:$((TDKT_PORT_BASE + 1)) \
  TDKT_DOSSIER_ADDR=127.0.0.1:$((TDKT_PORT_BASE + 2)) "$TDKT_BUILD_DIR/tools/tdktctl/tdktctl" inbox --user vp.dongtan \
  > /dev/null || fail "tdktctl inbox failed against the demo"
TDKT_PASSWORD=tdkt-demo-2025 TDKT_DIRECTORY_ADDR=127.0.0.1:$((TDKT_PORT_BASE + 1)) \
  TDKT_CAMPAIGN_ADDR=127.0.0.1:$((TDKT_PORT_BASE + 5)) "$TDKT_BUILD_DIR/tools/tdktctl/tdktctl" campaigns list \
  --user nv.tinh | grep -q "(phu-tho-2024)" || fail "the demo has not loaded data/plans as campaigns"
# The scheduler has planned the reminders of the demo's running deadlines: Đồng Tân's appraiser sees what will fire.
timers_upcoming() {
  TDKT_PASSWORD=tdkt-demo-2025 TDKT_DIRECTORY_ADDR=127.0.0.1:$((TDKT_PORT_BASE + 1)) \
    TDKT_SCHEDULER_ADDR=127.0.0.1:$((TDKT_PORT_BASE + 3)) "$TDKT_BUILD_DIR/tools/tdktctl/tdktctl" timers upcoming \
    --org PT-DONGTAN --until "$(date -d '+40 days' +%F)" --user vp.dongtan
}
eventually 60 bash -c "$(declare -f timers_upcoming); timers_upcoming | grep -Eq 'nhắc (trước hạn|đến hạn|quá hạn)'" ||
  { timers_upcoming >&2; fail "tdktctl timers upcoming shows no reminder of the demo's running deadlines"; }
# The system administrator the README names for `tdktctl calendar` exists, with the demo password.
TDKT_PASSWORD=tdkt-demo-2025 TDKT_DIRECTORY_ADDR=127.0.0.1:$((TDKT_PORT_BASE + 1)) \
  TDKT_DOSSIER_ADDR=127.0.0.1:$((TDKT_PORT_BASE + 2)) "$TDKT_BUILD_DIR/tools/tdktctl/tdktctl" calendar changes \
  --user quantri | grep -q "phiên bản 0 → 1" || fail "tdktctl calendar changes failed as quantri against the demo"

step "the demo again: nothing new is started"
run bash deploy/local/demo
expect_in_output "PostgreSQL already running"
expect_in_output "Redis already running"
expect_in_output "dossier already running"
! grep -q "clock set back" <<< "$out" || fail "the second run loaded the demo's past again"
[ "$(bash deploy/local/pg dir)" = "$data" ] || fail "the second run moved PostgreSQL's data"

step "a crash: every process killed with SIGKILL, then the demo"
postmaster=$(head -n1 "$data/postmaster.pid")
victims=("$postmaster" $(ps -o pid= --ppid "$postmaster") $(cat .run/redis/redis.pid .run/services/*.pid))
kill -KILL "${victims[@]}" 2>/dev/null || true  # a backend may have ended by itself meanwhile
for pid in "${victims[@]}"; do
  eventually 10 bash -c "! ps -o stat= -p $pid | grep -qv Z" || fail "pid $pid survived SIGKILL"
done
run bash deploy/local/demo
expect_in_output "removing stale $data/postmaster.pid"
expect_in_output "PostgreSQL started"
expect_in_output "dossier listening"
expect_in_output "data in $data"

step "deploy/local/stop: every process has exited when it returns"
postmaster=$(head -n1 "$data/postmaster.pid")
redis=$(cat .run/redis/redis.pid)
directory=$(cat .run/services/directory.pid)
dossier=$(cat .run/services/dossier.pid)
run bash deploy/local/stop
expect_in_output "$data"
! live "$postmaster" postgres || fail "PostgreSQL is still running after stop"
! live "$redis" redis-server || fail "Redis is still running after stop"
! live "$directory" tdkt-directory || fail "the directory service is still running after stop"
! live "$dossier" tdkt-dossier || fail "the dossier service is still running after stop"
[ ! -e "$data/postmaster.pid" ] || fail "postmaster.pid is left after stop"
expect_no_servers_left

step "deleting ./.run gives a fresh start"
run bash deploy/local/pg start
psql "$(bash deploy/local/pg url)" -qc "CREATE DATABASE tdkt_before_the_fresh_start" || fail "cannot create a database"
run bash deploy/local/pg stop
rm -rf .run
run bash deploy/local/pg start
[ "$(bash deploy/local/pg dir)" = "$data" ] || fail "the fresh start's data is not at the same place"
[ -z "$(psql "$(bash deploy/local/pg url)" -Atc "SELECT 1 FROM pg_database WHERE datname = 'tdkt_before_the_fresh_start'")" ] ||
  fail "after deleting ./.run, the old PostgreSQL data is still used"
run bash deploy/local/stop
expect_no_servers_left
echo "PASS" >&2
