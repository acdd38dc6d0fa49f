#!/usr/bin/env bash
# Connection pooler benchmark on real pods (tusk local, PgBouncer in front of Patroni/PostgreSQL):
#   1. switchover under load: pgbench (PostgreSQL's load tool) through the {cluster}-pooler Service,
#      8 clients for 60 s, and `tusk switchover` at 20 s, twice in one run:
#        - Tusk: the master poolers are paused around the switchover (connection_pooler_max_pause
#          30s, the default);
#        - baseline, what Zalando's users see: no pause, no RECONNECT
#          (connection_pooler_max_pause 0, connection_pooler_reconnect_on_failover false);
#      printed: transactions, failed transactions, aborted clients, maximum and average latency;
#   2. primary crash: every process of the primary pod killed (`tusk local crash`), a writer that
#      commits one row every 50 ms through the pooler (one psql per row, PgBouncer keeps the server
#      connections), and the time from the master Service's convergence (its Endpoints lead to the
#      new primary) to the last read-only error and to the first write that succeeds; with RECONNECT
#      (Tusk) and without (baseline).
# Prints the machine and the date first.
#
# Needs root, `tusk local up` without --simulate-pods (started here in a throw-away state directory),
# pgbench and psql (Debian: apt-get install postgresql-client-15 postgresql-15). Everything listens
# on loopback or in the local pod network; what the script starts it stops again unless KEEP=1.
# Environment: TUSK (command, default ./tusk), DURATION (default 60), AT (default 20), CLIENTS
# (default 8), PGVERSION (default: 17 if the local pods can run it, else 15).
set -euo pipefail
cd "$(dirname "$0")/.."
TUSK=${TUSK:-./tusk}
DURATION=${DURATION:-60}
AT=${AT:-20}
CLIENTS=${CLIENTS:-8}
NS=default
NAME=acid-poolbench
CM=tusk-bench-pooler

for tool in pgbench psql bc; do
  command -v $tool >/dev/null || { echo "$tool is missing: apt-get install postgresql-client-15 postgresql-15 bc" >&2; exit 1; }
done
./tusk --version >/dev/null   # builds the CLI if needed

STATE_DIR=$(mktemp -d /tmp/tusk-poolbench-XXXXXX)
WORK=$STATE_DIR/work
mkdir -p "$WORK"
OP_PID=
cleanup() {
  [ "${KEEP:-0}" = 1 ] && { echo "kept: $STATE_DIR" >&2; return; }
  if [ -n "$OP_PID" ]; then kill "$OP_PID" 2>/dev/null || true; wait "$OP_PID" 2>/dev/null || true; fi
  $TUSK local down --state-dir "$STATE_DIR/local" >"$STATE_DIR/down.log" 2>&1 || { echo "warning: tusk local down failed, see $STATE_DIR" >&2; return; }
  rm -rf "$STATE_DIR"
}
trap cleanup EXIT
$TUSK local up --state-dir "$STATE_DIR/local" >"$STATE_DIR/up.log" 2>&1 || { cat "$STATE_DIR/up.log"; exit 1; }
export KUBECONFIG
KUBECONFIG="$($TUSK local kubeconfig --state-dir "$STATE_DIR/local")"
k() { $TUSK local kubectl --state-dir "$STATE_DIR/local" "$@"; }
KUBECTL="$(dirname "$(grep -o '/[^ ]*/kubectl' "$STATE_DIR/up.log" | head -1)")/kubectl"
[ -x "$KUBECTL" ] || KUBECTL=
kc() { if [ -n "$KUBECTL" ]; then "$KUBECTL" "$@"; else k "$@"; fi; }
kc apply -f deploy/rbac.yaml >/dev/null
if [ -z "${PGVERSION:-}" ]; then
  if $TUSK local status --state-dir "$STATE_DIR/local" | grep -q 'postgres:.*17'; then PGVERSION=17; else PGVERSION=15; fi
fi

now() { date +%s.%N; }
wait_for() { local what=$1 limit=$2; shift 2; local t=0; until "$@"; do sleep 0.5; t=$((t + 1)); [ $t -lt $((limit * 2)) ] || { echo "timed out waiting for $what" >&2; exit 1; }; done; }

