# Shared by scripts/run, scripts/test and .ci/run: package setup and the build.
# Source it; it defines functions only.

WORKHOST_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# Debian packages needed to build, test and run Workhost.
WORKHOST_PACKAGES=(
    cmake ninja-build g++ pkg-config
    qt6-base-dev qt6-base-dev-tools libqt6svg6
    libspdlog-dev libfmt-dev libgl-dev
)

# Installs whichever of the given packages are missing. Quiet and quick when
# everything is there already; goes through sudo when not root.
ensure_packages() {
    local missing=()
    local pkg
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' \
            || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0

    echo "workhost: installing missing packages: ${missing[*]}"
    local sudo=()
    [ "$(id -u)" -ne 0 ] && sudo=(sudo)
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends \
        "${missing[@]}" >/dev/null
}

# configure_and_build BUILD_DIR BUILD_TYPE [extra cmake arguments...]
# Configures once (ninja re-runs cmake by itself when CMakeLists change),
# then builds incrementally with two jobs (the machines have two cores).
configure_and_build() {
    local dir=$1 type=$2
    shift 2
    if [ ! -f "$dir/build.ninja" ]; then
        # WORKHOST_CXX_FLAGS_DEBUG (CI sets -g1: line tables, faster builds)
        # replaces the Debug flags of a new tree.
        cmake -S "$WORKHOST_ROOT" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE="$type" \
            ${WORKHOST_CXX_FLAGS_DEBUG:+"-DCMAKE_CXX_FLAGS_DEBUG=$WORKHOST_CXX_FLAGS_DEBUG"} "$@"
    elif [ $# -gt 0 ]; then
        cmake "$dir" "$@" >/dev/null
    fi
    cmake --build "$dir" -j2
}
