#!/usr/bin/env bash
# One command from a fresh Debian 12 machine to a full test run: installs what is missing, builds,
# then runs every ctest label (unit, interop, gui). CI runs exactly this.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

./installer/deps.sh
./installer/build.sh
ctest --test-dir build --output-on-failure -j2