# Starts the operator with the given pooler options; stops the one before.
operator() {
  local max_pause=$1 reconnect=$2
  if [ -n "$OP_PID" ]; then kill "$OP_PID"; wait "$OP_PID" 2>/dev/null || true; fi
  kc -n $NS apply -f - >/dev/null <<YAML
apiVersion: v1
kind: ConfigMap
metadata: {name: $CM}
data:
  enable_database_access: "true"
  connection_pooler_max_pause: "$max_pause"
  connection_pooler_reconnect_on_failover: "$reconnect"
YAML
  setsid $TUSK operator --http-port=0 --config-map=$NS/$CM --primary-address=service_ip \
    >>"$STATE_DIR/operator.log" 2>&1 </dev/null &
  OP_PID=$!
}

master() { kc -n $NS get pods -l cluster-name=$NAME,application=spilo,spilo-role=master -o jsonpath='{.items[*].metadata.name}' 2>/dev/null; }
ready_pods() { kc -n $NS get pods -l cluster-name=$NAME -o jsonpath='{range .items[*]}{.status.conditions[?(@.type=="Ready")].status}{"\n"}{end}' | grep -c True || true; }
# Both database pods and both pooler pods Ready, one master.
running() { [ "$(ready_pods)" = 4 ] && [ "$(master | wc -w)" = 1 ]; }
replica_streaming() {
  local leader_ip
  leader_ip=$(kc -n $NS get pod "$(master)" -o jsonpath='{.status.podIP}')
  curl -sf -m 2 "http://$leader_ip:8008/cluster" | grep -q '"state": *"streaming"'
}
endpoint_ip() { kc -n $NS get endpoints $NAME -o jsonpath='{.subsets[0].addresses[0].ip}' 2>/dev/null; }

operator 30s true
kc -n $NS apply -f - >/dev/null <<YAML
apiVersion: acid.zalan.do/v1
kind: postgresql
metadata: {name: $NAME, namespace: $NS}
spec:
  teamId: acid
  volume: {size: 1Gi}
  numberOfInstances: 2
  users: {bench: []}
  databases: {bench: bench}
  enableConnectionPooler: true
  connectionPooler: {numberOfInstances: 2}
  postgresql: {version: "$PGVERSION"}
  patroni: {ttl: 20, loop_wait: 2, retry_timeout: 3}
YAML
wait_for "the cluster and its poolers" 600 running
PW=$(kc -n $NS get secret bench.$NAME.credentials.postgresql.acid.zalan.do -o jsonpath='{.data.password}' | base64 -d)
POOLER_PW=$(kc -n $NS get secret pooler.$NAME.credentials.postgresql.acid.zalan.do -o jsonpath='{.data.password}' | base64 -d)
POOLER_IP=$(kc -n $NS get svc $NAME-pooler -o jsonpath='{.spec.clusterIP}')
export PGPASSWORD=$PW PGSSLMODE=require PGCONNECT_TIMEOUT=5
POOLER="host=$POOLER_IP port=5432 user=bench dbname=bench"
wait_for "a login through the pooler" 120 bash -c "psql '$POOLER' -qAtc 'select 1' >/dev/null 2>&1"
pgbench -i -s 10 "$POOLER" >"$WORK/init.log" 2>&1 || { cat "$WORK/init.log"; exit 1; }
psql "$POOLER" -qAtc "create table if not exists crash_rows (t timestamptz default now())"

# One pgbench run with a switchover at $AT s; prints one result line.
switchover_run() {
  local label=$1
  wait_for "replica streaming" 120 replica_streaming
  sleep 3
  rm -f "$WORK"/pgbench_log.*
  (cd "$WORK" && pgbench -c "$CLIENTS" -j 2 -T "$DURATION" -P 10 -l --failures-detailed "$POOLER" >"$WORK/$label.out" 2>&1) &
  local bench=$!
  sleep "$AT"
  $TUSK switchover $NAME -n $NS --config-map=$NS/$CM >"$WORK/$label.switchover" 2>&1 || true
  wait $bench || true
  local tx failed aborted maxms avgms
  tx=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$WORK/$label.out")
  failed=$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' "$WORK/$label.out")
  aborted=$(grep -c 'aborted in command' "$WORK/$label.out" || true)
  maxms=$(cat "$WORK"/pgbench_log.* 2>/dev/null | awk '$3 ~ /^[0-9]+$/ && $3 > m {m = $3} END {printf "%.0f", m / 1000}')
  avgms=$(sed -n 's/^latency average = \([0-9.]*\) ms/\1/p' "$WORK/$label.out")
  printf '%-44s %7s tx, %s failed, %s aborted clients, max latency %s ms, average %s ms\n' \
    "$label:" "${tx:-?}" "${failed:-?}" "$aborted" "${maxms:-?}" "${avgms:-?}"
  grep -m1 -i 'error\|abort' "$WORK/$label.out" | sed 's/^/    first error: /' || true
}

