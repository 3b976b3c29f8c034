#!/usr/bin/env bash
# Checks that './tributary <command> --help' (and -h) prints that command's help and does nothing else, for every
# command: with java, mvn and the services' programs replaced by stubs that record being called, each help must
# exit 0, start with "usage: ./tributary <command>", call none of them and create nothing under TRIBUTARY_HOME.
# Run by './tributary test' before Maven; runs alone too: distribution/scripts/cli-test.sh
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/stubs"
for program in java mvn apt-get sudo redis-server redis-cli clickhouse clickhouse-server curl promtool prometheus; do
  printf '#!/bin/sh\necho "%s $*" >> "%s/called"\nexit 97\n' "$program" "$WORK" > "$WORK/stubs/$program"
  chmod +x "$WORK/stubs/$program"
done

failures=0
check() { # expected command name, then the arguments to ./tributary
  local name=$1; shift
  local out rc
  rm -f "$WORK/called"
  out=$(cd "$WORK" && PATH="$WORK/stubs:$PATH" TRIBUTARY_HOME="$WORK/home" "$ROOT/tributary" "$@" 2>&1)
  rc=$?
  local problem=""
  [ $rc -eq 0 ] || problem="exit $rc"
  [[ "$out" == "usage: ./tributary $name"* ]] || problem="$problem; help does not start with 'usage: ./tributary $name'"
  [ ! -e "$WORK/called" ] || problem="$problem; called: $(tr '\n' ',' < "$WORK/called")"
  [ ! -e "$WORK/home" ] || problem="$problem; created $WORK/home"
  if [ -n "$problem" ]; then
    echo "FAILED  ./tributary $*: ${problem#; }"
    printf '%s\n' "$out" | head -5 | sed 's/^/          /'
    failures=$((failures + 1))
  fi
}

commands=(demo up test services bench generate dlq clickhouse processor docs plugins build)
for c in "${commands[@]}"; do
  check "$c" "$c" --help
  check "$c" "$c" -h
done
# The flag anywhere among other arguments, and 'help COMMAND'.
check demo demo --events 10 --help
check test test -pl common -h
check services services start --help
check bench bench file --help
check plugins plugins install snowflake --help
check generate generate --to-dir /nonexistent --help
check processor processor --config x.yaml -h
check dlq dlq replay --topic events-dlq --to events-raw --help
check demo demo --pipeline cart-events --help
check clickhouse clickhouse retention --database d --help
for c in "${commands[@]}"; do check "$c" help "$c"; done
# Every command in the overview has its help (the overview is the heredoc of usage() in ./tributary).
listed=$(sed -n '\|^usage: ./tributary <command>|,\|^USAGE$|p' "$ROOT/tributary" | sed -n 's/^  \([a-z]\+\) .*/\1/p')
[ -n "$listed" ] || { echo "FAILED  found no commands in ./tributary's usage"; failures=$((failures + 1)); }
for c in $listed; do
  [[ " ${commands[*]} " == *" $c "* ]] || { echo "FAILED  '$c' is in the usage but not checked here"; failures=$((failures + 1)); }
done

total=$(( ${#commands[@]} * 3 + 8 ))
if [ $failures -gt 0 ]; then
  echo "cli-test: $failures of $total help checks failed"; exit 1
fi
echo "cli-test: every command's --help and -h print its help and do nothing else ($total checks)"
