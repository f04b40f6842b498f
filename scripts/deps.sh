#!/bin/sh
# Installs (as root) or names (otherwise) the Debian packages selfeval needs.
# Usage: scripts/deps.sh build|check|fuzz|bench|shots
# "build" is what `make` and `make run` need; "check" adds what the tests use.
set -u
need_build="libncurses-dev libcjson-dev libunistring-dev nettle-dev libxlsxwriter-dev pkg-config libsqlite3-dev libpq-dev"
# collect's tests run the SQL of docs/database.md on a SQLite file and on a throwaway
# PostgreSQL 15 cluster (initdb as an unprivileged user, a Unix socket only).
need_check="libcmocka-dev tmux python3 python3-openpyxl strace sqlite3 postgresql-15 jq"
need_fuzz="clang libclang-rt-dev"
need_shots="fonts-noto-cjk imagemagick libreoffice-calc-nogui poppler-utils"
need_bench="dialog python3-pyte jq time"

what=${1:-build}
pkgs=$need_build
case "$what" in
  build) ;;
  check) pkgs="$pkgs $need_check" ;;
  fuzz)  pkgs="$pkgs $need_check $need_fuzz" ;;
  bench) pkgs="$pkgs $need_check $need_bench" ;;
  shots) pkgs="$pkgs $need_check $need_shots" ;;
  *) echo "usage: $0 build|check|fuzz|bench|shots" >&2; exit 2 ;;
esac

missing=""
for p in $pkgs; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $p"
  fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" = 0 ]; then
  echo "selfeval: installing missing Debian packages:$missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || { echo "selfeval: apt-get update failed" >&2; exit 1; }
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends $missing >/dev/null || {
    echo "selfeval: apt-get install failed for:$missing" >&2; exit 1; }
  exit 0
fi
echo "selfeval: missing Debian packages:$missing" >&2
echo "Run as root:  apt-get update && apt-get install -y$missing" >&2
exit 1
