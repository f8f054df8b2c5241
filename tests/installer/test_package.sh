#!/usr/bin/env bash
# Packaging test: builds the .deb and .tar.gz with cpack from a built tree, checks them (dpkg-deb,
# lintian, desktop-file-validate, appstreamcli), unpacks the .deb into a scratch root and runs what
# it installed from there: both --version flags, a 3-broker cluster queried with kcat, and the app
# starting its local cluster by itself, as a user's first click would.
# Usage: test_package.sh <build dir> <source dir> <version>
set -euo pipefail

build=$(cd "$1" && pwd)
source=$(cd "$2" && pwd)
version=$3
app_id=io.tideline.Tideline

fail() {
    echo "FAIL: $*" >&2
    exit 1
}
step() { echo "--- $*"; }

for tool in cpack dpkg-deb dpkg-shlibdeps lintian desktop-file-validate appstreamcli kcat readelf pgrep; do
    command -v "$tool" >/dev/null || fail "$tool is missing: run installer/deps.sh"
done

ldconfig=$(command -v ldconfig || echo /sbin/ldconfig)

scratch=$(mktemp -d /tmp/tideline-package.XXXXXX)
broker_pid=""
cleanup() {
    if [[ -n "$broker_pid" ]] && kill -0 "$broker_pid" 2>/dev/null; then
        kill -TERM "$broker_pid" 2>/dev/null || true
        wait "$broker_pid" 2>/dev/null || true
    fi
    rm -rf "$scratch"
}
trap cleanup EXIT

# Three consecutive free ports for the brokers, and one more for the control API.
free_ports() {
    /usr/bin/python3 - <<'PY'
import random, socket
def free(port):
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False
while True:
    base = random.randint(20000, 60000)
    if all(free(base + i) for i in range(4)):
        print(base, base + 3)
        break
PY
}

step "cpack"
(cd "$build" && cpack -B "$scratch/out" >"$scratch/cpack.log" 2>&1) || {
    cat "$scratch/cpack.log"
    fail "cpack failed"
}
deb=$(ls "$scratch"/out/tideline_"$version"_*.deb)
tarball=$(ls "$scratch"/out/tideline-"$version"-*.tar.gz)
echo "built $(basename "$deb") and $(basename "$tarball")"

step "control fields"
field() { dpkg-deb --field "$deb" "$1"; }
[[ $(field Package) == tideline ]] || fail "package name is $(field Package)"
[[ $(field Version) == "$version" ]] || fail "package version $(field Version), CMake says $version"
depends=$(field Depends)
echo "Depends: $depends"
depends_on() { tr ',' '\n' <<<"$depends" | sed 's/^ *//; s/ .*//' | grep -qx "$1"; }

step "contents"
dpkg-deb --contents "$deb" | awk '{print $6}' | sed 's#^\./#/#' >"$scratch/deb-paths"
expected=(
    /usr/bin/tideline /usr/bin/tideline-broker
    /usr/share/applications/$app_id.desktop
    /usr/share/metainfo/$app_id.metainfo.xml
    /usr/share/icons/hicolor/scalable/apps/$app_id.svg
    /usr/share/man/man1/tideline.1.gz /usr/share/man/man1/tideline-broker.1.gz
    /usr/share/doc/tideline/copyright /usr/share/doc/tideline/changelog.gz
    /usr/share/doc/tideline/LICENSE /usr/share/doc/tideline/NOTICE.kafka-schemas
    /usr/share/doc/tideline/LICENSE.kafka-schemas
)
for size in 16 24 32 48 64 128 256; do expected+=("/usr/share/icons/hicolor/${size}x${size}/apps/$app_id.png"); done
for path in "${expected[@]}"; do
    grep -qx "$path" "$scratch/deb-paths" || fail "$path is not in the package"
done
if grep -v '^/usr/' "$scratch/deb-paths" | grep -q .; then fail "files outside /usr: $(grep -v '^/usr/' "$scratch/deb-paths")"; fi
echo "${#expected[@]} expected files present"

