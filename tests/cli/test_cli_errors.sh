#!/bin/sh
# The command line's contract: exit status 0 / 1 / 2, a clear message for every bad input
# (naming the file, the line and column, or the option, and pointing to --help), `new` then
# `check`, and `new` never replacing a file without --force.
# Usage: sh tests/cli/test_cli_errors.sh BUILD_DIR   (env SELFEVAL_BIN, SELFEVAL_FORMS)
set -u
BUILD=${1:-build}
. "$PWD/tests/cli/lib.sh"
cli_program test_cli_errors
tmp=$(mktemp -d /tmp/selfeval-cli-XXXXXX) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

# ---- help and version
t "--help" 0 --help
for w in check new recover forms --json --english --force --apply --discard --keep-both \
         --readonly --form --ambiguous --version SELFEVAL_FORMS "Exit status"; do
  has "$tmp/out" "$w" "--help mentions $w"
done
t "check --help" 0 check --help
has "$tmp/out" "--json" "check --help prints the help"
t "--version" 0 --version
has "$tmp/out" "selfeval $(cat VERSION)" "--version prints the version of VERSION"

# ---- bad command lines
t "no arguments" 2
has "$tmp/err" "--help" "no arguments: points to --help"
t "unknown global option" 2 --frobnicate
has "$tmp/err" "--frobnicate" "unknown option: named"
has "$tmp/err" "--help" "unknown option: points to --help"
t "unknown check option" 2 check --jsn tests/fixtures/seed001_project.json
has "$tmp/err" "--jsn" "unknown check option: named"
has "$tmp/err" "--help" "unknown check option: points to --help"
t "mistyped command" 2 chek tests/fixtures/seed001_project.json
has "$tmp/err" "check" "mistyped command: suggests check"
t "check without a draft" 2 check
has "$tmp/err" "DRAFT" "check without a draft: says what is missing"
t "--ambiguous with a bad value" 2 --ambiguous=sideways "$tmp/x.json"
has "$tmp/err" "narrow" "--ambiguous: lists the accepted values"
t "--form without a value" 2 "$tmp/x.json" --form

# ---- files that cannot be checked: exit 2, the file named
t "missing file" 2 check "$tmp/nothere.json"
has "$tmp/err" "nothere.json" "missing file: named"
# a folder stands for the drafts below it (docs/review-flags.md); one with none is an error
mkdir "$tmp/empty"
t "a directory without drafts" 2 check "$tmp/empty"
has "$tmp/err" "no drafts" "a directory without drafts: said so"
printf '{\n  "format": "selfeval-draft/1.0",\n  "form": ]\n}\n' >"$tmp/garbage.json"
t "garbage file" 2 check "$tmp/garbage.json"
has "$tmp/err" "garbage.json" "garbage file: named"
has "$tmp/err" "line 3" "garbage file: line 3"
has "$tmp/err" "column" "garbage file: column"
printf 'not json at all' >"$tmp/text.json"
t "plain text" 2 check "$tmp/text.json"
has "$tmp/err" "line 1" "plain text: line named"
printf '{"format": "selfeval-draft/1.0", "form": {"id": "budget", "version": "1"}, "values": {}}\n' \
  >"$tmp/noform.json"
t "form not installed" 2 check "$tmp/noform.json"
has "$tmp/err" "budget" "form not installed: the form id named"
[ "$(grep -o "is not installed" "$tmp/err" | wc -l)" -eq 1 ]; verdict "form not installed: said once, not nested in itself"
mkdir -p "$tmp/noformdir" && cp "$tmp/noform.json" "$tmp/noformdir/"
t "summary of a folder with a form not installed" 1 summary --csv "$tmp/noformdir"
[ "$(grep -o "is not installed" "$tmp/err" | wc -l)" -eq 1 ]; verdict "summary: form not installed said once"
python3 - tests/fixtures/seed001_project.json "$tmp" <<'EOF'
import json, sys
src, tmp = sys.argv[1:3]
text = open(src, encoding="utf-8").read()
# an amount stored as a JSON number: refused (binary floating point would change it)
open(tmp + "/number.json", "w", encoding="utf-8").write(
    text.replace('"executed": "547.6879"', '"executed": 547.6879', 1))
