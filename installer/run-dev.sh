#!/usr/bin/env bash
# One command from a fresh Debian 12 machine to a running Tideline: installs what is missing,
# builds, then starts the console. Arguments are passed to `tideline`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

./installer/deps.sh
./installer/build.sh
exec ./build/app/tideline "$@"