step "the tarball holds the same tree"
grep -v '/$' "$scratch/deb-paths" | sed 's#^/usr/##' | sort >"$scratch/deb-files"
tar -tzf "$tarball" | grep -v '/$' | sed 's#^[^/]*/##' | sort >"$scratch/tar-files"
diff -u "$scratch/deb-files" "$scratch/tar-files" || fail "the .deb and the .tar.gz hold different files"

step "apt would install it here (dependencies resolvable)"
apt-get install --simulate --no-install-recommends "$deb" >"$scratch/apt.log" 2>&1 || {
    cat "$scratch/apt.log"
    fail "apt cannot install the package"
}
grep "^Inst " "$scratch/apt.log"
grep -q "^Inst tideline " "$scratch/apt.log" || fail "apt would not install tideline"

step "lintian"
lintian --fail-on error --display-info "$deb" || fail "lintian found errors"

step "unpack into a scratch root"
root=$scratch/root
dpkg-deb -x "$deb" "$root"
bin=$root/usr/bin
for exe in tideline tideline-broker; do
    if readelf -d "$bin/$exe" | grep -E 'RPATH|RUNPATH'; then fail "$exe carries a run path"; fi
    # Every library the executable links must come from a package it depends on (dpkg-shlibdeps).
    for lib in $(readelf -d "$bin/$exe" | sed -n 's/.*Shared library: \[\(.*\)\]/\1/p'); do
        path=$("$ldconfig" -p | awk -v lib="$lib" '$1 == lib && /x86-64/ && !found {print $NF; found = 1}')
        [[ -n "$path" ]] || fail "$exe needs $lib, which is not installed"
        owner=$(dpkg -S "$path" 2>/dev/null || dpkg -S "$(readlink -f "$path")" 2>/dev/null ||
            dpkg -S "/usr$path" 2>/dev/null) || fail "no package owns $path"
        package=${owner%%:*}
        # A library's shlibs may name a virtual package its own package provides (libspdlog1.10-fmt9).
        named=""
        for candidate in "$package" $(dpkg-query -W -f='${Provides}' "$package" | tr ',' ' ' | sed 's/([^)]*)//g'); do
            if depends_on "$candidate"; then named=$candidate; fi
        done
        [[ -n "$named" ]] || fail "$exe links $lib from $package, which Depends does not name"
        echo "$exe: $lib <- $named"
    done
done

step "desktop entry and AppStream metainfo"
desktop=$root/usr/share/applications/$app_id.desktop
metainfo=$root/usr/share/metainfo/$app_id.metainfo.xml
desktop-file-validate "$desktop"
grep -qx "Exec=tideline" "$desktop" || fail "the desktop entry does not run tideline"
grep -qx "Icon=$app_id" "$desktop" || fail "the desktop entry's icon is not $app_id"
appstreamcli validate --no-net "$metainfo"
grep -q "<launchable type=\"desktop-id\">$app_id.desktop</launchable>" "$metainfo" ||
    fail "the metainfo does not launch $app_id.desktop"
grep -q "<release version=\"$version\"" "$metainfo" || fail "the metainfo has no release $version"
screenshots=$(sed -n 's#.*<image>.*/\(docs/screenshots/[^<]*\)</image>.*#\1#p' "$metainfo")
[[ -n "$screenshots" ]] || fail "the metainfo references no screenshot"
for shot in $screenshots; do [[ -f "$source/$shot" ]] || fail "the metainfo shows $shot, which does not exist"; done

mkdir -p "$scratch/home" "$scratch/runtime" && chmod 700 "$scratch/runtime"

step "man pages cover every option"
for exe in tideline tideline-broker; do
    page=$(zcat "$root/usr/share/man/man1/$exe.1.gz" | sed 's/\\-/-/g')
    help=$(QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR="$scratch/runtime" "$bin/$exe" --help)
    for option in $(grep -oE -- '--[a-z][a-z-]+' <<<"$help" | sort -u); do
        grep -qF -- "$option" <<<"$page" || fail "$exe.1 does not describe $option"
    done
