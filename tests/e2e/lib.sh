# Helpers for the end-to-end tests: the real program in a private tmux server.
# Source it, then: e2e_init NAME; e2e_start COLS ROWS ARGS...; e2e_keys ...; e2e_wait TEXT.
# Every wait polls the screen with a timeout (never a fixed long sleep); on failure the screen
# is printed so the log shows what the program showed.
#
# Environment: SELFEVAL_BIN (the program, the sanitizer build under `make check`),
# SELFEVAL_FORMS (the forms folder). ASan reports go to files that e2e_finish checks.

E2E_TIMEOUT=${E2E_TIMEOUT:-10}

e2e_init() {
    E2E_NAME=$1
    : "${SELFEVAL_BIN:?SELFEVAL_BIN must name the program}"
    : "${SELFEVAL_FORMS:?SELFEVAL_FORMS must name the forms folder}"
    case $SELFEVAL_BIN in /*) ;; *) SELFEVAL_BIN=$PWD/$SELFEVAL_BIN ;; esac
    case $SELFEVAL_FORMS in /*) ;; *) SELFEVAL_FORMS=$PWD/$SELFEVAL_FORMS ;; esac
    if ! command -v tmux >/dev/null 2>&1; then
        echo "$E2E_NAME: tmux is not installed (scripts/deps.sh check installs it)" >&2
        exit 1
    fi
    E2E_DIR=$(mktemp -d "${TMPDIR:-/tmp}/selfeval-e2e.XXXXXX")
    E2E_SOCK=$E2E_DIR/tmux.sock
    E2E_WIN=0
    trap e2e_cleanup EXIT INT TERM
}

e2e_cleanup() {
    tmux -S "$E2E_SOCK" kill-server >/dev/null 2>&1
    if [ -n "${E2E_KEEP:-}" ]; then
        echo "kept $E2E_DIR" >&2
    else
        rm -rf "$E2E_DIR"
    fi
}

e2e_fail() {
    echo "FAIL $E2E_NAME: $*" >&2
    echo "---- screen (${E2E_TARGET:-}) ----" >&2
    e2e_capture >&2 2>/dev/null
    echo "----" >&2
    for f in "$E2E_DIR"/asan.*; do [ -f "$f" ] && cat "$f" >&2; done
    exit 1
}

# e2e_start COLS ROWS [ARGS...]: runs the program in a new tmux window of that size, in
# $E2E_DIR, with the environment a clerk would have (UTF-8 locale, TERM of tmux).
# Sets E2E_TARGET. Extra environment: E2E_ENV="NAME=value ...", E2E_LANG (C.UTF-8).
e2e_start() {
    cols=$1; rows=$2; shift 2
    E2E_RUNS=$(( ${E2E_RUNS:-0} + 1 ))
    run=$E2E_DIR/run.$E2E_RUNS.sh
    {
        echo "cd '$E2E_DIR' || exit 1"
        echo "export LANG='${E2E_LANG:-C.UTF-8}' LC_ALL='${E2E_LANG:-C.UTF-8}' TERM=tmux-256color"
        echo "export SELFEVAL_FORMS='$SELFEVAL_FORMS'"
        echo "export ASAN_OPTIONS='detect_leaks=1:abort_on_error=0:log_path=$E2E_DIR/asan'"
        echo "export UBSAN_OPTIONS='print_stacktrace=1:halt_on_error=1:log_path=$E2E_DIR/asan'"
        [ -n "${E2E_ENV:-}" ] && echo "export $E2E_ENV"
        printf "'%s'" "$SELFEVAL_BIN"
        for a in "$@"; do printf " '%s'" "$a"; done
        echo
        # the pane stays after the program ends, so its exit status can be read
        echo 'echo "[exit $?]"'
        echo 'exec sleep 600'
    } > "$run"
    if ! tmux -S "$E2E_SOCK" has-session 2>/dev/null; then
        tmux -S "$E2E_SOCK" -f /dev/null new-session -d -s e2e -x "$cols" -y "$rows" "sh $run" ||
            e2e_fail "tmux new-session failed"
        tmux -S "$E2E_SOCK" set-option -g status off >/dev/null
        tmux -S "$E2E_SOCK" set-option -g escape-time 0 >/dev/null
        E2E_TARGET=e2e:0
        E2E_WIN=0
    else
        E2E_WIN=$((E2E_WIN + 1))
        tmux -S "$E2E_SOCK" new-window -d -t "e2e:$E2E_WIN" "sh $run" ||
            e2e_fail "tmux new-window failed"
        E2E_TARGET=e2e:$E2E_WIN
        tmux -S "$E2E_SOCK" resize-window -t "$E2E_TARGET" -x "$cols" -y "$rows" 2>/dev/null
    fi
}

# e2e_target WINDOW: the window later commands talk to.
e2e_target() { E2E_TARGET=e2e:$1; }

e2e_capture() { tmux -S "$E2E_SOCK" capture-pane -p -t "$E2E_TARGET"; }

# e2e_keys KEY...: tmux key names (Enter, Tab, F5, C-s, …) or literal text with -l.
e2e_keys() { tmux -S "$E2E_SOCK" send-keys -t "$E2E_TARGET" "$@"; }
# e2e_type TEXT: literal text (Chinese included), as an input method commits it.
e2e_type() { tmux -S "$E2E_SOCK" send-keys -t "$E2E_TARGET" -l "$1"; }

# e2e_wait TEXT [SECONDS]: until TEXT (fixed string) is on screen.
e2e_wait() {
    want=$1; limit=${2:-$E2E_TIMEOUT}
    end=$(( $(date +%s) + limit ))
    while :; do
        if e2e_capture 2>/dev/null | grep -qF -- "$want"; then return 0; fi
        [ "$(date +%s)" -ge "$end" ] && e2e_fail "'$want' did not appear within ${limit}s"
        sleep 0.05
    done
}

# e2e_wait_gone TEXT [SECONDS]: until TEXT is no longer on screen.
e2e_wait_gone() {
    want=$1; limit=${2:-$E2E_TIMEOUT}
    end=$(( $(date +%s) + limit ))
    while :; do
        if ! e2e_capture 2>/dev/null | grep -qF -- "$want"; then return 0; fi
        [ "$(date +%s)" -ge "$end" ] && e2e_fail "'$want' still on screen after ${limit}s"
        sleep 0.05
    done
}

# e2e_line_has PATTERN TEXT: some screen line matching PATTERN (grep -E) also contains TEXT.
e2e_line_has() {
    e2e_capture | grep -E -- "$1" | grep -qF -- "$2"
}

# e2e_wait_line PATTERN TEXT [SECONDS]: until e2e_line_has.
e2e_wait_line() {
    limit=${3:-$E2E_TIMEOUT}
    end=$(( $(date +%s) + limit ))
    while :; do
        e2e_line_has "$1" "$2" && return 0
        [ "$(date +%s)" -ge "$end" ] && e2e_fail "no line matching '$1' with '$2' within ${limit}s"
        sleep 0.05
    done
}

# e2e_wait_exit [SECONDS]: until the program ended; prints its exit status.
e2e_wait_exit() {
    limit=${1:-$E2E_TIMEOUT}
    end=$(( $(date +%s) + limit ))
    while :; do
        st=$(e2e_capture 2>/dev/null | sed -n 's/.*\[exit \([0-9]*\)\].*/\1/p' | tail -1)
        if [ -n "$st" ]; then echo "$st"; return 0; fi
        [ "$(date +%s)" -ge "$end" ] && e2e_fail "the program did not end within ${limit}s"
        sleep 0.05
    done
}

