#!/usr/bin/env bash
# Failover figures of a real two-instance cluster on the process node (tusk local, real pods):
#   1. apply -> Running: `kubectl apply` of a two-instance manifest until both pods are Ready and
#      one is labelled master, and until the manifest's status says Running (the operator has seen
#      the leader and created the roles and databases: what a user or a script waits for);
#   2. failover: SIGKILL of every process of the primary pod (`tusk local crash --hold`) until the
#      first successful write through the master Service;
#   3. switchover: POST /switchover to Patroni's REST API on the leader's pod IP until the first
#      successful write through the master Service.
# Prints each run and the medians of RUNS runs (default 5), with the machine and the date.
#
# Needs root, `tusk local up` without --simulate-pods (started here if not up), psql, curl.
# What the script starts (the control plane, the operator) it stops again unless KEEP=1.
# Environment: TUSK (command, default ./tusk), RUNS, PGVERSION (default: 17 if installed, else 15),
# DCS (configmaps|endpoints, default configmaps), TTL/LOOP_WAIT/RETRY_TIMEOUT (Patroni; default
# 20/2/3 -- 20 is the smallest ttl Patroni accepts).
set -euo pipefail
cd "$(dirname "$0")/.."
TUSK=${TUSK:-./tusk}
RUNS=${RUNS:-5}
TTL=${TTL:-20}
LOOP_WAIT=${LOOP_WAIT:-2}
RETRY_TIMEOUT=${RETRY_TIMEOUT:-3}
DCS=${DCS:-configmaps}
NS=default
NAME=acid-bench
HOLD=$((TTL + 30))

k() { $TUSK local kubectl "$@"; }
now() { date +%s.%N; }
elapsed() { echo "$(now) - $1" | bc; }
median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else printf "%.2f\n", (a[NR/2]+a[NR/2+1])/2}'; }

STARTED_UP=false
if ! $TUSK local status >/dev/null 2>&1; then $TUSK local up >&2; STARTED_UP=true; fi
STARTED_OPERATOR=
# Leave nothing running that this script started (set KEEP=1 to look around afterwards).
cleanup() {
  [ "${KEEP:-0}" = 1 ] && return
  if [ -n "$STARTED_OPERATOR" ]; then kill "$STARTED_OPERATOR" 2>/dev/null || true; fi
  if $STARTED_UP; then $TUSK local down >&2 || true; fi
}
trap cleanup EXIT
STATE=$(dirname "$($TUSK local kubeconfig)")
if [ -z "${PGVERSION:-}" ]; then
  if $TUSK local status | grep -q 'postgres:.*17'; then PGVERSION=17; else PGVERSION=15; fi
fi

if [ "$DCS" = configmaps ]; then USE_CM=true; else USE_CM=false; fi
k -n $NS apply -f - >/dev/null <<YAML
apiVersion: v1
kind: ConfigMap
metadata: {name: tusk-bench-operator}
data: {kubernetes_use_configmaps: "$USE_CM"}
YAML
# The operator, detached, unless one runs for this state directory already.
if ! { [ -f "$STATE/logs/operator.pid" ] && kill -0 "$(cat "$STATE/logs/operator.pid")" 2>/dev/null; }; then
  KUBECONFIG="$($TUSK local kubeconfig)" setsid $TUSK operator --http-port=18181 --config-map=default/tusk-bench-operator \
    >"$STATE/logs/operator.log" 2>&1 </dev/null &
  STARTED_OPERATOR=$!
  echo $! >"$STATE/logs/operator.pid"
fi
# What Zalando's deployment adds besides the operator: the pods' ClusterRole.
python3 - <<'PY' | k apply -f - >/dev/null
import yaml
for d in yaml.safe_load_all(open("deploy/rbac.yaml")):
    if d and d["kind"] == "ClusterRole" and d["metadata"]["name"] == "postgres-pod":
        print(yaml.safe_dump(d))
PY

manifest() {
  cat <<YAML
apiVersion: acid.zalan.do/v1
kind: postgresql
metadata: {name: $NAME, namespace: $NS}
spec:
  teamId: acid
  volume: {size: 1Gi}
  numberOfInstances: 2
  users: {zalando: [superuser, createdb]}
  databases: {foo: zalando}
  postgresql: {version: "$PGVERSION"}
  patroni: {ttl: $TTL, loop_wait: $LOOP_WAIT, retry_timeout: $RETRY_TIMEOUT}
YAML
}