done

step "installed executables run from any directory"
cd /
env_home=(HOME="$scratch/home" XDG_CONFIG_HOME="$scratch/config" XDG_DATA_HOME="$scratch/data"
    XDG_RUNTIME_DIR="$scratch/runtime" PATH="/usr/bin:/bin" QT_QPA_PLATFORM=offscreen)
[[ ! -e /usr/bin/tideline-broker ]] || echo "note: /usr/bin/tideline-broker exists on this machine"
app_version=$(env "${env_home[@]}" "$bin/tideline" --version)
[[ "$app_version" == "Tideline $version" ]] || fail "tideline --version printed '$app_version'"
broker_version=$(env "${env_home[@]}" "$bin/tideline-broker" --version)
[[ "$broker_version" == "$version" ]] || fail "tideline-broker --version printed '$broker_version'"
echo "tideline --version: $app_version; tideline-broker --version: $broker_version"
mkdir "$scratch/tarball" && tar -xzf "$tarball" -C "$scratch/tarball"
for exe in tideline tideline-broker; do
    env "${env_home[@]}" "$scratch"/tarball/*/bin/$exe --version | grep -q "$version" ||
        fail "the tarball's $exe does not print $version"
done

step "3-broker cluster from the installed broker, seen by kcat"
read -r port control < <(free_ports)
env "${env_home[@]}" "$bin/tideline-broker" --brokers 3 --data-dir "$scratch/cluster" --port "$port" \
    --control-port "$control" >"$scratch/broker.out" 2>"$scratch/broker.err" &
broker_pid=$!
for _ in $(seq 300); do
    grep -qx "cluster ready" "$scratch/broker.out" && break
    kill -0 "$broker_pid" 2>/dev/null || { cat "$scratch/broker.err"; fail "the broker exited early"; }
    sleep 0.1
done
grep -qx "cluster ready" "$scratch/broker.out" || { cat "$scratch/broker.err"; fail "no 'cluster ready' in 30 s"; }
kcat -b "127.0.0.1:$port" -L -m 10 >"$scratch/kcat.out"
cat "$scratch/kcat.out"
grep -q "^ 3 brokers:" "$scratch/kcat.out" || fail "kcat does not see 3 brokers"
for i in 0 1 2; do
    grep -qE "broker [0-9]+ at 127\.0\.0\.1:$((port + i))" "$scratch/kcat.out" || fail "no broker at port $((port + i))"
done
kill -TERM "$broker_pid"
status=0
wait "$broker_pid" || status=$?
broker_pid=""
[[ $status -eq 0 ]] || fail "the broker exited with $status on SIGTERM"

step "the installed app starts its local cluster itself, data under XDG_DATA_HOME"
read -r port control < <(free_ports)
env "${env_home[@]}" "$bin/tideline" --dev-cluster --dev-port "$port" --dev-control-port "$control" \
    --show dev-cluster --screenshot "$scratch/dev-cluster.png" --timeout 40 ||
    fail "the installed tideline could not start its local cluster"
[[ -s "$scratch/dev-cluster.png" ]] || fail "no screenshot of the running local cluster"
dev_data=$scratch/data/tideline/dev-cluster
[[ -d "$dev_data" ]] && [[ -n "$(ls -A "$dev_data")" ]] || fail "no cluster data in $dev_data"
for dir in .local .config; do
    [[ ! -e "$scratch/home/$dir" ]] || fail "the app wrote to ~/$dir, not under XDG_*_HOME: $(find "$scratch/home/$dir")"
done
# The app ends the cluster it launched when it exits.
if leftover=$(pgrep -f -- "$bin/tideline-broker"); then
    kill -TERM $leftover
    fail "tideline left its broker running (pid $leftover)"
fi

echo "package test passed: $(basename "$deb")"
