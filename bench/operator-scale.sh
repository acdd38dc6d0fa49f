#!/usr/bin/env bash
# Operator-scale benchmark: N clusters on a local control plane with simulated pods.
# Prints, for each N: time until every cluster's objects exist, until every cluster is Running
# (simulated pods), how many reconciles the operator ran until then, the latency of a spec change
# reaching its StatefulSet while a full resync of all clusters runs, the operator's resident memory
# after creation, after the resyncs and after an idle window, its peak, and the writes the API
# server received from each component during the idle window (from its audit log), and the time of a
# Prometheus scrape of the operator's /metrics.
#
#   bench/operator-scale.sh [N ...]        (default: 10 100 500)
#   TUSK_BENCH_IDLE_SECONDS=120            length of the idle window
#   TUSK_BENCH_OPERATOR_OPTS="..."         the operator's JVM options instead of the launcher's
#   TUSK_BENCH_LOGS=DIR                    keep the operator's log and the audit log of each N there
#
# Everything runs on loopback in a throw-away state directory, and stops by itself.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
sizes=("${@:-10 100 500}")
# shellcheck disable=SC2206
sizes=(${sizes[*]})
# The operator runs with the launcher's JVM settings (those users get), plus these if set.
operator_opts="${TUSK_BENCH_OPERATOR_OPTS:-}"
# The driver shares the cores with what it measures: a small heap and the C1 compiler only.
driver_opts="-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1"

./tusk --version >/dev/null   # builds the CLI if needed
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -r); date: $(date -u +%F)"

for n in "${sizes[@]}"; do
  state="$(mktemp -d /tmp/tusk-bench-XXXXXX)"
  log="$state/operator.log"
  cleanup() {
    [[ -n "${op_pid:-}" ]] && kill "$op_pid" 2>/dev/null && wait "$op_pid" 2>/dev/null || true
    if [[ -n "${TUSK_BENCH_LOGS:-}" ]]; then
      mkdir -p "$TUSK_BENCH_LOGS/$n"
      cp "$log" "$state/local/logs/audit.log" "$TUSK_BENCH_LOGS/$n/" 2>/dev/null || true
    fi
    if ! ./tusk local down --state-dir "$state/local" >"$state/down.log" 2>&1; then
      echo "warning: 'tusk local down' failed; processes of $state/local may still run:" >&2
      tail -5 "$state/down.log" >&2
      return
    fi
    rm -rf "$state"
  }
  trap cleanup EXIT
  ./tusk local up --simulate-pods --audit-writes --state-dir "$state/local" >"$state/up.log" 2>&1 \
    || { cat "$state/up.log"; exit 1; }
  export KUBECONFIG
  KUBECONFIG="$(./tusk local kubeconfig --state-dir "$state/local")"
  kubectl="$(dirname "$(grep -o '/[^ ]*/kubectl' "$state/up.log" | head -1)")/kubectl"
  [[ -x "$kubectl" ]] || kubectl="$(ls -d ~/.cache/tusk/kubernetes/*/bin | head -1)/kubectl"
  # The ClusterRole that the operator binds the pods' service account to (deploy/rbac.yaml): with
  # it the node agent labels each simulated pod with its role as Patroni would, and a cluster is
  # Running once every pod has its role.
  "$kubectl" apply -f deploy/rbac.yaml >/dev/null
  # Simulated pods run no PostgreSQL: no database access (there is nothing to create roles in).
  "$kubectl" -n default create configmap postgres-operator \
    --from-literal=watched_namespace=bench --from-literal=ring_log_lines=100 \
    --from-literal=enable_database_access=false >/dev/null
  TUSK_JAVA_OPTS="$operator_opts" ./tusk operator --config-map default/postgres-operator \
    --namespace default --http-port 0 >"$log" 2>&1 &
  op_pid=$!
  # The launcher execs java, so $op_pid is the operator JVM.
  for _ in $(seq 1 120); do grep -q "Tusk operator started" "$log" && break; sleep 0.5; done
  grep -q "Tusk operator started" "$log" || { echo "operator did not start:"; tail -20 "$log"; exit 1; }
  echo "== $n clusters"
  # What the launcher started: the JVM options before the class path, and the malloc arenas.
  echo "operator JVM: $(tr '\0' ' ' <"/proc/$op_pid/cmdline" | sed 's/ -cp .*//; s/^[^ ]*java //')" \
    "MALLOC_ARENA_MAX=$(tr '\0' '\n' <"/proc/$op_pid/environ" | sed -n 's/^MALLOC_ARENA_MAX=//p')"
  port="$(grep -o 'HTTP endpoints on port [0-9]*' "$log" | grep -o '[0-9]*$')"
  TUSK_JAVA_OPTS="$driver_opts" ./tusk bench-scale --clusters "$n" --namespace bench --config-map default/postgres-operator \
    --samples 20 --operator-pid "$op_pid" --operator-url "http://127.0.0.1:$port" \
    --audit-log "$state/local/logs/audit.log" --idle-seconds "${TUSK_BENCH_IDLE_SECONDS:-120}"
  # A Prometheus scrape of /metrics with every cluster in the cache: 10 in a row.
  scrapes="$(for _ in $(seq 1 10); do
    curl -s -o /dev/null -w '%{time_total} %{size_download}\n' "http://127.0.0.1:$port/metrics"
  done)"
  echo "$scrapes" | sort -n | awk '{t[NR] = $1 * 1000; b = $2} END {
    printf "metrics scrape (10): median %.1f ms, max %.1f ms, %d bytes\n", t[int((NR + 1) / 2)], t[NR], b}'
  cleanup
  trap - EXIT
  unset op_pid
done
