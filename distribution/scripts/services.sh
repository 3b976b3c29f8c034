#!/usr/bin/env bash
# Local Redis and ClickHouse for Tributary's tests, demo and benchmarks: reuse a server that already answers on
# its standard loopback port; otherwise install the Debian package when missing (and permitted) and start one bound
# to 127.0.0.1, with its data under $TRIBUTARY_HOME/services. Never binds beyond loopback.
# Also the schema registry: Apicurio Registry 2.6.13 (in-memory storage), built once from distribution/registry into
# $TRIBUTARY_HOME/services/registry and run as a Java process bound to 127.0.0.1:8081 (TRIBUTARY_REGISTRY_PORT).
# Also Prometheus' programs (Debian's prometheus package: promtool for the alert rules' unit tests, prometheus for the
# scrape test, which starts its own server on 127.0.0.1): installed, never run as a service.
set -euo pipefail

HOME_DIR="${TRIBUTARY_HOME:?TRIBUTARY_HOME must be set (run through ./tributary)}"
SERVICES="$HOME_DIR/services"
REDIS_PORT=6379
CH_HTTP_PORT=8123
CH_TCP_PORT=9000
REGISTRY_PORT="${TRIBUTARY_REGISTRY_PORT:-8081}"
REGISTRY_VERSION=2.6.13.Final
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

say() { printf '%s\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@";
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo "$@";
  else return 1; fi
}

apt_install() {
  command -v apt-get >/dev/null 2>&1 || { say "  no apt-get here: install $* yourself"; return 1; }
  say "  installing Debian packages: $*"
  if ! as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >"$SERVICES/apt.log" 2>&1; then
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >>"$SERVICES/apt.log" 2>&1 || true
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >>"$SERVICES/apt.log" 2>&1 \
      || { say "  apt-get install failed (see $SERVICES/apt.log), or needs root"; return 1; }
  fi
}

wait_for() { # what, seconds, command...
  local what=$1 seconds=$2; shift 2
  for _ in $(seq 1 $((seconds * 10))); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.1
  done
  say "  $what did not answer within ${seconds}s"; return 1
}

redis_answers() { [ "$(redis-cli -h 127.0.0.1 -p $REDIS_PORT ping 2>/dev/null)" = "PONG" ]; }
redis_answers_tcp() { exec 3<>/dev/tcp/127.0.0.1/$REDIS_PORT && printf 'PING\r\n' >&3 && read -r -t 2 reply <&3 && [[ "$reply" == +PONG* ]]; }
registry_answers() { curl -s --max-time 2 "http://127.0.0.1:$REGISTRY_PORT/apis/registry/v2/system/info" 2>/dev/null | grep -q '"apicurio-registry"'; }
clickhouse_answers() { [ "$(curl -s --max-time 2 http://127.0.0.1:$CH_HTTP_PORT/ping)" = "Ok." ]; }

start_redis() {
  if redis_answers_tcp 2>/dev/null; then say "Redis: answering on 127.0.0.1:$REDIS_PORT (reused)"; return 0; fi
  command -v redis-server >/dev/null 2>&1 || apt_install redis-server redis-tools || return 1
  local dir="$SERVICES/redis"; mkdir -p "$dir"
  redis-server --daemonize yes --bind 127.0.0.1 --port $REDIS_PORT --save "" --appendonly no \
    --dir "$dir" --logfile "$dir/redis.log" --pidfile "$dir/redis.pid"
  wait_for Redis 10 redis_answers_tcp && say "Redis: started on 127.0.0.1:$REDIS_PORT (data in $dir)"
}

