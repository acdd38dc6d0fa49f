#!/usr/bin/env bash
# Day-2 benchmark: a real three-instance cluster on the process node (`tusk local up` without
# --simulate-pods: Patroni and PostgreSQL run as processes in pod network namespaces), the operator
# as a process of its own, and a writer that commits one row every 25 ms through the master
# Service over one connection, opened again after any failure. For each change the driver
# (`tusk bench-day2`) prints the longest write gap, the total time until the cluster is as declared
# again, the failed write attempts and the switchovers (new timelines):
#   1. a resource change: the operator rolls the pods, replicas first, with one switchover;
#   2. max_connections + 20: the operator restarts the replicas, switches over, restarts the old
#      primary as a replica;
#   3. the baseline for 2, Zalando's behaviour, with the operator stopped: max_connections + 20
#      through Patroni's PATCH /config, then POST /restart on the replicas and on the primary in
#      place (Zalando's restartInstances); and the ratio of the write gaps of 2 and 3.
#
#   bench/rolling-update.sh [driver options]     e.g. --pg-version 17, --pause-millis 50, --no-baseline
#   TUSK_BENCH_LOGS=DIR                          keep the operator's log and the driver's output there
#
# Needs root (pod network namespaces). Everything runs on loopback and in local network namespaces,
# in a throw-away state directory, and stops by itself. Takes a few minutes (about two on 2 cores).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

./tusk --version >/dev/null   # builds the CLI if needed
state="$(mktemp -d /tmp/tusk-bench-day2-XXXXXX)"
cleanup() {
  local rc=$?
  if [[ -f "$state/operator.pid" ]]; then
    kill "$(cat "$state/operator.pid")" 2>/dev/null || true
  fi
  if [[ -n "${TUSK_BENCH_LOGS:-}" ]]; then
    mkdir -p "$TUSK_BENCH_LOGS"
    cp "$state/operator.log" "$state/driver.out" "$TUSK_BENCH_LOGS/" 2>/dev/null || true
  fi
  if [[ -d "$state/local" ]] && ! tusk local down --state-dir "$state/local" >"$state/down.log" 2>&1; then
    echo "warning: 'tusk local down' failed; processes of $state/local may still run:" >&2
    tail -5 "$state/down.log" >&2
    return
  fi
  if [[ $rc -ne 0 ]]; then
    echo "failed; the operator's log is in $state/operator.log" >&2
    rm -rf "$state/local" "$state/cp"
  else
    rm -rf "$state"
  fi
}
trap cleanup EXIT
# Run from a copy of the CLI and Tusk's own jars: a change to the working tree during the run must
# not rebuild the classes under the running control plane, operator and driver.
mkdir -p "$state/cp"
cp -r tusk-cli/target/classes "$state/cp/tusk-cli-classes"
cp_entries=("$state/cp/tusk-cli-classes")
IFS=: read -r -a deps <"tusk-cli/target/launcher.classpath" || true  # no final newline
for dep in "${deps[@]}"; do
  case "$dep" in
    "$root"/* | */io/tusk/*) cp "$dep" "$state/cp/"; cp_entries+=("$state/cp/$(basename "$dep")") ;;
    *) cp_entries+=("$dep") ;;
  esac
done
classpath="$(IFS=:; echo "${cp_entries[*]}")"
tusk() { java ${TUSK_JAVA_OPTS:--Xmx256m -XX:+UseSerialGC} -cp "$classpath" -Dtusk.root.dir="$root" io.tusk.cli.TuskCli "$@"; }

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, Linux $(uname -r); date: $(date -u +%F)"
tusk local up --state-dir "$state/local" >"$state/up.log" 2>&1 || { tail -30 "$state/up.log"; exit 1; }
KUBECONFIG="$(tusk local kubeconfig --state-dir "$state/local")"
export KUBECONFIG
tusk bench-day2 --operator-log "$state/operator.log" --operator-pid-file "$state/operator.pid" "$@" \
  | tee "$state/driver.out"
