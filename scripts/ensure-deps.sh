#!/usr/bin/env bash
# Installs the system packages Linli builds against, when they are missing:
#   libsqlite3-dev (GRDB links the system SQLite), libcurl4-openssl-dev (webhook transport),
#   pkg-config (locates libcurl's flags).
# Extra package names given as arguments are installed the same way (scripts/test.sh asks for
# python3-pip). Safe to run repeatedly; does nothing when everything is present.
set -euo pipefail

needed=(libsqlite3-dev libcurl4-openssl-dev pkg-config "$@")
missing=()
for package in "${needed[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done

if [ "${#missing[@]}" -gt 0 ]; then
    echo "linli: installing missing system packages: ${missing[*]}" >&2
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
            echo "linli: need root (or sudo) to apt-get install ${missing[*]}" >&2
            exit 1
        fi
    fi
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if ! command -v swift >/dev/null 2>&1; then
    echo "linli: the Swift toolchain (6.3) is required: https://www.swift.org/install/" >&2
    exit 1
fi