clickhouse_config() {
  local dir=$1
  mkdir -p "$dir/data" "$dir/tmp" "$dir/user_files" "$dir/format_schemas" "$dir/log"
  cat >"$dir/config.xml" <<XML
<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>$dir/log/clickhouse-server.log</log><errorlog>$dir/log/clickhouse-server.err.log</errorlog><size>100M</size><count>2</count></logger>
  <listen_host>127.0.0.1</listen_host>
  <http_port>$CH_HTTP_PORT</http_port>
  <tcp_port>$CH_TCP_PORT</tcp_port>
  <max_connections>256</max_connections>
  <keep_alive_timeout>10</keep_alive_timeout>
  <max_concurrent_queries>100</max_concurrent_queries>
  <uncompressed_cache_size>268435456</uncompressed_cache_size>
  <mark_cache_size>268435456</mark_cache_size>
  <path>$dir/data/</path>
  <tmp_path>$dir/tmp/</tmp_path>
  <user_files_path>$dir/user_files/</user_files_path>
  <format_schema_path>$dir/format_schemas/</format_schema_path>
  <users_config>$dir/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <timezone>UTC</timezone>
  <mlock_executable>false</mlock_executable>
  <builtin_dictionaries_reload_interval>3600</builtin_dictionaries_reload_interval>
  <max_session_timeout>3600</max_session_timeout>
  <default_session_timeout>60</default_session_timeout>
</yandex>
XML
  cat >"$dir/users.xml" <<XML
<?xml version="1.0"?>
<yandex>
  <profiles><default><max_memory_usage>4000000000</max_memory_usage><load_balancing>random</load_balancing></default></profiles>
  <users>
    <default>
      <password></password>
      <networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
      <profile>default</profile>
      <quota>default</quota>
    </default>
  </users>
  <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors><result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval></default></quotas>
</yandex>
XML
}

start_clickhouse() {
  if clickhouse_answers; then say "ClickHouse: answering on 127.0.0.1:$CH_HTTP_PORT (reused)"; return 0; fi
  command -v clickhouse-server >/dev/null 2>&1 || apt_install clickhouse-server clickhouse-client || return 1
  local dir="$SERVICES/clickhouse"
  clickhouse_config "$dir"
  # A session of its own (setsid): the server outlives whatever started it, even when that caller's whole process
  # group is ended (a terminal closing, a CI step or an agent's shell being cleaned up).
  local detach=(); command -v setsid >/dev/null 2>&1 && detach=(setsid)
  nohup "${detach[@]}" clickhouse-server --config-file="$dir/config.xml" >"$dir/log/stdout.log" 2>&1 &
  echo $! >"$dir/clickhouse.pid"
  wait_for ClickHouse 60 clickhouse_answers && say "ClickHouse: started on 127.0.0.1:$CH_HTTP_PORT (data in $dir)"
}

# The registry's runnable jar: built by Maven from distribution/registry (vendored Apicurio modules that Maven
# Central does not serve, then Quarkus' build of the published application jar), once per change of that tree.
build_registry() { # jar
  local jar=$1 src="$ROOT/distribution/registry" dir; dir="$(dirname "$1")"
  local stamp; stamp="$(cd "$src" && find . -path ./app/target -prune -o -path '*/target' -prune -o -type f -print \
    | LC_ALL=C sort | xargs sha1sum | sha1sum | cut -c1-16)"
  if [ -f "$jar" ] && [ "$(cat "$dir/build.stamp" 2>/dev/null)" = "$stamp" ]; then return 0; fi
  command -v mvn >/dev/null 2>&1 || { say "Schema registry: Maven is needed to build it (mvn not on PATH)"; return 1; }
  say "Schema registry: building Apicurio Registry $REGISTRY_VERSION from distribution/registry (once; a few minutes)"
  local settings=(); [ -f "$HOME/.m2/settings.xml" ] || settings=(-s "$src/settings.xml")
  if ! mvn -B -ntp "${settings[@]}" -f "$src/pom.xml" install -DskipTests -Dcheckstyle.skip -Dmaven.javadoc.skip \
      -Dgpg.skip -Denforcer.skip >"$dir/build.log" 2>&1; then
    say "Schema registry: the build failed; see $dir/build.log"; tail -20 "$dir/build.log"; return 1
  fi
  # Quarkus' legacy-jar layout (the application's own choice): the runner jar names its libraries in lib/ beside it.
  rm -rf "$dir/lib" && cp -r "$src/app/target/lib" "$dir/lib"
  cp "$src/app/target/apicurio-registry-$REGISTRY_VERSION-runner.jar" "$jar"
  echo "$stamp" >"$dir/build.stamp"
}

