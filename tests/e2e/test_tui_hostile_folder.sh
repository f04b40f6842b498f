#!/bin/sh
# The editor in a folder every user may write to (0777, like an office's exchange folder),
# where another user (`nobody`) has planted, before the clerk starts, a symbolic link to a
# file of the clerk's outside the folder at every side-file name the program uses: the
# journal, the backup DRAFT~, the lock's takeover file, every name the recovered copy and the
# journals set aside could take in the next minutes. Then:
#   1. the planted journal link: the editor opens read-only and says why;
#   2. the clerk removes it; edits, saves twice (the backup), edits, and is killed;
#   3. `recover --keep-both` (the recovered copy and the journal set aside), then a new
#      session that edits and is killed, and `recover --apply`;
#   4. nobody plants an empty journal anyone may write (to read the keystrokes): read-only.
# Nothing outside the folder may change, and nothing of the clerk's in it may be readable
# by nobody. Needs root (to act as nobody) and setpriv; skipped otherwise.
. "$(dirname "$0")/lib.sh"
e2e_init hostile_folder
if [ "$(id -u)" != 0 ] || ! command -v setpriv >/dev/null 2>&1; then
    echo "hostile_folder: skipped (needs root and setpriv to act as another user)"
    exit 0
fi
as_nobody() { setpriv --reuid=nobody --regid=nogroup --clear-groups -- "$@"; }
chmod 0711 "$E2E_DIR"
out=$E2E_DIR/outside
mkdir "$out"
printf 'the clerk'"'"'s own notes\n' > "$out/precious.txt"
printf 'another file of the clerk'"'"'s\n' > "$out/precious2.txt"
chmod 0644 "$out/precious.txt" "$out/precious2.txt"
chmod 0777 "$out"          # even a folder others could write: we must not create anything
listing() { (cd "$out" && ls -la --time-style=+%s . | grep -v ' \.\.$'; sha256sum precious.txt precious2.txt); }
before=$(listing)
sh_dir=$E2E_DIR/shared
mkdir "$sh_dir"
chmod 0777 "$sh_dir"
d=$sh_dir/d.json

# nobody plants links at every name, for every second of the next minutes
as_nobody sh -c '
  s=$1; o=$2; now=$(date +%s)
  ln -s "$o/precious.txt" "$s/d.json.journal"
  ln -s "$o/precious2.txt" "$s/d.json~"
  ln -s "$o/made-takeover" "$s/d.json.lock.takeover"
  i=0
  while [ $i -lt 400 ]; do
    t=$(date -d "@$((now + i))" +%Y%m%d-%H%M%S)
    ln -s "$o/made-rec-$i" "$s/d.recovered-$t.json"
    for w in applied discarded kept stale; do
      ln -s "$o/made-$w-$i" "$s/d.json.journal.$w-$t"
    done
    i=$((i + 1))
  done' sh "$sh_dir" "$out" || e2e_fail "nobody could not plant the links"

# 1. the planted journal: read-only, and why
E2E_LANG=zh_CN.UTF-8
e2e_start 100 30 --form=project shared/d.json
e2e_wait "symbolic link"
e2e_keys Enter
e2e_keys F10
st=$(e2e_wait_exit)
[ "$st" = 0 ] || e2e_fail "exit status $st after the read-only session"

# 2. the clerk removes it, edits, saves twice, edits, and is killed
rm "$sh_dir/d.json.journal"
e2e_start 100 30 --form=project shared/d.json
e2e_wait "第 1/7 节"
e2e_type "城市道路维护项目"
e2e_keys C-s
e2e_wait "已保存到"
e2e_keys Tab
e2e_type "市住房和城乡建设局"
e2e_keys C-s
e2e_wait "已保存到"
e2e_keys Tab
e2e_type "秘密的备注"
e2e_keys Tab
sleep 0.5
kill -KILL "$(e2e_pid)"
[ -f "$d" ] || e2e_fail "the draft was not saved"

# 3. keep both, then another crashed session and apply
"$SELFEVAL_BIN" recover "$d" --keep-both > "$E2E_DIR/rec1.out" 2>&1 ||
    { cat "$E2E_DIR/rec1.out"; e2e_fail "recover --keep-both failed"; }
e2e_start 100 30 shared/d.json
e2e_wait "第 1/7 节"
e2e_keys Tab Tab
e2e_type "又一段"
e2e_keys Tab
sleep 0.5
kill -KILL "$(e2e_pid)"
"$SELFEVAL_BIN" recover "$d" --apply > "$E2E_DIR/rec2.out" 2>&1 ||
    { cat "$E2E_DIR/rec2.out"; e2e_fail "recover --apply failed"; }

# 4. an empty journal anyone may write, planted while nobody edits
as_nobody sh -c ': > "$1"; chmod 0666 "$1"' sh "$d.journal" || e2e_fail "could not plant a journal"
e2e_start 100 30 shared/d.json
e2e_wait "belongs to"
e2e_keys Enter
e2e_type "x"
e2e_keys F10
st=$(e2e_wait_exit)
[ "$st" = 0 ] || e2e_fail "exit status $st after the second read-only session"
[ -s "$d.journal" ] && e2e_fail "the planted journal received something"

# nothing outside the folder changed
after=$(listing)
[ "$before" = "$after" ] || { ls -la "$out" >&2; e2e_fail "something outside the folder changed"; }

# nothing of the clerk's can be read by nobody
n=0
for f in "$sh_dir"/* "$sh_dir"/.[!.]*; do
    [ -f "$f" ] && [ ! -L "$f" ] || continue
    [ "$(stat -c %U "$f")" = nobody ] && continue
    n=$((n + 1))
    if as_nobody cat "$f" >/dev/null 2>&1; then
        ls -la "$f" >&2
        e2e_fail "nobody can read $(basename "$f")"
    fi
done
[ "$n" -ge 3 ] || e2e_fail "only $n files of the clerk's were there to check"
find "$sh_dir" -name 'd.recovered-*.json' -type f | grep -q . || e2e_fail "no recovered copy was written"
e2e_finish
