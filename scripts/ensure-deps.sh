#!/usr/bin/env bash
# Installs the system packages Linli builds against, when they are missing:
#   libsqlite3-dev (GRDB links the system SQLite), libcurl4-openssl-dev (webhook transport),
#   pkg-config (locates libcurl's flags).
# Extra package names given as arguments are installed the same way (scripts/test.sh asks for
# python3-pip). Safe to run repeatedly; does nothing when everything is present.
set -euo pipefail

needed=(libsqlite3-dev libcurl4-openssl-dev pkg-config "$@")

# The toolchain first: nothing is installed with sudo on a machine that cannot build anyway.
if ! command -v swift >/dev/null 2>&1; then
    echo "linli: the Swift toolchain (6.3) is required: https://www.swift.org/install/" >&2
    exit 1
fi

install_missing() {
    if ! command -v dpkg-query >/dev/null 2>&1; then
        # Not Debian or Ubuntu (macOS has SQLite and libcurl with the system; elsewhere install
        # the equivalents of the packages above by hand): nothing to install here.
        echo "linli: no dpkg here; make sure SQLite and libcurl development files are installed (${needed[*]} on Debian/Ubuntu)" >&2
        return 0
    fi
    local missing=() package
    for package in "${needed[@]}"; do
        # pkg-config is a command that pkgconf also provides (Debian 12, Ubuntu 24.04).
        if [ "$package" = pkg-config ] && command -v pkg-config >/dev/null 2>&1; then continue; fi
        if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
            missing+=("$package")
        fi
    done
    [ "${#missing[@]}" -eq 0 ] && return 0

    echo "linli: installing missing system packages: ${missing[*]}" >&2
    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        if ! command -v sudo >/dev/null 2>&1; then
            echo "linli: need root (or sudo) to apt-get install ${missing[*]}" >&2
            exit 1
        fi
        # Without a password prompt (CI, ssh host command): say so, not "apt-get update failed".
        if ! sudo -n apt-get --version >/dev/null 2>&1 && ! [ -t 0 ]; then
            echo "linli: need root or passwordless sudo to apt-get install ${missing[*]}" >&2
            exit 1
        fi
        sudo=(sudo)
    fi
    # `env` passes DEBIAN_FRONTEND through sudo (whose env_reset would drop an export); the lock
    # timeout waits for unattended-upgrades, which holds the dpkg lock in a new machine's first
    # minutes, instead of failing at once.
    local apt=("${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300)
    local attempt
    for attempt in 1 2 3; do
        "${apt[@]}" update -qq && break
        if [ "$attempt" -eq 3 ]; then
            echo "linli: apt-get update failed three times" >&2
            exit 1
        fi
        sleep 10
    done
    # Before installing anything: the libcurl this system would install must be 7.85 or later.
    # Asked after the update: a new machine's package lists are empty, and no candidate skipped
    # the check, installing everything before the build refused the old libcurl (helper 180 #4).
    local candidate
    candidate=$(apt-cache policy libcurl4-openssl-dev 2>/dev/null | awk '/Candidate:/ { print $2 }' || true)
    if [ -n "$candidate" ] && [ "$candidate" != "(none)" ] && ! dpkg --compare-versions "$candidate" ge 7.85; then
        echo "linli: this system offers libcurl $candidate; 7.85 or later is needed (Debian 12+, Ubuntu 24.04+)" >&2
        exit 1
    fi
    "${apt[@]}" install -y -qq --no-install-recommends "${missing[@]}"
}

install_missing

# The webhook transport needs libcurl 7.85 or later (CURLOPT_PROTOCOLS_STR): Debian 12 and Ubuntu
# 24.04 have it, Ubuntu 22.04 (7.81) does not, and the build would stop at a missing constant.
if command -v pkg-config >/dev/null 2>&1 && pkg-config --exists libcurl && ! pkg-config --atleast-version=7.85 libcurl; then
    echo "linli: libcurl $(pkg-config --modversion libcurl) is too old; 7.85 or later is needed (Debian 12+, Ubuntu 24.04+)" >&2
    exit 1
fi
