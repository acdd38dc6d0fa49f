#!/usr/bin/env bash
# In-place major version upgrade benchmark on real pods (tusk local, Patroni/PostgreSQL):
# a three-instance cluster on PostgreSQL $FROM with pgbench data of about $SCALE x 15 MB (default
# scale 70: about 1 GB), a writer that commits one row every 100 ms through the master Service
# (one psql per row, as a client that reconnects), then postgresql.version raised to $TO. Printed:
#   - the time of the rolling update that sets the new PGVERSION (the pods keep the old major);
#   - the upgrade: from the operator's "starting major version upgrade" Event to the success
#     annotation, and to every replica streaming on the new major;
#   - the write downtime of the upgrade: the longest time without a successful write after the
#     upgrade started;
#   - row counts and checksums before and after (they must be equal).
# Prints the machine and the date first.
#
# Needs root, `tusk local up` without --simulate-pods (started here in a throw-away state directory),
# pgbench and psql (Debian: apt-get install postgresql-client-15 postgresql-15). Everything listens
# on loopback or in the local pod network; what the script starts it stops again unless KEEP=1.
# Environment: TUSK (command, default ./tusk), FROM (default 15), TO (default 17), SCALE (default 70).
set -euo pipefail
cd "$(dirname "$0")/.."
TUSK=${TUSK:-./tusk}
FROM=${FROM:-15}
TO=${TO:-17}
SCALE=${SCALE:-70}
NS=default
NAME=acid-upgradebench
CM=tusk-bench-upgrade

for tool in pgbench psql bc; do
  command -v $tool >/dev/null || { echo "$tool is missing: apt-get install postgresql-client-15 postgresql-15 bc" >&2; exit 1; }
done
./tusk --version >/dev/null   # builds the CLI if needed

STATE_DIR=$(mktemp -d /tmp/tusk-upgradebench-XXXXXX)
WORK=$STATE_DIR/work
mkdir -p "$WORK"
OP_PID=
WRITER=
cleanup() {
  [ -n "$WRITER" ] && { touch "$WORK/stop"; wait "$WRITER" 2>/dev/null || true; }
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

now() { date +%s.%N; }
wait_for() { local what=$1 limit=$2; shift 2; local t=0; until "$@"; do sleep 0.5; t=$((t + 1)); [ $t -lt $((limit * 2)) ] || { echo "timed out waiting for $what" >&2; exit 1; }; done; }

kc -n $NS apply -f - >/dev/null <<YAML
apiVersion: v1
kind: ConfigMap
metadata: {name: $CM}
data:
  enable_database_access: "true"
  major_version_upgrade_mode: manual
YAML
setsid $TUSK operator --http-port=0 --config-map=$NS/$CM --primary-address=service_ip \
  >>"$STATE_DIR/operator.log" 2>&1 </dev/null &
OP_PID=$!

kc -n $NS apply -f - >/dev/null <<YAML
apiVersion: acid.zalan.do/v1
kind: postgresql
metadata: {name: $NAME, namespace: $NS}
spec:
  teamId: acid
  volume: {size: 5Gi}
  numberOfInstances: 3
  users: {bench: [superuser]}
  databases: {bench: bench}
  postgresql: {version: "$FROM"}
  patroni: {ttl: 20, loop_wait: 2, retry_timeout: 3}
YAML

master() { kc -n $NS get pods -l cluster-name=$NAME,application=spilo,spilo-role=master -o jsonpath='{.items[*].metadata.name}' 2>/dev/null; }
ready_pods() { kc -n $NS get pods -l cluster-name=$NAME,application=spilo -o jsonpath='{range .items[*]}{.status.conditions[?(@.type=="Ready")].status}{"\n"}{end}' | grep -c True || true; }
running() { [ "$(ready_pods)" = 3 ] && [ "$(master | wc -w)" = 1 ]; }
# Every member on major $1 and both replicas streaming.
streaming_on() {
  local ip
  ip=$(kc -n $NS get pod "$(master)" -o jsonpath='{.status.podIP}' 2>/dev/null) || return 1
  [ -n "$ip" ] || return 1
  local c
  c=$(curl -sf -m 2 "http://$ip:8008/cluster") || return 1
  [ "$(echo "$c" | grep -o '"state": *"streaming"' | wc -l)" = 2 ] || return 1
  for p in $(kc -n $NS get pods -l cluster-name=$NAME,application=spilo -o jsonpath='{.items[*].status.podIP}'); do
    curl -sf -m 2 "http://$p:8008/patroni" | grep -q "\"server_version\": *$1" || return 1
  done
}
annotation() { kc -n $NS get postgresql $NAME -o jsonpath="{.metadata.annotations.$1}" 2>/dev/null; }

wait_for "the cluster" 600 running
wait_for "both replicas streaming" 300 streaming_on "$FROM"
PW=$(kc -n $NS get secret bench.$NAME.credentials.postgresql.acid.zalan.do -o jsonpath='{.data.password}' | base64 -d)
MASTER_IP=$(kc -n $NS get svc $NAME -o jsonpath='{.spec.clusterIP}')
# PostgreSQL 18 here is built without OpenSSL: prefer TLS, do not require it.
export PGPASSWORD=$PW PGSSLMODE=prefer PGCONNECT_TIMEOUT=3
DB="host=$MASTER_IP port=5432 user=bench dbname=bench"
wait_for "a login" 120 bash -c "psql '$DB' -qAtc 'select 1' >/dev/null 2>&1"
t0=$(now)
pgbench -i -s "$SCALE" -q "$DB" >"$WORK/init.log" 2>&1 || { cat "$WORK/init.log"; exit 1; }
SIZE=$(psql "$DB" -qAtc "select pg_size_pretty(pg_database_size('bench'))")
echo "loaded pgbench scale $SCALE ($SIZE) in $(printf '%.0f' "$(echo "$(now) - $t0" | bc)") s" >&2
psql "$DB" -qAtc "create table if not exists upgrade_rows (n bigint primary key, t timestamptz default now())"
wait_for "both replicas streaming" 600 streaming_on "$FROM"
checksum() {
  psql "$DB" -qAtc "select string_agg(c, ' ') from (
    select 'accounts:' || count(*) || ':' || sum(abalance) || ':' || sum(aid) as c from pgbench_accounts
    union all select 'branches:' || count(*) || ':' || sum(bbalance) from pgbench_branches
    union all select 'tellers:' || count(*) || ':' || sum(tbalance) from pgbench_tellers) s"
}
BEFORE=$(checksum)

