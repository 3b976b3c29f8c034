#!/bin/sh
# Starts a distributed Connect worker from the worker config the image carries (the repository's
# connector-configs/worker/connect-distributed.properties). The Apache Kafka image maps no environment variables to
# Connect settings, so this script does: CONNECT_<KEY>=value sets <key> (upper case to lower, '_' to '.'), e.g.
# CONNECT_BOOTSTRAP_SERVERS=kafka:9092 sets bootstrap.servers and CONNECT_GROUP_ID sets group.id. Every Connect
# worker setting is a lower-case dotted name without '_', so the mapping is one to one. The merged file is written
# to TRIBUTARY_CONNECT_CONFIG, then the script execs Kafka's connect-distributed.sh, so the worker is this process
# and a SIGTERM reaches it (Connect then stops its tasks and leaves the group).
#
# TRIBUTARY_METRICS_LISTEN ([host:]port, empty for none) starts the Prometheus JMX exporter's agent with the rules in
# $TRIBUTARY_ROOT/config/jmx-exporter.yaml (docs/operations/metrics.md).
#
# DeployRecipesIT runs this script as the image does (with KAFKA_HOME and TRIBUTARY_ROOT pointing at a copy of the
# image's files) and starts a worker from what it writes.
set -eu

kafka_home=${KAFKA_HOME:-/opt/kafka}
root=${TRIBUTARY_ROOT:-/opt/tributary}
base=${TRIBUTARY_CONNECT_BASE_CONFIG:-$root/config/connect-distributed.properties}
config=${TRIBUTARY_CONNECT_CONFIG:-/tmp/connect-distributed.properties}

if [ -z "${CONNECT_BOOTSTRAP_SERVERS:-}" ]; then
  echo "entrypoint: set CONNECT_BOOTSTRAP_SERVERS to the Kafka cluster's bootstrap servers" >&2
  exit 2
fi

overrides=$(mktemp)
# One 'key=value' line per CONNECT_* variable, sorted, so the file is the same for the same environment.
env | grep '^CONNECT_[A-Z0-9_]*=' | sort | while IFS= read -r line; do
  name=${line%%=*}
  value=${line#*=}
  key=$(printf '%s' "${name#CONNECT_}" | tr 'A-Z_' 'a-z.')
  printf '%s=%s\n' "$key" "$value"
done > "$overrides"

{
  echo "# Written by $0 from $base and the CONNECT_* environment."
  # The base file without the keys the environment overrides (a key is what precedes the first '=').
  awk 'NR == FNR { split($0, kv, "="); set[kv[1]] = 1; next }
       /^[ \t]*[#!]/ || index($0, "=") == 0 { print; next }
       { key = substr($0, 1, index($0, "=") - 1); gsub(/[ \t]/, "", key); if (!(key in set)) print }' \
    "$overrides" "$base"
  echo
  echo "# From the environment"
  cat "$overrides"
} > "$config"
rm -f "$overrides"

if [ -n "${TRIBUTARY_METRICS_LISTEN:-}" ]; then
  agent="-javaagent:$root/jmx_prometheus_javaagent.jar=$TRIBUTARY_METRICS_LISTEN:$root/config/jmx-exporter.yaml"
  KAFKA_OPTS="${KAFKA_OPTS:+$KAFKA_OPTS }$agent"
  export KAFKA_OPTS
fi

exec "$kafka_home/bin/connect-distributed.sh" "$config"
