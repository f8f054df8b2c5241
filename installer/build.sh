#!/usr/bin/env bash
# Configures and builds Tideline into build/ (RelWithDebInfo, Ninja). Safe to re-run: only what
# changed is rebuilt, and CMakeLists.txt puts ccache in front of the compiler when it is installed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build