master() { k -n $NS get pods -l cluster-name=$NAME,spilo-role=master -o jsonpath='{.items[*].metadata.name}' 2>/dev/null; }
# Running = both pods Ready and one labelled master by Patroni; status_running = the operator says
# so in the manifest's status (after its role and database sync, through the master Service).
status_running() { [ "$(k -n $NS get postgresql $NAME -o jsonpath='{.status.PostgresClusterStatus}')" = Running ]; }
running() {
  [ "$(k -n $NS get pods -l cluster-name=$NAME -o jsonpath='{range .items[*]}{.status.conditions[?(@.type=="Ready")].status}{"\n"}{end}' | grep -c True)" = 2 ] &&
  [ "$(master | wc -w)" = 1 ]
}
write() {
  PGPASSWORD=$PW psql "host=$MASTER_IP user=postgres dbname=postgres sslmode=require connect_timeout=1" \
    -qAtc "insert into bench values (now())" >/dev/null 2>&1
}
until_write() { local t0=$1; until write; do sleep 0.1; done; elapsed "$t0"; }
wait_for() { local what=$1 limit=$2; shift 2; local t=0; until "$@"; do sleep 0.5; t=$((t + 1)); [ $t -lt $((limit * 2)) ] || { echo "timed out waiting for $what" >&2; exit 1; }; done; }

APPLY=(); STATUS=(); FAILOVER=(); SWITCHOVER=()
for run in $(seq 1 "$RUNS"); do
  k -n $NS delete postgresql $NAME --ignore-not-found --wait=true >/dev/null
  wait_for "old pods to go" 300 bash -c "[ -z \"\$($TUSK local kubectl -n $NS get pods -l cluster-name=$NAME -o name)\" ]"
  k -n $NS delete pvc -l cluster-name=$NAME --ignore-not-found >/dev/null
  t0=$(now)
  manifest | k apply -f - >/dev/null
  wait_for "Running" 600 running
  APPLY+=("$(elapsed "$t0")")
  wait_for "status Running" 600 status_running
  STATUS+=("$(elapsed "$t0")")
  PW=$(k -n $NS get secret postgres.$NAME.credentials.postgresql.acid.zalan.do -o jsonpath='{.data.password}' | base64 -d)
  MASTER_IP=$(k -n $NS get svc $NAME -o jsonpath='{.spec.clusterIP}')
  wait_for "a write" 120 bash -c "PGPASSWORD='$PW' psql 'host=$MASTER_IP user=postgres dbname=postgres sslmode=require connect_timeout=1' -qAtc 'create table if not exists bench(t timestamptz)' >/dev/null 2>&1"

  old=$(master)
  # The kill is the last thing `tusk local crash` does, after its JVM has started: the clock starts
  # when it returns, not before (that would add the JVM's start-up, 2-4 s, to the failover).
  $TUSK local crash "$old" -n $NS --hold $HOLD >/dev/null
  t0=$(now)
  FAILOVER+=("$(until_write "$t0")")
  wait_for "the old primary to be back as a replica" 300 bash -c "[ \"\$($TUSK local kubectl -n $NS get pod $old -o jsonpath='{.metadata.labels.spilo-role}')\" = replica ] && [ \"\$($TUSK local kubectl -n $NS get pod $old -o jsonpath='{.status.conditions[?(@.type==\"Ready\")].status}')\" = True ]"

  leader=$(master)
  LEADER_IP=$(k -n $NS get pod "$leader" -o jsonpath='{.status.podIP}')
  sleep $((LOOP_WAIT * 2))
  t0=$(now)
  curl -sf -m 30 -XPOST "http://$LEADER_IP:8008/switchover" -d "{\"leader\": \"$leader\"}" >/dev/null
  SWITCHOVER+=("$(until_write "$t0")")
  printf 'run %d: apply->Running %.1fs (status %.1fs), failover %.1fs, switchover %.1fs\n' "$run" "${APPLY[-1]}" "${STATUS[-1]}" "${FAILOVER[-1]}" "${SWITCHOVER[-1]}"
done
k -n $NS delete postgresql $NAME --ignore-not-found >/dev/null

echo "machine: $(uname -srm), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "date: $(date -u +%Y-%m-%dT%H:%MZ); PostgreSQL $PGVERSION, DCS $DCS, ttl $TTL, loop_wait $LOOP_WAIT, retry_timeout $RETRY_TIMEOUT; medians of $RUNS runs"
printf 'apply -> Running (two instances):           %.1f s\n' "$(printf '%s\n' "${APPLY[@]}" | median)"
printf 'apply -> status Running:                     %.1f s\n' "$(printf '%s\n' "${STATUS[@]}" | median)"
printf 'failover (crash of primary -> first write):  %.1f s\n' "$(printf '%s\n' "${FAILOVER[@]}" | median)"
printf 'switchover (POST /switchover -> first write): %.1f s\n' "$(printf '%s\n' "${SWITCHOVER[@]}" | median)"
