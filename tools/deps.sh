#!/bin/sh
# Installs the Debian packages polrun builds and tests with, when missing.
# Calls apt-get only if something is absent, so it is quiet on a ready machine.
#   tools/deps.sh          what make, make test and make sanitize need
#   tools/deps.sh bench    and what make bench needs too (wrk)
#   tools/deps.sh coverage and what make coverage needs too (lcov)
set -e
missing=""
command -v flex >/dev/null 2>&1 || missing="$missing flex"
command -v bison >/dev/null 2>&1 || missing="$missing bison"
command -v pkg-config >/dev/null 2>&1 || missing="$missing pkg-config"
command -v cc >/dev/null 2>&1 || missing="$missing gcc"
command -v make >/dev/null 2>&1 || missing="$missing make"
command -v python3 >/dev/null 2>&1 || missing="$missing python3"
command -v curl >/dev/null 2>&1 || missing="$missing curl"
command -v dot >/dev/null 2>&1 || missing="$missing graphviz"
command -v tidy >/dev/null 2>&1 || missing="$missing tidy"
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
pkg-config --exists bdw-gc 2>/dev/null || missing="$missing libgc-dev"
pkg-config --exists jansson 2>/dev/null || missing="$missing libjansson-dev"
pkg-config --exists criterion 2>/dev/null || missing="$missing libcriterion-dev"
pkg-config --exists libmicrohttpd 2>/dev/null || missing="$missing libmicrohttpd-dev"
pkg-config --exists nettle 2>/dev/null || missing="$missing nettle-dev"
pkg-config --exists libutf8proc 2>/dev/null || missing="$missing libutf8proc-dev"
if [ "${1:-}" = bench ]; then
    command -v wrk >/dev/null 2>&1 || missing="$missing wrk"
fi
if [ "${1:-}" = coverage ]; then
    command -v lcov >/dev/null 2>&1 || missing="$missing lcov"
fi
# The Turkish locale tests/locales runs polrun in (`I` is not the capital
# of `i` there): made from the definitions of the package locales.
turkish=false
if ! locale -a 2>/dev/null | grep -qx 'tr_TR.utf8'; then
    turkish=true
    [ -f /usr/share/i18n/locales/tr_TR ] || missing="$missing locales"
fi
[ -z "$missing" ] && ! $turkish && exit 0
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
if [ -n "$missing" ]; then
    echo "deps: installing$missing"
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    # shellcheck disable=SC2086
    $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
if $turkish; then
    echo "deps: making the locale tr_TR.UTF-8"
    $SUDO localedef -i tr_TR -f UTF-8 tr_TR.UTF-8
fi
