# Shared by the deploy/local scripts: paths, the unprivileged PostgreSQL user, ports, pid files.
# Everything lives under ./.run of the checkout (TDKT_RUN_DIR), never in the system's PostgreSQL or Redis; only
# PostgreSQL's data may live outside it, when its user cannot enter ./.run (deploy/local/pg says where).
set -euo pipefail
TDKT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TDKT_RUN="${TDKT_RUN_DIR:-$TDKT_ROOT/.run}"
TDKT_BUILD="${TDKT_BUILD_DIR:-$TDKT_ROOT/build}"
mkdir -p "$TDKT_RUN/logs"
TDKT_RUN="$(cd "$TDKT_RUN" && pwd)"  # absolute: PostgreSQL's programs run from / (deploy/local/pg)

log() { printf '\033[1m[tdkt]\033[0m %s\n' "$*" >&2; }
die() { printf '[tdkt] error: %s\n' "$*" >&2; exit 1; }

# Whether pid $1 is a live process of program $2 and, when $3 is given, has $3 as one of its arguments. A
# kill -0 is not enough: it succeeds on a process that has died but is not reaped yet (a zombie, state Z, which
# stays forever where PID 1 does not reap orphans) and on an unrelated process that got a recycled pid.
# /proc/<pid>/stat gives the program's name (the executable's basename, cut to 15 characters) and the state.
pid_is() {
  local pid=$1 program=$2 argument=${3:-} stat
  [[ $pid =~ ^[1-9][0-9]*$ ]] || return 1
  stat=$(cat "/proc/$pid/stat" 2>/dev/null) || return 1
  local name=${stat#*(}; name=${name%)*}  # the name is in parentheses and may itself hold spaces or ')'
  local rest=${stat##*) }
  [ "$name" = "${program:0:15}" ] || return 1
  case ${rest%% *} in Z | X | x) return 1 ;; esac
  [ -z "$argument" ] || grep -qzxF -- "$argument" 2>/dev/null < "/proc/$pid/cmdline"
}

# Whether the pid file $1 names a live process of program $2 (and argument $3, see pid_is). A pid file whose
# process is gone is stale: it is removed and the answer is "not running".
pid_alive() {
  local file=$1 program=$2 argument=${3:-}
  [ -f "$file" ] || return 1
  local pid; pid=$(head -n1 "$file" 2>/dev/null || true)
  pid_is "$pid" "$program" "$argument" && return 0
  rm -f "$file"
  return 1
}

# Stops pid $1 of program $2 (argument $3, see pid_is) and waits until it has exited: SIGTERM, then SIGKILL
# after $4 seconds (default: TDKT_STOP_TIMEOUT, else 15). A pid that is not (or no longer) that program is left
# alone. Fails (after saying so) only when the process outlives SIGKILL.
stop_process() {
  local pid=$1 program=$2 argument=${3:-} seconds=${4:-${TDKT_STOP_TIMEOUT:-15}}
  pid_is "$pid" "$program" "$argument" || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 $((seconds * 10))); do
    pid_is "$pid" "$program" "$argument" || return 0
    sleep 0.1
  done
  log "$program (pid $pid) did not stop within $seconds s after SIGTERM: SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do
    pid_is "$pid" "$program" "$argument" || return 0
    sleep 0.1
  done
  log "$program (pid $pid) is still running after SIGKILL"
  return 1
}

# Something listens on 127.0.0.1:$1. A port nobody listens on can still be unbindable: a client connection may hold
# it as its local port when it lies in the kernel's ephemeral range. The default ports below stay under that range
# (32768 upwards on Linux), and the servers' start scripts retry on the next port when the bind fails anyway.
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
PG_DEFAULT_PORT=15432
REDIS_DEFAULT_PORT=16379

# The remembered port in $1, else the first free one from $2 upwards; remembered for next time. A remembered port
# that another program now listens on is forgotten and a free one chosen.
choose_port() {
  local file=$1 port=$2
  if [ -f "$file" ]; then
    port_in_use "$(cat "$file")" || { cat "$file"; return; }
    rm -f "$file"
  fi
  while port_in_use "$port"; do port=$((port + 1)); done
  echo "$port" > "$file"
  echo "$port"
}

# After a failed bind on the remembered port: forget it and choose the next free one after it. Prints it.
next_port() {
  local file=$1 port; port=$(($(cat "$file") + 1))
  rm -f "$file"
  choose_port "$file" "$port"
}

wait_for_port() {
  local port=$1 seconds=${2:-30}
  for _ in $(seq 1 $((seconds * 10))); do
    port_in_use "$port" && return 0
    sleep 0.1
  done
  return 1
}

# A secret made once and kept under ./.run (mode 600): 32 random bytes as hex. Prints it.
run_secret() {
  local file="$TDKT_RUN/$1"
  if [ ! -s "$file" ]; then
    (umask 077; od -An -N32 -tx1 /dev/urandom | tr -d ' \n' > "$file")
  fi
  cat "$file"
}

# PostgreSQL refuses to run as root: use the 'postgres' system user (from the postgresql package) then.
pg_user() { if [ "$(id -u)" = 0 ]; then echo "${TDKT_PG_USER:-postgres}"; else id -un; fi; }
as_pg_user() {
  if [ "$(id -u)" = 0 ]; then runuser -u "$(pg_user)" -- "$@"; else "$@"; fi
}
pg_bindir() {
  local v
  for v in 17 16 15; do [ -x "/usr/lib/postgresql/$v/bin/postgres" ] && { echo "/usr/lib/postgresql/$v/bin"; return; }; done
  die "PostgreSQL server binaries not found (run deploy/local/install-deps)"
}

# Configures (once) and builds the tree in $TDKT_BUILD with Ninja; extra arguments go to cmake.
build_tree() {
  local generator=() launcher=()
  command -v ninja >/dev/null && generator=(-G Ninja)
  # ccache makes rebuilds in a second checkout (or after a clean) take seconds instead of minutes.
  command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
  if [ ! -f "$TDKT_BUILD/CMakeCache.txt" ]; then
    cmake -S "$TDKT_ROOT" -B "$TDKT_BUILD" "${generator[@]}" "${launcher[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" \
      > "$TDKT_RUN/logs/cmake.log" 2>&1 || { tail -n 30 "$TDKT_RUN/logs/cmake.log" >&2; die "cmake configure failed"; }
  elif [ $# -gt 0 ]; then
    cmake "$TDKT_BUILD" "$@" > "$TDKT_RUN/logs/cmake.log" 2>&1 || die "cmake configure failed"
  fi
  log "building in $TDKT_BUILD (a first build takes several minutes on 2 cores)"
  cmake --build "$TDKT_BUILD" -j "$(nproc)" || die "build failed"
}
