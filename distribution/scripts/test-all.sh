#!/usr/bin/env bash
# Runs every test so that one failing module does not hide the others' results, then summarises them.
#
# usage: test-all.sh MAVEN_COMMAND...   e.g. test-all.sh mvn -B -f pom.xml -ntp verify -pl common
#
# Maven runs with --fail-at-end (a module that fails to build skips only the modules that depend on it) and
# -Dmaven.test.failure.ignore=true (a failing test does not stop its module's later tests, its ITs or the modules
# after it). Maven's own output is kept as it is, Surefire's and Failsafe's closing lines included. Afterwards
# TestReports.java reads every Surefire and Failsafe report this run wrote, prints each failed test and each module
# that did not build, and a closing line. The exit code is non-zero if any test failed or errored, or Maven failed.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HOME_DIR="${TRIBUTARY_HOME:-$ROOT/.tributary}"
mkdir -p "$HOME_DIR/logs"
LOG="$HOME_DIR/logs/test.log"
# Reports older than this marker are from earlier runs and are not counted.
MARKER="$HOME_DIR/logs/test.started"
touch "$MARKER"

"$@" --fail-at-end -Dmaven.test.failure.ignore=true 2>&1 | tee "$LOG"
maven=${PIPESTATUS[0]}

java "$ROOT/distribution/scripts/TestReports.java" "$ROOT" "$MARKER" "$LOG" "$maven"
