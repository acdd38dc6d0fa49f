#!/usr/bin/env bash
# Installs what Tusk's build, tests and local environment need and that a fresh Debian machine may
# lack. Idempotent: a machine that has everything is left alone. Run as root (or with sudo).
set -euo pipefail

missing=()
need() { command -v "$1" >/dev/null 2>&1 || missing+=("$2"); }
need java openjdk-17-jdk-headless
need mvn maven
need ip iproute2
need iptables iptables
need setsid util-linux
need psql postgresql-client
[[ -x /usr/lib/postgresql/15/bin/postgres || -n "$(ls /usr/lib/postgresql/*/bin/postgres 2>/dev/null)" ]] || missing+=("postgresql")

if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "prerequisites: missing packages: ${missing[*]}; install them with: sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
  echo "prerequisites: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if ! command -v go >/dev/null 2>&1; then
  cat >&2 <<'MSG'
prerequisites: no Go toolchain found. Tusk's local environment builds the Kubernetes control plane
(kube-apiserver, kube-controller-manager, kube-scheduler, etcd) from their Go modules and needs Go
1.24 or newer: install it from https://go.dev/dl/ (or a distribution package of Go >= 1.24), or
point KUBEBUILDER_ASSETS at a directory that already holds those binaries.
MSG
  exit 1
fi
