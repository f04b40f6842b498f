#!/bin/sh
# `selfeval recover`: a journal left by an interrupted session (written here record by record
# in the journal's format, "J1 <crc32> <length> <payload>", as the editor writes it), then each
# choice: no choice (describe, exit 1), --keep-both, --discard, --apply. Checked through the
# files on disk and `check --json`, never through the program's own account of itself.
# Usage: sh tests/cli/test_cli_recover.sh BUILD_DIR   (env SELFEVAL_BIN, SELFEVAL_FORMS)
set -u
BUILD=${1:-build}
. "$PWD/tests/cli/lib.sh"
cli_program test_cli_recover
tmp=$(mktemp -d /tmp/selfeval-cli-XXXXXX) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

fail() { failed=$((failed + 1)); echo "FAIL $1"; sed 's/^/     /' "$tmp/err" "$tmp/out" 2>/dev/null | head -6; }
# journal DRAFT [SAVED]: two changes to seed 001, as the editor journals them; with SAVED,
# then the record a save writes before it puts the new file in place, naming the SHA-256 of
# the draft's bytes with SAVED appended (as if that save had been stopped before it could
# remove the journal)
journal() {
  python3 - "$1" "${2:-}" <<'EOF'
import hashlib, json, os, sys, zlib
draft = sys.argv[1]
st = os.stat(draft)
data = open(draft, "rb").read()
recs = [{"j": "selfeval-journal/1", "draft": draft, "draft_sha256": hashlib.sha256(data).hexdigest()},
        {"op": "set", "path": "funds.low_exec_reason", "text": "项目资金拨付滞后"},
        {"op": "set", "path": "signoff.filler", "text": "贺家悦"}]
if sys.argv[2]:
    recs.append({"saved": hashlib.sha256(data + sys.argv[2].encode()).hexdigest()})
with open(draft + ".journal", "wb") as f:
    for r in recs:
        p = json.dumps(r, ensure_ascii=False, separators=(",", ":")).encode()
        f.write(b"J1 %08x %d " % (zlib.crc32(p), len(p)) + p + b"\n")
EOF
}
# value DRAFT PATH: the displayed value of PATH by `check --json`
value() {
  "$BIN" check --json "$1" 2>/dev/null | python3 -c '
import json, sys
print(json.load(sys.stdin)["drafts"][0]["values"].get(sys.argv[1], "?"))' "$2"
}

d="$tmp/r.json"
cp tests/fixtures/seed001_project.json "$d"
journal "$d"
t "no choice: describes the journal" 1 recover "$d"
has "$tmp/out" "2 unsaved changes" "no choice: counts the two changes"
has "$tmp/out" "--apply" "no choice: offers --apply"
has "$tmp/out" "--keep-both" "no choice: offers --keep-both"
t "check names the waiting journal" 0 check "$d"
has "$tmp/err" "recover" "check: points to recover"
cmp -s "$d" tests/fixtures/seed001_project.json && ok "no choice: the draft is unchanged" \
  || fail "no choice: the draft is unchanged"

t "--keep-both" 0 recover "$d" --keep-both
kept=$(ls "$tmp"/r.recovered-*.json 2>/dev/null | head -1)
[ -n "$kept" ] && ok "--keep-both: a recovered copy is written" || fail "--keep-both: a recovered copy is written"
cmp -s "$d" tests/fixtures/seed001_project.json && ok "--keep-both: the draft is unchanged" \
  || fail "--keep-both: the draft is unchanged"
if [ -n "$kept" ]; then
  [ "$(value "$kept" funds.low_exec_reason)" = "项目资金拨付滞后" ] && ok "--keep-both: the copy has the change" \
    || fail "--keep-both: the copy has the change"
fi
[ ! -e "$d.journal" ] && ok "--keep-both: the journal is set aside" || fail "--keep-both: the journal is set aside"
t "after --keep-both: nothing to recover" 0 recover "$d"

journal "$d"
t "--discard" 0 recover "$d" --discard
[ ! -e "$d.journal" ] && ok "--discard: the journal is set aside" || fail "--discard: the journal is set aside"
ls "$d".journal.discarded-* >/dev/null 2>&1 && ok "--discard: the journal is kept as a file" \
  || fail "--discard: the journal is kept as a file"
