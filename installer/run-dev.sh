#!/usr/bin/env bash
# One command from a fresh Debian 12 machine to a running Tideline: installs what is missing,
# builds, then starts the console on the local dev cluster (started, or attached to if it already
# runs). Arguments are passed to `tideline` and replace the default ones.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

./installer/deps.sh
./installer/build.sh
if [ "$#" -eq 0 ]; then set -- --dev-cluster --show overview; fi
exec ./build/app/tideline "$@"
