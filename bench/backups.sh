#!/usr/bin/env bash
# Backup and restore benchmark on real pods and the local object storage (tusk local, Patroni/
# PostgreSQL, barman-cloud behind the pods' wal-g, versitygw). One single-instance cluster on
# PostgreSQL $PG with WAL archiving configured as Zalando users configure it (wal_s3_bucket,
# pod_environment_secret) and pgbench data of about $SCALE x 15 MB (default scale 70: about 1 GB).
# Printed:
#   - base backup: the time of an on-demand backup (`tusk backup create`, Spilo's
#     postgres_backup.sh in the primary) and its throughput in MB/s of database size;
#   - the crash case: a writer commits one row every 100 ms; after a segment switch and $AFTER
#     seconds more of writes, every process of the pod is SIGKILLed and kept down (`tusk local
#     crash --hold`); a clone of it then recovers to the end of its archive
#     (tusk.io/clone-target: end-of-archive). Measured: the clone's time to a writable primary,
#     the restore throughput (backup-fetch, MB/s), and the RPO: acknowledged rows missing in the
#     clone and the commit time they span (archive_timeout $ARCHIVE_TIMEOUT).
# Prints the machine and the date first.
#
# Needs root, `tusk local up` without --simulate-pods (started here in a throw-away state directory),
# pgbench and psql (Debian: apt-get install postgresql-client-15 postgresql-15). Everything listens
# on loopback or in the local pod network; what the script starts it stops again unless KEEP=1.
# Environment: TUSK (command, default ./tusk), PG (default 17), SCALE (default 70),
# ARCHIVE_TIMEOUT (default 60s), AFTER (seconds of writes after the last switch, default 10).
set -euo pipefail
cd "$(dirname "$0")/.."
TUSK=${TUSK:-./tusk}
PG=${PG:-17}
SCALE=${SCALE:-70}
ARCHIVE_TIMEOUT=${ARCHIVE_TIMEOUT:-60s}
AFTER=${AFTER:-10}
NS=default
NAME=acid-backupbench
CLONE=acid-backupbench-clone
CM=tusk-bench-backups

for tool in pgbench psql bc; do
  command -v $tool >/dev/null || { echo "$tool is missing: apt-get install postgresql-client-15 postgresql-15 bc" >&2; exit 1; }
done
./tusk --version >/dev/null   # builds the CLI if needed

STATE_DIR=$(mktemp -d /tmp/tusk-backupbench-XXXXXX)
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
OBJECTS="$STATE_DIR/local/object-storage/data/tusk-backups"

now() { date +%s.%N; }
wait_for() { local what=$1 limit=$2; shift 2; local t=0; until "$@"; do sleep 0.5; t=$((t + 1)); [ $t -lt $((limit * 2)) ] || { echo "timed out waiting for $what" >&2; exit 1; }; done; }

kc -n $NS apply -f - >/dev/null <<YAML
apiVersion: v1
kind: ConfigMap
metadata: {name: $CM}
data:
  enable_database_access: "true"
  wal_s3_bucket: tusk-backups
  pod_environment_secret: tusk-object-storage
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
  numberOfInstances: 1
  users: {bench: [superuser]}
  databases: {bench: bench}
  postgresql:
    version: "$PG"
    parameters: {archive_timeout: "$ARCHIVE_TIMEOUT"}
  patroni: {ttl: 20, loop_wait: 2, retry_timeout: 3}
YAML

master_of() { kc -n $NS get pods -l cluster-name=$1,application=spilo,spilo-role=master -o jsonpath='{.items[*].metadata.name}' 2>/dev/null; }
ready() { [ -n "$(master_of $1)" ] && kc -n $NS get pod "$(master_of $1)" -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}' | grep -q True; }
wait_for "the cluster" 600 ready $NAME
POD=$(master_of $NAME)
UID_=$(kc -n $NS get postgresql $NAME -o jsonpath='{.metadata.uid}')
PW=$(kc -n $NS get secret bench.$NAME.credentials.postgresql.acid.zalan.do -o jsonpath='{.data.password}' | base64 -d)
IP=$(kc -n $NS get svc $NAME -o jsonpath='{.spec.clusterIP}')
export PGPASSWORD=$PW PGSSLMODE=prefer PGCONNECT_TIMEOUT=3
DB="host=$IP port=5432 user=bench dbname=bench"
wait_for "a login" 120 bash -c "psql '$DB' -qAtc 'select 1' >/dev/null 2>&1"
t0=$(now)
pgbench -i -s "$SCALE" -q "$DB" >"$WORK/init.log" 2>&1 || { cat "$WORK/init.log"; exit 1; }
BYTES=$(psql "$DB" -qAtc "select sum(pg_database_size(datname)) from pg_database")
MB=$(echo "$BYTES / 1048576" | bc)
echo "loaded pgbench scale $SCALE ($MB MB in all databases) in $(printf '%.0f' "$(echo "$(now) - $t0" | bc)") s" >&2
# Wait for the initial backup (taken when the primary started) and the load's WAL to be archived.
wait_for "the initial base backup" 300 bash -c "ls $OBJECTS/spilo/$NAME/$UID_/wal/$PG/base/*/backup.info >/dev/null 2>&1"
psql "$DB" -qAtc "select pg_switch_wal()" >/dev/null

echo "machine: $(uname -srm), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "date: $(date -u +%Y-%m-%dT%H:%MZ); PostgreSQL $PG, 1 instance, pgbench scale $SCALE ($MB MB), object storage versitygw on the pod bridge"

