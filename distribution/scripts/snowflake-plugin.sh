#!/usr/bin/env bash
# Installs Snowflake's official Kafka connector (com.snowflake:snowflake-kafka-connector) as a plugin folder of its
# own, beside the Tributary bundle and never inside it, so the worker gives it its own class loader:
#
#   PLUGIN_DIR/snowflake-kafka-connector/
#     snowflake-kafka-connector-<version>.jar   fetched through Maven (the version is the bundle pom's
#                                               snowflake-kafka-connector.version)
#     connect-plugin-path-shim-1.0.0.jar        a service manifest naming the connector class
#
# The connector's jar has no META-INF/services entry for its connector, so a worker with
# plugin.discovery=service_load (ours) would not see it. Kafka's own `connect-plugin-path sync-manifests` adds
# the missing manifest to a multi-jar plugin folder as connect-plugin-path-shim-1.0.0.jar; this script writes that
# same file, so running Kafka's tool over the folder later finds nothing to change.
#
# usage: snowflake-plugin.sh PLUGIN_DIR                 fetch the jar (replacing another version) and write the manifest
#        snowflake-plugin.sh --manifest-only PLUGIN_DIR the jar is already there (the build's snowflake-plugin
#                                                       execution put it): write the manifest only
# ./tributary plugins install snowflake runs the first form with PLUGIN_DIR=$TRIBUTARY_HOME/plugins.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CONNECTOR_CLASS=com.snowflake.kafka.connector.SnowflakeSinkConnector
SHIM=connect-plugin-path-shim-1.0.0.jar

fetch=true
if [ "${1:-}" = --manifest-only ]; then fetch=false; shift; fi
DIR="${1:?usage: snowflake-plugin.sh [--manifest-only] PLUGIN_DIR}"
FOLDER="$DIR/snowflake-kafka-connector"
mkdir -p "$FOLDER"

if $fetch; then
  command -v mvn >/dev/null 2>&1 || { echo "snowflake-plugin: Maven (mvn) is needed to fetch the connector" >&2; exit 1; }
  # Into a staging folder first: an earlier install stays usable until the new jar is complete.
  staging="$(mktemp -d "$DIR/.snowflake-download.XXXXXX")"
  trap 'rm -rf "$staging"' EXIT
  mvn -B -q -ntp -f "$ROOT/distribution/bundle/pom.xml" dependency:copy@snowflake-plugin \
    -Dsnowflake.plugin.dir="$staging"
  rm -f "$FOLDER"/snowflake-kafka-connector-*.jar
  mv "$staging"/snowflake-kafka-connector/snowflake-kafka-connector-*.jar "$FOLDER"/
fi

jar=$(compgen -G "$FOLDER/snowflake-kafka-connector-*.jar" | head -1 || true)
[ -n "$jar" ] || { echo "snowflake-plugin: no snowflake-kafka-connector jar in $FOLDER" >&2; exit 1; }

JAR_TOOL="jar"
[ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/jar" ] && JAR_TOOL="$JAVA_HOME/bin/jar"
manifest="$(mktemp -d)"
mkdir -p "$manifest/META-INF/services"
printf '# Written by Tributary'\''s snowflake-plugin.sh, as connect-plugin-path sync-manifests would\n%s\n' \
  "$CONNECTOR_CLASS" > "$manifest/META-INF/services/org.apache.kafka.connect.sink.SinkConnector"
rm -f "$FOLDER/$SHIM"
"$JAR_TOOL" --create --file "$FOLDER/$SHIM" -C "$manifest" META-INF
rm -rf "$manifest"

echo "Snowflake Kafka connector: $(basename "$jar") in $FOLDER ($(du -m "$jar" | cut -f1) MB)"