start_registry() {
  if registry_answers; then say "Schema registry: answering on 127.0.0.1:$REGISTRY_PORT (reused)"; return 0; fi
  local dir="$SERVICES/registry" jar="$SERVICES/registry/apicurio-registry-$REGISTRY_VERSION-runner.jar"
  mkdir -p "$dir/log"
  build_registry "$jar" || return 1
  command -v java >/dev/null 2>&1 || { say "Schema registry: java is not on PATH"; return 1; }
  local detach=(); command -v setsid >/dev/null 2>&1 && detach=(setsid)
  # In-memory storage (H2): schemas live as long as the process. Quarkus' HTTP server on loopback only; the
  # transaction manager's recovery listener also binds an ephemeral port on 127.0.0.1.
  nohup "${detach[@]}" java -Xms64m -Xmx"${TRIBUTARY_REGISTRY_HEAP:-512m}" -XX:+UseSerialGC \
    -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$REGISTRY_PORT" -Dquarkus.log.console.level=WARN \
    -jar "$jar" >"$dir/log/registry.log" 2>&1 &
  echo $! >"$dir/registry.pid"
  wait_for "Schema registry" 90 registry_answers \
    && say "Schema registry: Apicurio Registry $REGISTRY_VERSION started on 127.0.0.1:$REGISTRY_PORT (in memory; log in $dir/log)"
}

# The package's own service would listen on every interface (0.0.0.0:9090): stop and disable it if the install
# started it (Debian starts services unless policy-rc.d forbids it). Tests run their own server on 127.0.0.1.
stop_prometheus_service() {
  if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet prometheus 2>/dev/null; then
    as_root systemctl disable --now prometheus >/dev/null 2>&1 && say "  stopped and disabled the package's prometheus service"
  elif [ -x /etc/init.d/prometheus ] && as_root /etc/init.d/prometheus status >/dev/null 2>&1; then
    as_root /etc/init.d/prometheus stop >/dev/null 2>&1 && say "  stopped the package's prometheus service"
    command -v update-rc.d >/dev/null 2>&1 && as_root update-rc.d prometheus disable >/dev/null 2>&1 || true
  fi
}

install_prometheus() {
  if command -v promtool >/dev/null 2>&1 && command -v prometheus >/dev/null 2>&1; then
    say "Prometheus: $(promtool --version 2>&1 | head -1 | sed 's/ (branch.*//') (installed; not run as a service)"; return 0
  fi
  apt_install prometheus || return 1
  stop_prometheus_service
  say "Prometheus: $(promtool --version 2>&1 | head -1 | sed 's/ (branch.*//') installed (not run as a service)"
}

stop_pidfile() { # name, pidfile
  local name=$1 pidfile=$2
  if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    kill "$(cat "$pidfile")" && say "$name: stopped"
    for _ in $(seq 1 50); do kill -0 "$(cat "$pidfile")" 2>/dev/null || break; sleep 0.1; done
    rm -f "$pidfile"
  else
    say "$name: not started by Tributary (left alone)"
  fi
}

status() {
  if redis_answers_tcp 2>/dev/null; then say "Redis: answering on 127.0.0.1:$REDIS_PORT"; else say "Redis: not answering"; fi
  if clickhouse_answers; then say "ClickHouse: answering on 127.0.0.1:$CH_HTTP_PORT"; else say "ClickHouse: not answering"; fi
  if registry_answers; then say "Schema registry: answering on 127.0.0.1:$REGISTRY_PORT"; else say "Schema registry: not answering"; fi
  if command -v promtool >/dev/null 2>&1 && command -v prometheus >/dev/null 2>&1; then
    say "Prometheus: $(promtool --version 2>&1 | head -1 | sed 's/ (branch.*//') (promtool and prometheus installed)"
  else
    say "Prometheus: promtool/prometheus not installed (./tributary services start installs them)"
  fi
}

mkdir -p "$SERVICES"
case "${1:-status}" in
  start)
    failed=0
    what="${2:-all}"
    if [ "$what" = all ] || [ "$what" = redis ]; then start_redis || failed=1; fi
    if [ "$what" = all ] || [ "$what" = clickhouse ]; then start_clickhouse || failed=1; fi
    if [ "$what" = all ] || [ "$what" = registry ]; then start_registry || failed=1; fi
    if [ "$what" = all ] || [ "$what" = prometheus ]; then install_prometheus || failed=1; fi
    exit $failed ;;
  stop)
    stop_pidfile Redis "$SERVICES/redis/redis.pid"
    stop_pidfile ClickHouse "$SERVICES/clickhouse/clickhouse.pid"
    stop_pidfile "Schema registry" "$SERVICES/registry/registry.pid" ;;
  status) status ;;
  *) say "usage: tributary services [start [redis|clickhouse|registry|prometheus]|stop|status]"; exit 2 ;;
esac