# e2e_pid: the program's process id in the current window.
e2e_pid() {
    shpid=$(tmux -S "$E2E_SOCK" display-message -p -t "$E2E_TARGET" '#{pane_pid}')
    # the pane runs sh run.N.sh: the program is the shell's child
    pgrep -P "$shpid" | head -1
}

# e2e_resize COLS ROWS
e2e_resize() {
    tmux -S "$E2E_SOCK" resize-window -t "$E2E_TARGET" -x "$1" -y "$2" ||
        e2e_fail "resize to $1x$2 failed"
}

# e2e_click X Y: a left click on the cell at column X, line Y (from 0), as the terminal reports
# it. tmux cannot make a click up out of nothing (send-keys -M only replays the mouse event of a
# key binding, and no client is attached), so this writes the report itself into the program's
# input: the X10 form ESC [ M b x y (each byte 32 + value, x and y from 1) that ncurses expects
# from TERM=tmux-256color (kmous=\E[M), press then release. The bytes go in one write (a tmux
# buffer pasted without bracketing): sent key by key, a loaded machine can split the report
# and ncurses drops a report it cannot read whole.
e2e_click() {
    [ "$1" -lt 222 ] && [ "$2" -lt 222 ] || e2e_fail "e2e_click: $1,$2 is beyond the X10 mouse range"
    cx=$(printf '%03o' $(( 33 + $1 ))); cy=$(printf '%03o' $(( 33 + $2 )))
    # shellcheck disable=SC2059
    printf "\033[M \\$cx\\$cy\033[M#\\$cx\\$cy" > "$E2E_DIR/click"
    tmux -S "$E2E_SOCK" load-buffer -b click "$E2E_DIR/click" || e2e_fail "load-buffer failed"
    tmux -S "$E2E_SOCK" paste-buffer -d -r -b click -t "$E2E_TARGET" || e2e_fail "paste failed"
}

