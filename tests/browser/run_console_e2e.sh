#!/usr/bin/env bash
# browser_console_e2e: the web console's end-to-end walk (console_e2e.test.mjs) in Debian's Chromium, driven by
# playwright-core, against the real stack — PostgreSQL, Redis, the directory, dossier, scheduler, notifier and
# campaign services and the gateway serving web/ — started with the deploy/local scripts in a private run directory
# (tdkt-test-browser-… under $TMPDIR) on a free port base, with the demo directory and `tdktctl demo-scenario`
# (which also staffs the school's standing body and council, and sets up the demo's emulation bloc). Anything that
# cannot start fails the test.
#
# Environment (set by ctest, tests/browser/CMakeLists.txt): TDKT_BUILD_DIR, TDKT_BROWSER_CACHE (npm ci goes
# there, once per package-lock.json), TDKT_BROWSER_OUTPUT (screenshots, axe-core report, the printed documents'
# PDFs, service logs).
source "$(dirname "$0")/../deploy/support.sh"
here="$SOURCE_DIR/tests/browser"
cache="${TDKT_BROWSER_CACHE:-$TDKT_BUILD_DIR/tests/browser/node}"
output="${TDKT_BROWSER_OUTPUT:-$TDKT_BUILD_DIR/tests/browser/output}"
chromium="${TDKT_CHROMIUM:-/usr/bin/chromium}"

command -v node >/dev/null || fail "node is not installed (deploy/local/packages.txt: nodejs)"
command -v npm >/dev/null || fail "npm is not installed"
for tool in pdfinfo pdftotext; do
  command -v "$tool" >/dev/null || fail "$tool is not installed (deploy/local/packages.txt: poppler-utils)"
done
[ -x "$chromium" ] || fail "$chromium is missing (deploy/local/packages.txt: chromium; run deploy/local/install-deps)"
[ -x "$TDKT_BUILD_DIR/services/gateway/tdkt-gateway" ] || fail "the gateway is not built in $TDKT_BUILD_DIR"
for binary in services/directory/tdkt-directory services/dossier/tdkt-dossier services/scheduler/tdkt-scheduler \
    services/notifier/tdkt-notifier services/campaign/tdkt-campaign services/directory/tdkt-directory-admin \
    tools/tdktctl/tdktctl; do
  [ -x "$TDKT_BUILD_DIR/$binary" ] || fail "$binary is not built in $TDKT_BUILD_DIR"
done

step "node modules (playwright-core, axe-core) in $cache"
mkdir -p "$cache"
lock_sum=$(sha256sum "$here/package-lock.json" | cut -d' ' -f1)
if [ ! -d "$cache/node_modules/playwright-core" ] || [ "$(cat "$cache/lock.sha256" 2>/dev/null)" != "$lock_sum" ]; then
  cp "$here/package.json" "$here/package-lock.json" "$cache/"
  (cd "$cache" && npm ci --ignore-scripts --no-audit --no-fund) || fail "npm ci failed in $cache"
  echo "$lock_sum" > "$cache/lock.sha256"
fi

run_dir=$(mktemp -d "${TMPDIR:-/tmp}/tdkt-test-browser-XXXXXX")
chmod 755 "$run_dir"  # PostgreSQL's user must enter it
test_dirs=("$run_dir")
export TDKT_RUN_DIR="$run_dir"
TDKT_PORT_BASE=$(free_port_base)
export TDKT_PORT_BASE
local_dir="$SOURCE_DIR/deploy/local"
cleanup() {
  local status=$?
  mkdir -p "$output/logs"
  cp "$run_dir"/logs/*.log "$output/logs/" 2>/dev/null || true
  bash "$local_dir/stop" >/dev/null 2>&1 || true
  kill_servers_left
  rm -rf "$run_dir"
  exit $status
}
trap cleanup EXIT
rm -rf "$output"
mkdir -p "$output"

step "PostgreSQL, Redis, the demo directory, every service and the gateway (port base $TDKT_PORT_BASE)"
# The walk logs fourteen people in from one address within a minute or two; the gateway's default (10 logins a
# minute per address) is for the Internet, not for a council's whole roster on one test machine.
export TDKT_GATEWAY_LOGIN_PER_MINUTE=600 TDKT_GATEWAY_LOGIN_BURST=100
run bash "$local_dir/pg" start
run bash "$local_dir/redis" start
run bash "$local_dir/demo-data"
run bash "$local_dir/services" start
for name in directory dossier scheduler notifier campaign gateway; do
  expect_in_output "$name listening on 127.0.0.1:"
done
gateway="http://127.0.0.1:$TDKT_PORT_BASE"
eventually 30 bash -c "curl -fsS '$gateway/readyz' >/dev/null 2>&1" || fail "the gateway is not ready at $gateway/readyz"

step "the demo scenario (the school's standing body and council, the demo's dossiers and its emulation bloc)"
export TDKT_DIRECTORY_ADDR="127.0.0.1:$((TDKT_PORT_BASE + 1))" TDKT_DOSSIER_ADDR="127.0.0.1:$((TDKT_PORT_BASE + 2))"
export TDKT_NOTIFIER_ADDR="127.0.0.1:$((TDKT_PORT_BASE + 4))" TDKT_CAMPAIGN_ADDR="127.0.0.1:$((TDKT_PORT_BASE + 5))"
TDKT_PASSWORD=tdkt-demo-2025 run "$TDKT_BUILD_DIR/tools/tdktctl/tdktctl" demo-scenario

step "the console in Chromium"
TDKT_CONSOLE_URL="$gateway" TDKT_BROWSER_NODE_MODULES="$cache/node_modules" TDKT_BROWSER_OUTPUT="$output" \
  TDKT_CHROMIUM="$chromium" node --test --test-reporter=spec --test-timeout=780000 \
  "$here/console_e2e.test.mjs" || fail "the browser walk failed (screenshots and logs in $output)"

step "the demo scenario again, after the walk: every step a replay (the bloc's too, signed and closed since)"
TDKT_PASSWORD=tdkt-demo-2025 run "$TDKT_BUILD_DIR/tools/tdktctl/tdktctl" demo-scenario
expect_in_output "tdktctl bloc show bl-"
echo "PASS (screenshots and the axe-core report in $output)" >&2
