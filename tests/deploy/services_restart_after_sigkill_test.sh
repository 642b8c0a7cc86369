#!/usr/bin/env bash
# deploy_services_restart_after_sigkill: `deploy/local/services start` right after a service was killed with
# SIGKILL starts it again at once, even while the dead process is a zombie (its parent has not reaped it — the
# case wherever PID 1 does not reap orphans; here the parent is made to never reap). And a pid file naming a
# live but unrelated process (a recycled pid) means "not running" for the services, Redis and PostgreSQL:
# start starts them, stop leaves that process alone. Stop returns once each process has exited, with SIGKILL
# for one that does not act on SIGTERM.
source "$(dirname "$0")/support.sh"

run_dir=$(mktemp -d "${TMPDIR:-/tmp}/tdkt-test-deploy-pids-XXXXXX")
chmod 755 "$run_dir"  # PostgreSQL's data in ./.run itself (the other case is deploy_demo_private_checkout's)
test_dirs=("$run_dir")
export TDKT_RUN_DIR="$run_dir"
TDKT_PORT_BASE=$(free_port_base)
export TDKT_PORT_BASE
local_dir="$SOURCE_DIR/deploy/local"
parent=""
cleanup() {
  bash "$local_dir/stop" >/dev/null 2>&1 || true
  kill_servers_left
  [ -n "$parent" ] && kill "$parent" 2>/dev/null
  rm -rf "$run_dir"
}
trap cleanup EXIT
directory_port=$((TDKT_PORT_BASE + 1))
dossier_port=$((TDKT_PORT_BASE + 2))

step "PostgreSQL, Redis, the demo directory"
run bash "$local_dir/pg" start
run bash "$local_dir/redis" start
run bash "$local_dir/demo-data"

step "the services, as children of a process that never reaps them"
# `exec sleep` after the start: the services stay children of a process that will not wait for them.
bash -c 'source "$0" start && exec sleep 600' "$local_dir/services" > "$run_dir/first-start.log" 2>&1 &
parent=$!
eventually 60 bash -c "! kill -0 $parent 2>/dev/null || [ \"\$(ps -o comm= -p $parent)\" = sleep ]"
live "$parent" sleep || { cat "$run_dir/first-start.log" >&2; fail "the services did not start"; }
directory=$(cat "$run_dir/services/directory.pid")
dossier=$(cat "$run_dir/services/dossier.pid")
live "$directory" tdkt-directory || fail "the directory service is not running"
live "$dossier" tdkt-dossier || fail "the dossier service is not running"

step "kill -9 the dossier service: a zombie"
kill -KILL "$dossier"
eventually 10 bash -c "ps -o stat= -p $dossier | grep -q '^Z'" || fail "the killed dossier service is not a zombie"
# Its sockets close when its last thread has exited, which on a loaded machine may come a moment after the
# leader shows as a zombie.
eventually 10 bash -c "! (exec 3<>/dev/tcp/127.0.0.1/$dossier_port) 2>/dev/null" ||
  fail "the dead dossier service still holds its port"

step "services start restarts it at once"
started=$(date +%s%N)
run bash "$local_dir/services" start
elapsed_ms=$((($(date +%s%N) - started) / 1000000))
expect_in_output "dossier listening on 127.0.0.1:$dossier_port"
expect_in_output "directory already running"
restarted=$(cat "$run_dir/services/dossier.pid")
[ "$restarted" != "$dossier" ] || fail "the pid file still names the dead process"
live "$restarted" tdkt-dossier || fail "the restarted dossier service is not running"
! port_free "$dossier_port" || fail "the restarted dossier service does not listen"
[ "$(cat "$run_dir/services/directory.pid")" = "$directory" ] || fail "the running directory service was restarted"
[ "$elapsed_ms" -lt 15000 ] || fail "the restart took $elapsed_ms ms"
echo "restarted in $elapsed_ms ms" >&2

step "stop: returns once every process has exited, SIGKILL for those that ignore SIGTERM"
postmaster=$(head -n1 "$run_dir/pg/data/postmaster.pid")
redis=$(cat "$run_dir/redis/redis.pid")
kill -STOP "$restarted" "$redis"  # a stopped process acts on SIGTERM only once continued; SIGKILL ends it
TDKT_STOP_TIMEOUT=2 run bash "$local_dir/stop"
expect_in_output "tdkt-dossier (pid $restarted) did not stop within 2 s after SIGTERM: SIGKILL"
expect_in_output "redis-server (pid $redis) did not stop within 2 s after SIGTERM: SIGKILL"
for pid_name in "$directory tdkt-directory" "$restarted tdkt-dossier" "$redis redis-server" "$postmaster postgres"; do
  ! live $pid_name || fail "still running after stop: $pid_name"
done
port_free "$directory_port" && port_free "$dossier_port" || fail "a service port is still taken after stop"
expect_no_servers_left

step "pid files naming an unrelated live process (recycled pids)"
live "$parent" sleep || fail "the stand-in process is gone"
for file in services/directory.pid services/dossier.pid redis/redis.pid pg/data/postmaster.pid; do
  echo "$parent" > "$run_dir/$file"
done
run bash "$local_dir/services" status
expect_in_output "directory: stopped"
expect_in_output "dossier: stopped"
bash "$local_dir/redis" status > /dev/null && fail "redis status says running for a recycled pid"
bash "$local_dir/pg" status > /dev/null && fail "pg status says running for a recycled pid"
for file in services/directory.pid services/dossier.pid redis/redis.pid pg/data/postmaster.pid; do
  echo "$parent" > "$run_dir/$file"
done
run bash "$local_dir/stop"
live "$parent" sleep || fail "stop killed an unrelated process named by a pid file"
for file in services/directory.pid services/dossier.pid redis/redis.pid pg/data/postmaster.pid; do
  echo "$parent" > "$run_dir/$file"
done
run bash "$local_dir/pg" start
expect_in_output "PostgreSQL started"
run bash "$local_dir/redis" start
expect_in_output "Redis started"
run bash "$local_dir/services" start
expect_in_output "directory listening"
expect_in_output "dossier listening"
live "$(cat "$run_dir/services/dossier.pid")" tdkt-dossier || fail "the dossier service did not start"
run bash "$local_dir/stop"
live "$parent" sleep || fail "stop killed an unrelated process"
expect_no_servers_left
echo "PASS" >&2