d = json.loads(text)
d["form"]["version"] = "2999.1"
json.dump(d, open(tmp + "/newer.json", "w", encoding="utf-8"), ensure_ascii=False, indent=2)
EOF
t "an amount as a JSON number" 2 check "$tmp/number.json"
has "$tmp/err" "number.json" "an amount as a JSON number: file named"
has "$tmp/err" "line " "an amount as a JSON number: line named"
t "a draft of a newer form version" 2 check "$tmp/newer.json"
has "$tmp/err" "2999.1" "a newer form version: the version named"
t "json: missing file" 2 check --json "$tmp/nothere.json"
python3 - "$tmp/out" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))["drafts"]
assert len(d) == 1 and d[0]["error"] and "nothere.json" in d[0]["error"], d
assert d[0]["form"] is None and d[0]["findings"] == [], d
EOF
verdict "json: a missing file is an entry with an error"
t "a good and a missing draft: 2 wins" 2 check tests/fixtures/seed001_project.json "$tmp/nothere.json"
has "$tmp/out" "55.32%" "a good and a missing draft: the good one is still reported"
if [ "$(id -u)" -ne 0 ]; then
  cp tests/fixtures/seed001_project.json "$tmp/locked.json"; chmod 000 "$tmp/locked.json"
  t "unreadable file" 2 check "$tmp/locked.json"
  has "$tmp/err" "locked.json" "unreadable file: named"
fi

# ---- forms
t "forms" 0 forms
for f in basic department project report submission; do
  has "$tmp/out" "$f" "forms lists $f"
done
has "$tmp/out" "2025.1" "forms shows versions"
t "forms with an argument" 2 forms extra

# ---- new
t "new without a form" 2 new -o "$tmp/a.json"
t "new without -o" 2 new department
t "new of a form not installed" 2 new budget -o "$tmp/a.json"
has "$tmp/err" "budget" "new of a form not installed: named"
[ ! -e "$tmp/a.json" ]; verdict "new of a form not installed: no file written"
t "new department" 0 new department -o "$tmp/dept.json"
[ -f "$tmp/dept.json" ]; verdict "new: the file exists"
t "check of the new draft" 1 check --json "$tmp/dept.json"
python3 - "$tmp/out" "$tmp/dept.json" <<'EOF'
import json, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
raw = json.load(open(sys.argv[2], encoding="utf-8"))
d = doc["drafts"][0]
assert raw["format"].startswith("selfeval-draft/1."), raw["format"]
assert raw["form"]["id"] == "department", raw["form"]
form = json.load(open("forms/department.json", encoding="utf-8"))
assert raw["form"]["version"] == form["version"], raw["form"]
assert d["error"] is None and d["form"]["id"] == "department", d["form"]
assert d["values"]["funds.exec_weight"] == "10", d["values"].get("funds.exec_weight")
assert d["values"]["funds.budget_annual"] == "", d["values"].get("funds.budget_annual")
assert any(f["code"] == "field.required" and f["severity"] == "error" for f in d["findings"])
EOF
verdict "new draft: form department, its defaults, required fields reported"
cp "$tmp/dept.json" "$tmp/dept.before"
echo '{"mine": true}' >"$tmp/precious.json"
t "new refuses to overwrite" 2 new project -o "$tmp/precious.json"
has "$tmp/err" "--force" "new refuses to overwrite: points to --force"
has "$tmp/precious.json" '"mine"' "new refuses to overwrite: the file is unchanged"
t "new --force replaces" 0 new project -o "$tmp/precious.json" --force
has "$tmp/precious.json" '"project"' "new --force: the new draft is written"
has "$tmp/precious.json~" '"mine"' "new --force: the old file is kept as FILE~"
t "check of a new project draft" 1 check "$tmp/precious.json"
t "new into a missing folder" 2 new project -o "$tmp/no/such/dir/p.json"
has "$tmp/err" "p.json" "new into a missing folder: named"

# ---- recover
cp tests/fixtures/seed001_project.json "$tmp/r.json"
t "recover without a journal" 0 recover "$tmp/r.json"
has "$tmp/out" "nothing to recover" "recover without a journal: says so"
t "recover of a missing file" 2 recover "$tmp/nothere.json"
t "recover with two choices" 2 recover "$tmp/r.json" --apply --discard
t "recover with an unknown option" 2 recover "$tmp/r.json" --undo
cli_done test_cli_errors