t_b=$(now)
$TUSK backup create $NAME -n $NS --config-map $NS/$CM >"$WORK/backup.log" 2>&1 || { cat "$WORK/backup.log"; exit 1; }
t_b_done=$(now)
BACKUP_S=$(echo "$t_b_done - $t_b" | bc)
TAR=$(ls -t $OBJECTS/spilo/$NAME/$UID_/wal/$PG/base/*/data.tar | head -1)
TAR_MB=$(echo "$(stat -c %s "$TAR") / 1048576" | bc)
printf 'base backup (tusk backup create):           %.1f s, %.0f MB/s of database (%s MB uploaded)\n' \
  "$BACKUP_S" "$(echo "$MB / $BACKUP_S" | bc -l)" "$TAR_MB"

psql "$DB" -qAtc "create table if not exists rpo_rows (n bigint primary key, t timestamptz default clock_timestamp())"
(
  n=0
  while [ ! -f "$WORK/stop" ]; do
    n=$((n + 1)); t=$(now)
    if psql "$DB" -qAtc "insert into rpo_rows (n) values ($n)" >/dev/null 2>&1; then echo "$t ok $n"; else echo "$t fail $n"; fi
    sleep 0.1
  done
) >"$WORK/writes" &
WRITER=$!
sleep 5
SWITCHED=$(psql "$DB" -qAtc "select pg_walfile_name(pg_switch_wal())")
t_switch=$(now)
last_at_switch=$(awk -v s="$t_switch" '$1 <= s && $2 == "ok" {n = $3} END {print n}' "$WORK/writes")
archived() { [ -f "$OBJECTS/spilo/$NAME/$UID_/wal/$PG/wals/${SWITCHED:0:16}/$SWITCHED" ] || ls "$OBJECTS/spilo/$NAME/$UID_/wal/$PG/wals/${SWITCHED:0:16}/$SWITCHED".* >/dev/null 2>&1; }
wait_for "segment $SWITCHED archived" 120 archived
sleep "$AFTER"
t_crash=$(now)
$TUSK local crash "$POD" -n $NS --hold 3600 --state-dir "$STATE_DIR/local" >/dev/null
touch "$WORK/stop"; wait "$WRITER" || true; WRITER=
acked=$(awk '$2 == "ok" {n = $3} END {print n}' "$WORK/writes")

t_clone=$(now)
kc -n $NS apply -f - >/dev/null <<YAML
apiVersion: acid.zalan.do/v1
kind: postgresql
metadata:
  name: $CLONE
  namespace: $NS
  annotations: {tusk.io/clone-target: end-of-archive}
spec:
  teamId: acid
  volume: {size: 5Gi}
  numberOfInstances: 1
  users: {bench: [superuser]}
  databases: {bench: bench}
  postgresql: {version: "$PG"}
  patroni: {ttl: 20, loop_wait: 2, retry_timeout: 3}
  clone: {cluster: $NAME, uid: "$UID_"}
YAML
wait_for "the clone's primary" 1800 ready $CLONE
CIP=$(kc -n $NS get svc $CLONE -o jsonpath='{.spec.clusterIP}')
SUPER=$(kc -n $NS get secret postgres.$CLONE.credentials.postgresql.acid.zalan.do -o jsonpath='{.data.password}' | base64 -d)
CDB="host=$CIP port=5432 user=postgres dbname=bench"
writable() { PGPASSWORD=$SUPER psql "$CDB" -qAtc "create table if not exists clone_probe (x int); insert into clone_probe values (1)" >/dev/null 2>&1; }
wait_for "a write to the clone" 600 writable
t_writable=$(now)
in_clone=$(PGPASSWORD=$SUPER psql "$CDB" -qAtc "select coalesce(max(n), 0) from rpo_rows")
missing_before_switch=$(PGPASSWORD=$SUPER psql "$CDB" -qAtc "select $last_at_switch - count(*) from rpo_rows where n <= $last_at_switch")
CPOD=$(master_of $CLONE)
LOGS=$(kc -n $NS logs --timestamps "$CPOD" 2>/dev/null || true)
fetch_start=$(echo "$LOGS" | grep -m1 'clone_with_wale: restoring backup' | awk '{print $1}')
fetch_end=$(echo "$LOGS" | grep -m1 'clone_with_wale: backup-fetch exited' | awk '{print $1}')
FETCH_S=$(echo "$(date -d "$fetch_end" +%s.%N) - $(date -d "$fetch_start" +%s.%N)" | bc)
lost=$((acked - in_clone))
span=$(awk -v a="$in_clone" -v b="$acked" '$2 == "ok" && $3 == a {ta = $1} $2 == "ok" && $3 == b {tb = $1} END {printf "%.1f", tb - ta}' "$WORK/writes")
printf 'restore (backup-fetch of the newest backup):  %.1f s, %.0f MB/s of database\n' "$FETCH_S" "$(echo "$MB / $FETCH_S" | bc -l)"
printf 'clone to a writable primary (end of archive): %.0f s (apply -> first write)\n' "$(echo "$t_writable - $t_clone" | bc)"
printf 'crash RPO: %d of %d acknowledged rows lost, spanning %s s of commits (archive_timeout %s, crash %ss after the last switch)\n' \
  "$lost" "$acked" "$span" "$ARCHIVE_TIMEOUT" "$AFTER"
printf 'rows committed before the last pg_switch_wal() missing in the clone: %s (must be 0)\n' "$missing_before_switch"
[ "$missing_before_switch" = 0 ] || exit 1
