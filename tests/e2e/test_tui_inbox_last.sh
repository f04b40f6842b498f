#!/bin/sh
# The inbox screen with last year's draft kept outside the folder and named with --last
# (`selfeval review --last LAST DIR`): the red flags column (F) counts a target below last
# year's actual as `check --last LAST DIR` does, more than without it; the title names last
# year's draft, which is not a line of its own; a submission opened from the inbox lists the
# same findings as check --last (the folder's red flags on their fields); a last year's draft
# that cannot be read stops the command before the screen starts, naming it (exit 2).
. "$(dirname "$0")/lib.sh"
e2e_init inbox_last
FIX=$(cd "$(dirname "$0")/../fixtures" && pwd)
P=$FIX/seed001_project.json
mkdir -p "$E2E_DIR/now" "$E2E_DIR/last"
jq '.meta.unit = "益阳市商务局" | .meta.year = "2025" | .values.header.department = "益阳市商务局" | .values.header.year = "2025" | .meta.status = "approved"' "$P" \
    >"$E2E_DIR/last/a2025.json"
jq '.meta.unit = "益阳市商务局" | .meta.year = "2026" | .values.header.department = "益阳市商务局" | .values.header.year = "2026" | .meta.status = "submitted"' "$P" \
    >"$E2E_DIR/now/c2026.json"
jq '.meta.unit = "长沙市教育局" | .meta.year = "2026" | .values.header.department = "长沙市教育局" | .values.header.year = "2026" | .meta.status = "submitted"' "$P" \
    >"$E2E_DIR/now/d2026.json"

count_of() { python3 -c 'import json, sys
d = [d for d in json.load(sys.stdin)["drafts"] if d["file"].endswith(sys.argv[1])][0]
print(len(d["findings"]))' "$1"; }
flags_of() { python3 -c 'import json, sys
d = [d for d in json.load(sys.stdin)["drafts"] if d["file"].endswith(sys.argv[1])][0]
print(sum(f["code"].startswith("review.") for f in d["findings"]))' "$1"; }
expect=$(cd "$E2E_DIR" && "$SELFEVAL_BIN" check --json --last last/a2025.json now | flags_of c2026.json)
bare=$(cd "$E2E_DIR" && "$SELFEVAL_BIN" check --json now | flags_of c2026.json)
all=$(cd "$E2E_DIR" && "$SELFEVAL_BIN" check --json --last last/a2025.json now | count_of c2026.json)
[ "$expect" -gt "$bare" ] || e2e_fail "check --last finds no target below last year's ($expect, without $bare)"

E2E_LANG=C.UTF-8
e2e_start 80 24 review --last last/a2025.json now
e2e_wait "2 submissions"
# the title says what the flags compare with
e2e_wait_line "^Inbox now" "last year: last/a2025.json"
e2e_wait_line "长沙市教育局" "submitted"
# the folder's flags are added once the folder is compared: wait for check's count
end=$(( $(date +%s) + E2E_TIMEOUT ))
while :; do
    got=$(e2e_capture | grep -F "益阳市商务局" | awk '{print $(NF-1)}')
    [ "$got" = "$expect" ] && break
    [ "$(date +%s)" -ge "$end" ] && e2e_fail "F of c2026.json shows '$got', check --last counts $expect (without --last: $bare)"
    sleep 0.1
done
e2e_capture | sed 1d | grep -q "a2025" && e2e_fail "last year's draft is a line of the inbox"
# opened from the inbox (the first line: c2026), its findings are check --last's, the target
# below last year's actual among them, on its field
e2e_wait_line "^>" "益阳市商务局"
e2e_keys Enter
e2e_wait "c2026.json"
e2e_wait "Section 1/"
e2e_keys F3
e2e_wait "Findings ($all)"
e2e_capture | grep -qF "below last year's actual" ||
    e2e_fail "no finding says the target is below last year's actual"
e2e_keys Escape
e2e_wait "Section 1/"
e2e_keys M-i
e2e_wait "2 submissions"
e2e_keys F10
st=$(e2e_wait_exit)
[ "$st" = 0 ] || e2e_fail "leaving the inbox: exit $st"

# a last year's draft that cannot be read: said before the screen, exit 2
e2e_start 80 24 review --last last/none.json now
st=$(e2e_wait_exit)
[ "$st" = 2 ] || e2e_fail "an unreadable --last: exit $st, expected 2"
e2e_wait "last/none.json"
e2e_finish