# A crash of the primary with a writer through the pooler; prints one result line.
crash_run() {
  local label=$1
  wait_for "replica streaming" 120 replica_streaming
  wait_for "both pods Ready" 300 running
  local old old_ip
  old=$(master)
  old_ip=$(endpoint_ip)
  local log="$WORK/$label.writes"
  : >"$log"
  (
    end=$(( $(date +%s) + 150 ))
    while [ "$(date +%s)" -lt $end ] && [ ! -f "$WORK/stop" ]; do
      t=$(now)
      if out=$(psql "$POOLER" -qAtc "insert into crash_rows default values" 2>&1); then
        echo "$t ok" >>"$log"
      elif echo "$out" | grep -q 'read-only'; then
        echo "$t read-only" >>"$log"
      else
        echo "$t error $(echo "$out" | grep -m1 -o 'FATAL:.*\|ERROR:.*\|error:.*' | cut -c1-90)" >>"$log"
      fi
      sleep 0.05
    done
  ) &
  local writer=$!
  rm -f "$WORK/stop"
  sleep 3
  local t_crash t_conv=""
  t_crash=$(now)
  $TUSK local crash "$old" -n $NS --state-dir "$STATE_DIR/local" --hold 40 >/dev/null
  # The master Service has converged when its Endpoints lead to the new primary.
  local deadline=$(( $(date +%s) + 120 ))
  while [ "$(date +%s)" -lt $deadline ]; do
    ip=$(endpoint_ip)
    if [ -n "$ip" ] && [ "$ip" != "$old_ip" ]; then t_conv=$(now); break; fi
    sleep 0.1
  done
  sleep 40
  touch "$WORK/stop"
  wait $writer || true
  [ -n "$t_conv" ] || { echo "$label: the master Endpoints never moved" >&2; return; }
  local last_ro first_ok_after errors
  last_ro=$(awk '$2 == "read-only" {t = $1} END {print t}' "$log")
  first_ok_after=$(awk -v c="$t_conv" '$1 >= c && $2 == "ok" {print $1; exit}' "$log")
  errors=$(awk -v c="$t_conv" '$1 >= c && $2 != "ok"' "$log" | wc -l)
  local ro_text="no read-only error"
  if [ -n "$last_ro" ]; then ro_text=$(printf 'last read-only error %+.1f s' "$(echo "$last_ro - $t_conv" | bc)"); fi
  printf '%-44s Service converged %.1f s after the crash; %s; first write %+.1f s; %d failed writes after convergence\n' \
    "$label:" "$(echo "$t_conv - $t_crash" | bc)" "$ro_text" "$(echo "${first_ok_after:-$t_conv} - $t_conv" | bc)" "$errors"
  awk -v c="$t_conv" '$1 >= c && $2 == "error"' "$log" | cut -d' ' -f3- | sort | uniq -c | sort -rn | head -2 |
    sed 's/^ *\([0-9]*\) /    \1 failed writes after convergence: /'
  wait_for "$old back as a replica" 300 running
}

echo "machine: $(uname -srm), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "date: $(date -u +%Y-%m-%dT%H:%MZ); PostgreSQL $PGVERSION, $(PGPASSWORD=$POOLER_PW psql "host=$POOLER_IP port=5432 user=pooler dbname=pgbouncer" -qAtc 'show version' 2>/dev/null || echo 'PgBouncer (version unknown)'), 2 pooler pods, transaction mode; pgbench -c $CLIENTS -T $DURATION, switchover at $AT s"
switchover_run "switchover, pooler paused (Tusk)"
operator 0s false
sleep 5
switchover_run "switchover, no pause (baseline, as Zalando)"
crash_run "primary crash, no RECONNECT (baseline)"
operator 30s true
sleep 5
crash_run "primary crash, RECONNECT (Tusk)"
kc -n $NS delete postgresql $NAME --ignore-not-found >/dev/null
