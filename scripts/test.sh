#!/usr/bin/env bash
# Tusk's whole test suite: unit tests, integration tests against a local Kubernetes control plane,
# and tests against real PostgreSQL. Installs what is missing first (as root); the Kubernetes
# binaries are built once and cached under ~/.cache/tusk (about 15 minutes on two cores the first
# time).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# On failure, the failed tests and their messages, last (Maven prints them far above its end).
failed_tests() {
  local reports
  reports=$(find . -path '*/target/*-reports/TEST-*.xml' -newer "$started" 2>/dev/null || true)
  [[ -n "$reports" ]] || return 0
  echo
  echo "Failed tests (details in each module's target/surefire-reports or target/failsafe-reports):"
  # shellcheck disable=SC2086
  awk '
    /<testcase / {
      name = ""; cls = ""
      if (match($0, / name="[^"]*"/)) name = substr($0, RSTART + 7, RLENGTH - 8)
      if (match($0, / classname="[^"]*"/)) cls = substr($0, RSTART + 12, RLENGTH - 13)
    }
    /<(failure|error)[ >]/ {
      msg = $0; sub(/.*message="/, "", msg); sub(/" type=.*/, "", msg); sub(/">.*/, "", msg)
      if (msg == $0) msg = ""
      gsub(/&#10;|&#13;/, " ", msg); gsub(/&quot;/, "\"", msg); gsub(/&lt;/, "<", msg)
      gsub(/&gt;/, ">", msg); gsub(/&amp;/, "\\&", msg)
      printf "  %s.%s: %s\n", cls, name, substr(msg, 1, 400)
    }' $reports
}

# The launcher installs the JDK and Maven; `tusk local install` installs the rest (packages, the
# Go toolchain, the control-plane binaries, the pod software) through the same prerequisite step
# as `tusk local up` and `demo`.
./tusk local install

# The web UI's tests drive Debian's Chromium, headless, through Debian's ChromeDriver.
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  if [[ $(id -u) -eq 0 && -z "${TUSK_NO_INSTALL:-}" ]]; then
    echo "installing chromium and chromium-driver (the web UI's browser tests)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
  else
    echo "missing: chromium and chromedriver for the web UI's tests;" \
      "install them with: apt-get install chromium chromium-driver" >&2
    exit 1
  fi
fi
started=$(mktemp)
trap 'rm -f "$started"' EXIT
status=0
mvn -B -ntp verify "$@" || status=$?
if [[ $status -ne 0 ]]; then
  failed_tests
fi
exit $status