# The writer: one row every 100 ms, each on a new connection.
(
  n=0
  while [ ! -f "$WORK/stop" ]; do
    n=$((n + 1)); t=$(now)
    if psql "$DB" -qAtc "insert into upgrade_rows (n) values ($n)" >/dev/null 2>&1; then echo "$t ok $n"; else echo "$t fail $n"; fi
    sleep 0.1
  done
) >"$WORK/writes" &
WRITER=$!
sleep 5

echo "machine: $(uname -srm), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "date: $(date -u +%Y-%m-%dT%H:%MZ); PostgreSQL $FROM -> $TO, 3 instances, pgbench scale $SCALE ($SIZE), a writer committing every 100 ms"
t_patch=$(now)
kc -n $NS patch postgresql $NAME --type merge -p "{\"spec\":{\"postgresql\":{\"version\":\"$TO\"}}}" >/dev/null
started() { kc -n $NS get events --field-selector "involvedObject.name=$NAME,reason=Major Version Upgrade" -o jsonpath='{.items[*].message}' 2>/dev/null | grep -q 'starting major version upgrade'; }
wait_for "the upgrade to start" 900 started
t_start=$(now)
done_upgrade() { [ -n "$(annotation last-major-upgrade-success)" ] || [ -n "$(annotation last-major-upgrade-failure)" ]; }
wait_for "the upgrade to end" 1800 done_upgrade
t_done=$(now)
[ -n "$(annotation last-major-upgrade-failure)" ] && { echo "the upgrade FAILED:" >&2; kc -n $NS get events --field-selector involvedObject.name=$NAME | tail -5 >&2; exit 1; }
wait_for "every replica streaming on $TO" 1800 streaming_on "$TO"
t_streaming=$(now)
sleep 5
touch "$WORK/stop"; wait "$WRITER" || true; WRITER=
AFTER=$(checksum)

# The longest time without a successful write after the upgrade started.
gap=$(awk -v s="$t_start" '$2 == "ok" { if (last != "" && $1 >= s && $1 - last > g) g = $1 - last; last = $1 } END { printf "%.1f", g }' "$WORK/writes")
failed=$(awk -v s="$t_start" '$1 >= s && $2 == "fail"' "$WORK/writes" | wc -l)
rows=$(psql "$DB" -qAtc "select count(*) from upgrade_rows where n in ($(awk '$2 == "ok" {printf "%s%s", sep, $3; sep=","}' "$WORK/writes"))")
oks=$(grep -c ' ok ' "$WORK/writes" || true)
printf 'rolling update to PGVERSION %s (pods keep %s):  %.0f s\n' "$TO" "$FROM" "$(echo "$t_start - $t_patch" | bc)"
printf 'upgrade, start to success annotation:          %.0f s\n' "$(echo "$t_done - $t_start" | bc)"
printf 'upgrade, start to every replica streaming:     %.0f s\n' "$(echo "$t_streaming - $t_start" | bc)"
printf 'write downtime (longest gap between writes):   %s s (%d failed attempts)\n' "$gap" "$failed"
printf 'acknowledged writes %s, of which in the table after the upgrade: %s\n' "$oks" "$rows"
if [ "$BEFORE" = "$AFTER" ]; then echo "checksums equal: $AFTER"; else echo "checksums DIFFER: before $BEFORE, after $AFTER"; exit 1; fi
