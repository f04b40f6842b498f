#!/bin/sh
# Text from a draft never reaches the terminal raw: control characters (an ESC sequence that
# would make text blink, a bell) and bidi overrides and isolates (U+202A-U+202E,
# U+2066-U+2069, which would reorder what the clerk reads) are shown as visible symbols, in the
# focused field (the line editor) and in an unfocused one alike.
. "$(dirname "$0")/lib.sh"
e2e_init control_chars
( cd "$E2E_DIR" && "$SELFEVAL_BIN" new project -o d.json >/dev/null ) || e2e_fail "new failed"
python3 - "$E2E_DIR/d.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
h = d["values"].setdefault("header", {})
h["name"] = "A\u001b[5mB\u202eCD\u2066E\u0007F"
h["department"] = "G\u202dH\u2069I\u001b]52;c;eA==\u0007J"
json.dump(d, open(sys.argv[1], "w", encoding="utf-8"), ensure_ascii=False)
PY
e2e_start 80 24 d.json
e2e_wait "Section 1/7"
check() {
    e2e_capture > "$E2E_DIR/screen.txt"
    python3 - "$E2E_DIR/screen.txt" "$1" <<'PY' || e2e_fail "$1: raw control or bidi characters on screen"
import sys
s = open(sys.argv[1], encoding="utf-8").read()
bad = [c for c in s if ord(c) < 0x20 and c != "\n" or 0x7f <= ord(c) < 0xa0
       or 0x202a <= ord(c) <= 0x202e or 0x2066 <= ord(c) <= 0x2069]
if bad:
    print("%s: %r" % (sys.argv[2], bad), file=sys.stderr)
    sys.exit(1)
# what followed the ESC is plain text, so it was not a sequence the terminal obeyed
if "[5mB" not in s or "]52;c;eA==" not in s:
    print("%s: the escape sequences were obeyed" % sys.argv[2], file=sys.stderr)
    sys.exit(1)
PY
}
e2e_wait "[5mB"
check focused
e2e_keys Tab Tab
e2e_wait_cursor 4
check unfocused
e2e_keys F10
e2e_wait_exit >/dev/null
e2e_finish
