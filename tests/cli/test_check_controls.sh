#!/bin/sh
# Text from a draft never acts on the reader's terminal: `selfeval check` shows control
# characters (C0, DEL, C1) and bidi overrides of a draft's values, labels, reasons and of the
# file name as escapes (\x1b, \u009b, \u202e); `check --json` escapes them as JSON does and a
# JSON parser gets the text back unchanged.
# Usage: sh tests/cli/test_check_controls.sh BUILD_DIR   (env SELFEVAL_BIN, SELFEVAL_FORMS)
set -u
BUILD=${1:-build}
BIN=${SELFEVAL_BIN:-$PWD/$BUILD/test/selfeval}
SELFEVAL_FORMS=${SELFEVAL_FORMS:-$PWD/forms}
export SELFEVAL_FORMS
if [ ! -x "$BIN" ]; then
  echo "test_check_controls: $BIN is not built"
  exit 1
fi
tmp=$(mktemp -d /tmp/selfeval-cli-XXXXXX) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

# A project draft whose name and first indicator (shown as the name of that row's score) carry
# an OSC 52 clipboard write, blinking, a C1 CSI, DEL and a right-to-left override; a second
# row's name and an override reason carry more. The file name itself has an ESC.
python3 - tests/fixtures/seed001_project.json "$tmp" <<'PY'
import json, sys
src, tmp = sys.argv[1:3]
d = json.load(open(src, encoding="utf-8"))
evil = "开放型\x1b]52;c;SGVsbG8=\x07经济\x1b[5m发展\u009b31m资金\x7f\u202egnp.exe\u2066"
d["values"]["header"]["name"] = evil
row = d["values"]["indicators"][0]
row["level3"] = evil
d["values"]["indicators"][1]["level3"] = "营业额\x1b[2J增长"
row["score"] = "1"
d["overrides"] = {"indicators.%s.score" % row["_id"]: {"reason": "理由\x1b[31m红\u202e"}}
open(tmp + "/evil.txt", "w", encoding="utf-8").write(evil)
json.dump(d, open(tmp + "/p\x1bx.json", "w", encoding="utf-8"), ensure_ascii=False, indent=2)
PY
f="$tmp/$(printf 'p\033x.json')"
"$BIN" check --english "$f" >"$tmp/text.out" 2>"$tmp/text.err"
"$BIN" check --json "$f" >"$tmp/json.out" 2>"$tmp/json.err"
LANG=zh_CN.UTF-8 LC_ALL= LC_MESSAGES= "$BIN" check "$f" >"$tmp/zh.out" 2>"$tmp/zh.err"
"$BIN" check "$tmp/missing$(printf '\033')[31m.json" >"$tmp/miss.out" 2>"$tmp/miss.err"

# recover names who holds the lock: a lock planted with an escape sequence in its user=, held
# by a living process (this one's sleep), is described with the escape made visible.
cp tests/fixtures/seed001_project.json "$tmp/locked.json"
sleep 30 &
holder=$!
python3 - "$tmp/locked.json.lock" "$holder" <<'PY'
import sys, time
path, pid = sys.argv[1], int(sys.argv[2])
start = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[19]
boot = open("/proc/sys/kernel/random/boot_id").read().strip()
open(path, "w").write(f"selfeval-lock 1\nuser=\x1b]52;c;SGk=\x07evil\u202e\nhost=pc\npid={pid}\n"
                      f"since={int(time.time())}\nstart={start}\nboot={boot}\ntoken=0123456789abcdef\n")
PY
"$BIN" recover --apply "$tmp/locked.json" >"$tmp/recover.out" 2>"$tmp/recover.err"
kill "$holder" 2>/dev/null

python3 - "$tmp" <<'PY'
import json, sys
tmp = sys.argv[1]
passed = failed = 0
def check(cond, what):
    global passed, failed
    if cond:
        passed += 1; print("ok   " + what)
    else:
        failed += 1; print("FAIL " + what)
RAW = [b"\x1b", b"\x07", b"\x7f", "\u009b".encode(), "\u202e".encode(), "\u2066".encode()]
for name in ("text.out", "zh.out", "text.err", "miss.err", "json.out", "recover.out", "recover.err"):
    data = open(f"{tmp}/{name}", "rb").read()
    bad = [r for r in RAW if r in data]
    check(not bad, f"{name}: no raw control or bidi character ({bad})")
text = open(f"{tmp}/text.out", encoding="utf-8").read()
for shown in ("\\x1b]52;c;SGVsbG8=\\x07", "\\x1b[5m", "\\u009b31m", "\\x7f", "\\u202egnp.exe\\u2066",
              "营业额\\x1b[2J增长", "理由\\x1b[31m红\\u202e", "p\\x1bx.json"):
    check(shown in text, f"text shows {shown!r}")
zh = open(f"{tmp}/zh.out", encoding="utf-8").read()
check("理由\\x1b[31m红\\u202e" in zh, "Chinese text shows the reason's escapes")
check("missing\\x1b[31m.json" in open(f"{tmp}/miss.err", encoding="utf-8").read(),
      "a missing file's name is shown with its escapes on stderr")
check("\\x1b]52;c;SGk=\\x07evil\\u202e" in open(f"{tmp}/recover.err", encoding="utf-8").read(),
      "recover shows the lock's user with its escapes")
evil = open(f"{tmp}/evil.txt", encoding="utf-8").read()
doc = json.load(open(f"{tmp}/json.out", encoding="utf-8"))
dr = doc["drafts"][0]
check(dr["values"]["header.name"] == evil, "JSON gives the name back unchanged")
check(dr["values"]["indicators[1].level3"] == evil, "JSON gives the row's text back unchanged")
check(dr["file"].endswith("p\x1bx.json"), "JSON gives the file name back unchanged")
ov = dr["overrides"]
check(len(ov) == 1 and ov[0]["reason"] == "理由\x1b[31m红\u202e", "JSON gives the reason back unchanged")
print(f"test_check_controls: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
PY
