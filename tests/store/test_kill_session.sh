#!/bin/sh
# Kills an editing session and checks that recovery gives back what it had done.
#
# Each round copies a draft (the bundled example, or seed 001's project draft) to a folder of
# its own and starts `doc_session run SEED` on it (tests/tools/doc_session.c: a seeded
# sequence of edits through store/doc.h, 0-3 ms apart, each logged "n ms" once it returned;
# one step in 50 is a save). Then `selfeval recover DRAFT --apply`, and the draft must equal
# the replay of the first K edits (`doc_session replay` and `same`: equal but for the save
# and override times), where N is the number logged:
#   - 16 rounds SIGKILL after 50-1500 ms: K = N, or N + 1 (edit N+1 journaled, killed before
#     it was logged). The issue promises less (everything but the last 2 s: K >= the edits
#     logged 2 s before the kill, printed as "bound"); every record reaches the kernel when
#     it is made, so nothing may be lost at all. A deletion killed between its records (the
#     row's override reasons, then the row) is accepted and counted as "torn": every logged
#     edit is there, and the torn edit is the one being made.
#   - 5 rounds SIGTERM and 5 rounds SIGHUP after 200-1000 ms: the session must exit 0 within
#     1 s, leaving no lock, and K = N.
#   - 2 rounds at each of three points inside a save (strace kills it there; see in_save):
#     K = N.
#   - 3 rounds SIGKILL, then `touch` of the draft (a backup tool, a copy): the journal is
#     judged by the draft's content, so K as after SIGKILL.
#   - 4 rounds SIGKILL, then a first `recover --apply` killed at its W-th write (strace;
#     W in 1-60), then the second one: K as after SIGKILL (the replay is switched in only
#     when complete, so a killed recovery never offers part of the journal as all of it).
# Prints per round: how it was stopped, N, K, the 2 s bound, the time to exit on a signal.
# Usage: sh tests/store/test_kill_session.sh BUILD_DIR
# Environment: SELFEVAL_BIN (the sanitizer build), SELFEVAL_TOOLS, SELFEVAL_FORMS; and
# KILL_ROUNDS, SIGNAL_ROUNDS (per signal), TOUCH_ROUNDS, RECOVER_ROUNDS, SAVE_ROUNDS (per
# point), KILL_JOBS (rounds run at once), KILL_SEED (the rounds' random choices, to repeat
# a run), KILL_KEEP (keep the files).
set -u
BUILD=${1:-build}
case "$BUILD" in /*) ABS=$BUILD ;; *) ABS=$PWD/$BUILD ;; esac
TOOLS=${SELFEVAL_TOOLS:-$ABS/test/tools}
BIN=${SELFEVAL_BIN:-$ABS/test/selfeval}
SELFEVAL_FORMS=${SELFEVAL_FORMS:-$PWD/forms}
export SELFEVAL_FORMS
S="$TOOLS/doc_session"
KILLS=${KILL_ROUNDS:-16}
SIGS=${SIGNAL_ROUNDS:-5}
SAVE_ROUNDS=${SAVE_ROUNDS:-2}
TOUCHES=${TOUCH_ROUNDS:-3}
RECOVERS=${RECOVER_ROUNDS:-4}
JOBS=${KILL_JOBS:-2}
SRC1="$PWD/forms/examples/submission.json"
SRC2="$PWD/tests/fixtures/seed001_project.json"
for f in "$S" "$BIN"; do
  if [ ! -x "$f" ]; then echo "test_kill_session: $f is not built"; exit 1; fi
done
for f in "$SRC1" "$SRC2"; do
  if [ ! -f "$f" ]; then
    echo "test_kill_session: $f is missing (run from the top folder)"; exit 1
  fi
done

tmp=$(mktemp -d /tmp/selfeval-killsession-XXXXXX) || exit 1
# KILL_KEEP=1 keeps the rounds' folders (drafts, journals, logs) to look at a failure.
if [ -n "${KILL_KEEP:-}" ]; then echo "test_kill_session: keeping $tmp"
else trap 'rm -rf "$tmp"' EXIT INT TERM; fi

# The rounds' choices (sources, seeds, delays) come from one generator so a run can be
# repeated with KILL_SEED; the default is a fresh one each time.
SEED0=${KILL_SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -dc 0-9)}
rstate=$SEED0
rand() { # next number in 0..$1-1 (an LCG: enough to spread delays and seeds)
  rstate=$(( (rstate * 1103515245 + 12345) % 2147483648 ))
  r=$(( (rstate / 65536) % $1 ))
}

now_ns() { date +%s%N; }

# Inside a save, by syscall: strace stops the session with SIGKILL as it enters the W-th
# call of a kind on a path, so the kill lands at an exact point of doc_save:
#   rename  the new draft about to replace the old one (the old draft and journal stand)
#   unlink  the new draft in place, the journal about to be removed (its records are all in
#           the draft now: recovery must not apply them a second time)
#   open    the journal removed, the new one about to be renamed into place
# (the W-th save). Journals are made under a temporary name and renamed to theirs, so every
# journal started is a rename too: the one made when the draft was opened is the first, and
# save W renames the draft (2W) and then its new journal (2W + 1). One step in 10 is a save
# in these rounds. Skipped when strace is not installed.
STRACE=$(command -v strace 2>/dev/null)
# strace needs ptrace, which some containers forbid
if [ -n "$STRACE" ] && ! "$STRACE" -qq -o /dev/null true 2>/dev/null; then STRACE=""; fi
in_save() { # POINT W DIR: runs the session under strace
  case "$1" in
    # (strace's -P does not look at rename's second path: count every rename)
    rename) set -- "$2" "$3" / rename,renameat,renameat2 "$(($2 * 2))" ;;
    unlink) set -- "$2" "$3" "$3/d.json.journal" unlink,unlinkat "$2" ;;
    open)   set -- "$2" "$3" / rename,renameat,renameat2 "$(($2 * 2 + 1))" ;;
  esac
  # LeakSanitizer cannot work under ptrace: a session that ends by itself would fail on it
  if [ "$3" = / ]; then set -- "$1" "$2" "" "$4" "$5"; fi
  ASAN_OPTIONS="${ASAN_OPTIONS:-}:detect_leaks=0" "$STRACE" -f -qq -o /dev/null \
    ${3:+-P "$3"} -e trace="$4" -e inject="$4:signal=SIGKILL:when=$5" \
    "$S" run "$seed" "$2/d.json" "$2/log" 600 2>"$2/err"
}

# round NUM HOW SRC SEED DELAY_MS: HOW is KILL, TERM, HUP (a signal after DELAY_MS) or
# save:POINT:W (see in_save). Writes one result line to $tmp/NUM.res:
#   "ok|FAIL|torn HOW N K OLD EXIT_MS detail"
round() {
  num=$1 sig=$2 src=$3 seed=$4 ms=$5
  d="$tmp/$num"
  mkdir -p "$d"
  cp "$src" "$d/d.json"
  if [ "${sig%%:*}" = save ]; then
    DOC_SESSION_SAVES=10
    export DOC_SESSION_SAVES
    point=${sig#save:}
    in_save "${point%%:*}" "${point#*:}" "$d"
    st=$?
    tk=$("$S" now)
    exit_ms=0
  else
    "$S" run "$seed" "$d/d.json" "$d/log" 2>"$d/err" &
    pid=$!
    ksig=$sig
    case "$sig" in TOUCH|RECOVER:*) ksig=KILL ;; esac
    # A signal is about an edit in progress: under a loaded machine (and the sanitizers) the
    # session may take longer than the delay to start, so wait for its first edit (at most
    # 10 s) before counting the delay. SIGKILL rounds do not wait: a kill before any edit is
    # a case too.
    if [ "$ksig" != KILL ]; then
      w=0
      while [ ! -s "$d/log" ] && [ "$w" -lt 200 ] && kill -0 "$pid" 2>/dev/null; do
        sleep 0.05; w=$((w + 1))
      done
    fi
    sleep "$(printf '%d.%03d' $((ms / 1000)) $((ms % 1000)))"
    tk=$("$S" now)
    t0=$(now_ns)
    kill -"$ksig" "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    st=$?
    t1=$(now_ns)
    exit_ms=$(( (t1 - t0) / 1000000 ))
  fi
  n=0
  [ -f "$d/log" ] && n=$(wc -l < "$d/log" | tr -dc 0-9)
  old=0
  [ -f "$d/log" ] && old=$(awk -v t="$tk" '$2 + 2000 < t' "$d/log" | wc -l | tr -dc 0-9)
  res() { echo "$1 $sig $n $(echo "$2" | tr ' ' '_') $old $exit_ms $3" > "$tmp/$num.res"; }
  case "$sig" in
    TERM|HUP)
      if [ "$st" -ne 0 ]; then
        res FAIL "?" "the session exited $st: $(tr '\n' ' ' < "$d/err")"; return
      fi
      if [ "$exit_ms" -ge 1000 ]; then res FAIL "?" "took ${exit_ms} ms to exit"; return; fi
      if [ "$n" -eq 0 ]; then res FAIL "?" "no edit was made before the signal"; return; fi
      if [ -e "$d/d.json.lock" ]; then res FAIL "?" "the edit lock was left behind"; return; fi ;;
    save:*)
      if [ "$st" -ne 137 ]; then
        res FAIL "?" "the kill point was not reached (exit $st)"; return
      fi ;;
    # the draft's time changed after the crash (touch, a backup or sync tool): the journal
    # is judged by the draft's content and must still be offered
    TOUCH) touch -d '2001-02-03 04:05:06' "$d/d.json" ;;
    # a first `recover --apply` killed at its W-th write (the new journal being replayed,
    # the switch, the save), then the second one below must still recover everything
    RECOVER:*)
      w=${sig#RECOVER:}
      if [ -n "$STRACE" ]; then
        ASAN_OPTIONS="${ASAN_OPTIONS:-}:detect_leaks=0" "$STRACE" -f -qq -o /dev/null \
          -e trace=write -e inject="write:signal=SIGKILL:when=$w" \
          "$BIN" recover "$d/d.json" --apply > "$d/recover1.out" 2>&1
      else
        "$BIN" recover "$d/d.json" --apply > "$d/recover1.out" 2>&1 &
        rp=$!
        sleep "0.0$w"; kill -KILL "$rp" 2>/dev/null; wait "$rp" 2>/dev/null
      fi ;;
  esac
  if ! "$BIN" recover "$d/d.json" --apply > "$d/recover.out" 2>&1; then
    res FAIL "?" "recover failed: $(tr '\n' ' ' < "$d/recover.out")"; return
  fi
  if "$S" replay "$seed" "$n" "$src" "$d/want.json" 2>"$d/replay.err" &&
     "$S" same "$d/d.json" "$d/want.json" 2>"$d/same.err"; then
    res ok "$n" "seed $seed src $(basename "$src")"; return
  fi
  # Not N: which state is it? (N+1 is fine after SIGKILL; anything else is a loss.)
  # From N first: an earlier state can equal a later one (a reason set by edit N, removed
  # by the first record of edit N+1 deleting its row, is state N-1 again, and is "N torn").
  # Searched from 0 only when it is none of those, to say how much was lost.
  k=$("$S" find "$seed" "$src" "$d/d.json" "$n" $((n + 1)) 2>"$d/find.err")
  case "$k" in
    "$n torn "*|"$((n + 1))") ;;
    *) k=$("$S" find "$seed" "$src" "$d/d.json" 0 $((n + 1)) 2>"$d/find.err") ;;
  esac
  vsig=$sig
  case "$sig" in TOUCH|RECOVER:*) vsig=KILL ;; esac
  case "$vsig $k" in
    "KILL $((n + 1))") res ok "$k" "seed $seed src $(basename "$src")" ;;
    "KILL $n torn "*) res torn "$k" "seed $seed src $(basename "$src")" ;;
    *) why=$(cat "$d/recover.out" "$d/replay.err" "$d/same.err" "$d/find.err" |
             head -c 400 | tr '\n' ' ')
       res FAIL "${k:-?}" "seed $seed src $(basename "$src") delay ${ms} ms: $why" ;;
  esac
}

start=$(now_ns)
i=0; running=0
saves=""
if [ -n "$STRACE" ] && [ "$SAVE_ROUNDS" -gt 0 ]; then
  for p in rename unlink open; do
    j=0
    while [ "$j" -lt "$SAVE_ROUNDS" ]; do j=$((j + 1)); saves="$saves $p"; done
  done
elif [ "$SAVE_ROUNDS" -gt 0 ]; then
  echo "test_kill_session: strace is not installed or cannot trace: no kills inside a save"
fi
nsave=$(echo "$saves" | wc -w)
total=$((KILLS + 2 * SIGS + TOUCHES + RECOVERS + nsave))
while [ "$i" -lt "$total" ]; do
  i=$((i + 1))
  if [ "$i" -le "$KILLS" ]; then sig=KILL; rand 1451; ms=$((r + 50))
  elif [ "$i" -le $((KILLS + SIGS)) ]; then sig=TERM; rand 801; ms=$((r + 200))
  elif [ "$i" -le $((KILLS + 2 * SIGS)) ]; then sig=HUP; rand 801; ms=$((r + 200))
  elif [ "$i" -le $((KILLS + 2 * SIGS + TOUCHES)) ]; then sig=TOUCH; rand 1001; ms=$((r + 200))
  elif [ "$i" -le $((KILLS + 2 * SIGS + TOUCHES + RECOVERS)) ]; then
    rand 1001; ms=$((r + 200)); rand 60; sig="RECOVER:$((r + 1))"
  else
    # shellcheck disable=SC2086 # the list of points, split on purpose
    set -- $saves; shift $((i - KILLS - 2 * SIGS - TOUCHES - RECOVERS - 1))
    rand 3; sig="save:$1:$((r + 1))"; ms=0
  fi
  rand 2; if [ "$r" -eq 0 ]; then src=$SRC1; else src=$SRC2; fi
  rand 32768; seed=$r; rand 32768; seed=$((seed * 32768 + r))
  round "$i" "$sig" "$src" "$seed" "$ms" &
  running=$((running + 1))
  if [ "$running" -ge "$JOBS" ]; then wait; running=0; fi
done
wait
elapsed=$(( ($(now_ns) - start) / 1000000 ))

failed=0; torn=0; lost=0; edits=0; maxexit=0; early=0; failures=""
i=0
while [ "$i" -lt "$total" ]; do
  i=$((i + 1))
  if [ ! -f "$tmp/$i.res" ]; then
    echo "round $i: no result"; failed=$((failed + 1)); failures="$failures
round $i: no result"; continue
  fi
  read -r verdict sig n k old exit_ms detail < "$tmp/$i.res"
  line=$(printf 'round %2d: %-13s logged %4s recovered %4s (bound %s) exit %4s ms  %s %s' \
    "$i" "$sig" "$n" "$k" "$old" "$exit_ms" "$verdict" "$detail")
  echo "$line"
  case "$verdict" in
    ok) ;;
    torn) torn=$((torn + 1)) ;;
    *) failed=$((failed + 1)); failures="$failures
$line" ;;
  esac
  case "$k" in
    *[!0-9]*|'') ;;
    *) [ "$k" -lt "$n" ] && lost=$((lost + n - k)); edits=$((edits + n)) ;;
  esac
  case "$sig" in TERM|HUP) [ "$exit_ms" -gt "$maxexit" ] && maxexit=$exit_ms ;; esac
  [ "$n" = 0 ] && early=$((early + 1))
done
# the failed rounds again, last: a log cut to its end still says why
[ -n "$failures" ] && echo "failed rounds:$failures"
echo "session kill test (KILL_SEED=$SEED0): $total rounds ($KILLS SIGKILL, $SIGS SIGTERM," \
     "$SIGS SIGHUP, $TOUCHES SIGKILL then touch, $RECOVERS SIGKILL then a recover killed," \
     "$nsave inside a save), $failed failed, $early before the first edit," \
     "$edits edits logged, $lost lost, $torn torn deletions," \
     "slowest exit on a signal $maxexit ms, $elapsed ms in all"
# A test whose sessions never got to edit proves nothing.
if [ "$early" -gt $(( (total + 3) / 4 )) ]; then
  echo "session kill test: too many rounds ended before the first edit"
  exit 1
fi
[ "$failed" -eq 0 ]
