#!/usr/bin/env bash
# Configures and builds Tideline into build/ (RelWithDebInfo, Ninja). Safe to re-run: only what
# changed is rebuilt, and CMakeLists.txt puts ccache in front of the compiler when it is installed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# The codec's libFuzzer target needs clang; deps.sh installs it, but a build without it still works.
fuzz=OFF
if command -v clang++ >/dev/null 2>&1; then fuzz=ON; fi

cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTIDELINE_FUZZ="$fuzz"
cmake --build build
