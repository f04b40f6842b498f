#!/bin/sh
# Terminal benchmark: the editor in a pseudo-terminal at 80x24, side by side with
# `dialog --form` (tests/bench/term_bench.py says what is measured and how).
#
#   sh tests/bench/bench_term.sh BUILD [LARGE_DRAFT]     (tests/bench/run.sh calls it)
#
# Skips, saying why, when the editor is not built or the terminal emulator the measurement
# reads screens with (python3-pyte) is missing. A log of every screen and keystroke goes to
# BUILD/bench/term.log.
set -u
BUILD=${1:-build}

if [ ! -x "$BUILD/rel/selfeval" ]; then
  echo "term: skipped: editor not built ($BUILD/rel/selfeval; run make first)"
  exit 0
fi

# pyte comes from Debian (python3-pyte), so it is importable by the system python; a python3
# found first on PATH (pyenv, a venv) may not see it.
py=""
for p in python3 /usr/bin/python3; do
  if command -v "$p" >/dev/null 2>&1 && "$p" -c 'import pyte' 2>/dev/null; then
    py=$p
    break
  fi
done
if [ -z "$py" ]; then
  echo "term: skipped: python3-pyte is not installed (as root: apt-get install python3-pyte)"
  exit 0
fi
if ! command -v dialog >/dev/null 2>&1; then
  echo "term: note: dialog is not installed (sh scripts/deps.sh bench); no reference start-up"
fi

mkdir -p "$BUILD/bench"
# The large draft run.sh made, when given: the editor's start-up on 2,000 rows.
large=${2:-}
exec "$py" tests/bench/term_bench.py "$BUILD" --runs "${BENCH_TERM_RUNS:-5}" \
  --log "$BUILD/bench/term.log" ${large:+--large "$large"}