# e2e_wait_cursor Y [X]: until the terminal's cursor is on line Y (and column X).
e2e_wait_cursor() {
    end=$(( $(date +%s) + E2E_TIMEOUT ))
    while :; do
        at=$(tmux -S "$E2E_SOCK" display-message -p -t "$E2E_TARGET" '#{cursor_x} #{cursor_y}')
        # shellcheck disable=SC2254
        case "$at" in ${2:-*}" $1") return 0 ;; esac
        [ "$(date +%s)" -ge "$end" ] && e2e_fail "the cursor is at $at, not at ${2:-any column} $1"
        sleep 0.05
    done
}

# e2e_paste FILE: pastes a file's bytes as a bracketed paste (the way a terminal pastes).
e2e_paste() {
    tmux -S "$E2E_SOCK" load-buffer -b e2e "$1" || e2e_fail "load-buffer failed"
    tmux -S "$E2E_SOCK" paste-buffer -p -r -b e2e -t "$E2E_TARGET" || e2e_fail "paste failed"
}

# e2e_finish: no sanitizer report was written; the test passed.
e2e_finish() {
    for f in "$E2E_DIR"/asan.*; do
        [ -f "$f" ] && e2e_fail "sanitizer report $f"
    done
    echo "ok $E2E_NAME"
}

# e2e_json FILE EXPR: prints a value of a JSON file with python3 (EXPR uses d, the parsed file).
e2e_json() {
    python3 -c "import json,sys; d=json.load(open(sys.argv[1], encoding='utf-8')); print($2)" "$1"
}

# e2e_gone_soon WHAT: the editor let go of DRAFT's lock (it exited) after WHAT, within 10 s.
# What this guards is an editor that stays (waits for a terminal that is gone, or spins on its
# failed reads) holding the lock; the exit itself is two fsyncs and an unlink, milliseconds on an
# idle disk, but a loaded CI disk once took over 1 s over them: the deadline is not the measure
# of the program. The time taken is printed, to be seen in the log.
e2e_gone_soon() {
    i=0
    while [ -f "$E2E_DIR/$E2E_DRAFT.lock" ]; do
        i=$((i + 1))
        [ $i -gt 200 ] && e2e_fail "still running (lock held) 10 s after $1"
        sleep 0.05
    done
    echo "  lock released about $((i * 50)) ms after $1"
}

# e2e_signal_keeps_work SIG NAME: sends SIG to the editor editing $E2E_DRAFT, which must exit
# soon (e2e_gone_soon) with a non-zero status, leave its journal, and leave the saved draft as it was
# (header.name still NAME: the unsaved edits live only in the journal).
e2e_signal_keeps_work() {
    pid=$(e2e_pid)
    [ -n "$pid" ] || e2e_fail "no process"
    kill -"$1" "$pid"
    e2e_gone_soon "SIG$1"
    st=$(e2e_wait_exit)
    [ "$st" = 0 ] && e2e_fail "exit status 0 after SIG$1"
    [ -s "$E2E_DIR/$E2E_DRAFT.journal" ] || e2e_fail "no journal after SIG$1"
    name=$(e2e_json "$E2E_DIR/$E2E_DRAFT" "d['values']['header']['name']")
    [ "$name" = "$2" ] || e2e_fail "the draft itself changed: $name"
}

# e2e_example_row4 DRAFT: a copy of the bundled example opened as DRAFT at 80x24 (Chinese), the
# focus on row 4's 偏差原因分析及改进措施 in its indicator table, reached from the findings list
# (F3, the warning on that cell, Enter): the table tests start there
e2e_example_row4() {
    cp "$SELFEVAL_FORMS/examples/submission.json" "$E2E_DIR/$1"
    e2e_start 80 24 "$1"
    e2e_wait "总览"
    e2e_keys F3
    e2e_wait "问题列表"
    e2e_keys Down Down Down Down Down Down Down
    e2e_wait_line "^第 21/30 节" "行 4 · 偏差原因分析"
    e2e_keys Enter
    e2e_wait "第 21/30 节"
    e2e_wait_line "^ +#" "偏差原因分析及改进措施"
}
