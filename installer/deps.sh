#!/usr/bin/env bash
# Installs every Debian package that building, running and testing Tideline needs.
# Idempotent. `--check` only reports what is missing (exit 1 if anything is).
set -euo pipefail

PACKAGES=(
  # toolchain
  build-essential cmake ninja-build ccache pkg-config python3 git
  clang libclang-rt-14-dev clang-format
  # broker engine
  libasio-dev libcli11-dev libspdlog-dev nlohmann-json3-dev libcpp-httplib-dev
  # model, ui, app
  qt6-base-dev qt6-base-dev-tools libqt6sql6-sqlite libqt6svg6 qt6-qpa-plugins
  librdkafka-dev qtkeychain-qt6-dev libqcustomplot-dev libqcustomplot2.1-qt6
  # tests: real clients, a display for GUI tests, fonts for screenshots, throwaway TLS certificates
  kcat python3-confluent-kafka python3-kafka openssl
  xvfb xauth fonts-dejavu-core
  # packages (cpack): icon PNGs rendered from the SVG, dpkg-shlibdeps, and the package test's checkers
  librsvg2-bin dpkg-dev file lintian desktop-file-utils appstream procps
)
# Node.js and npm: Debian's packages unless a Node.js that ships its own npm is already there
# (NodeSource's nodejs conflicts with Debian's npm).
if ! command -v npm >/dev/null 2>&1; then PACKAGES+=(nodejs npm); fi

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [[ "${1:-}" == "--check" ]]; then
  if ((${#missing[@]})); then
    printf 'missing: %s\n' "${missing[@]}"
    exit 1
  fi
  echo "all ${#PACKAGES[@]} packages installed"
  exit 0
fi

if ((${#missing[@]})); then
  SUDO=""
  if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update
  $SUDO apt-get install -y --no-install-recommends "${missing[@]}"
fi

# Node test clients (KafkaJS), pinned by the committed lock file.
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [[ -f "$here/tests/package-lock.json" ]]; then
  (cd "$here/tests" && npm ci --no-audit --no-fund --loglevel=error)
fi
