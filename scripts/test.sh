#!/usr/bin/env bash
# Tusk's whole test suite: unit tests, integration tests against a local Kubernetes control plane,
# and tests against real PostgreSQL. Installs what is missing first; the Kubernetes binaries are
# built once and cached under ~/.cache/tusk (about 15 minutes on two cores the first time).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/prerequisites.sh
./tusk local install
mvn -B -ntp verify "$@"