[ "$(value "$d" funds.low_exec_reason)" = "" ] && ok "--discard: the draft is as saved" \
  || fail "--discard: the draft is as saved"

journal "$d"
t "--apply" 0 recover "$d" --apply
has "$tmp/out" "2 changes" "--apply: reports two changes"
[ "$(value "$d" funds.low_exec_reason)" = "项目资金拨付滞后" ] && ok "--apply: the draft has the change" \
  || fail "--apply: the draft has the change"
[ "$(value "$d" signoff.filler)" = "贺家悦" ] && ok "--apply: and the second change" \
  || fail "--apply: and the second change"
[ -e "$d~" ] && ok "--apply: the previous version is kept as DRAFT~" || fail "--apply: the previous version is kept as DRAFT~"
"$BIN" check --json "$d" 2>/dev/null | python3 -c '
import json, sys
d = json.load(sys.stdin)["drafts"][0]
sys.exit(any(f["code"] == "funds.low_execution_reason" for f in d["findings"]))' \
  && ok "--apply: the low-execution warning is gone" || fail "--apply: the low-execution warning is gone"
t "after --apply: nothing to recover" 0 recover "$d"
[ ! -e "$d.lock" ] && ok "recover leaves no lock behind" || fail "recover leaves no lock behind"

# A draft changed by other means after the journal began: offered, with a warning. A save
# stopped after replacing the draft but before removing the journal: the journal's changes
# are already in the draft (its "saved" record names the draft's bytes). Recovery must not
# apply them a second time.
journal "$d"
printf ' ' >> "$d"          # the draft changed by other means after the journal began
t "changed draft: offered" 1 recover "$d"
has "$tmp/out" "changed since" "changed draft: warns that some changes may be in it"
t "changed draft: --discard" 0 recover "$d" --discard
journal "$d" ' '
printf ' ' >> "$d"          # what the stopped save wrote
t "stale journal: described, not offered" 0 recover "$d"
has "$tmp/out" "already in the draft" "stale journal: says its changes are in the draft"
t "stale journal: --apply applies nothing" 0 recover "$d" --apply
has "$tmp/out" "set aside" "stale journal: set aside"
ls "$d".journal.stale-* >/dev/null 2>&1 && ok "stale journal: kept as a file" \
  || fail "stale journal: kept as a file"

# A draft that was never saved: the journal names its form, so it can be recovered.
n="$tmp/never.json"
python3 - "$n" <<'EOF2'
import json, sys, zlib
draft = sys.argv[1]
recs = [{"j": "selfeval-journal/1", "draft": draft, "form": "project", "form_version": "2025.1",
         "size": 0, "mtime_ns": 0},
        {"op": "set", "path": "header.name", "text": "从未保存的项目"}]
with open(draft + ".journal", "wb") as f:
    for r in recs:
        p = json.dumps(r, ensure_ascii=False, separators=(",", ":")).encode()
        f.write(b"J1 %08x %d " % (zlib.crc32(p), len(p)) + p + b"\n")
EOF2
t "never-saved draft: described" 1 recover "$n"
has "$tmp/out" "1 unsaved change" "never-saved draft: counts the change"
t "never-saved draft: --apply" 0 recover "$n" --apply
[ "$(value "$n" header.name)" = "从未保存的项目" ] && ok "never-saved draft: written with the change" \
  || fail "never-saved draft: written with the change"

# A live session: its lock names a running process on this host (this shell). Its journal is
# not left over by an interrupted session, and recover must not say so.
l="$tmp/live.json"
cp tests/fixtures/seed001_project.json "$l"
journal "$l"
printf 'selfeval-lock 1\nuser=贺家悦\nhost=%s\npid=%d\nsince=%d\n' "$(hostname)" $$ "$(date +%s)" > "$l.lock"
chmod 600 "$l.lock"
t "live session: nothing to recover" 0 recover "$l"
has "$tmp/out" "being edited" "live session: says it is being edited"
if grep -q "interrupted" "$tmp/out"; then fail "live session: not called interrupted"
else ok "live session: not called interrupted"; fi

cli_done test_cli_recover
