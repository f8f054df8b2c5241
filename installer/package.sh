#!/usr/bin/env bash
# One command from a fresh Debian 12 machine to the packages: installs what is missing, builds, then
# runs cpack, which writes build/tideline_<version>_<arch>.deb and build/tideline-<version>-Linux-<cpu>.tar.gz.
# Arguments go to cpack (e.g. `-G DEB` for the .deb only).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

./installer/deps.sh
./installer/build.sh
cd build
cpack "$@"
