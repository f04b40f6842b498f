#!/bin/sh
# A bracketed paste of 10 KB of Chinese text with newlines goes into a paragraph verbatim and at
# once: control characters in it run no command (the draft is not saved by a ^S in the text).
. "$(dirname "$0")/lib.sh"
e2e_init paste
python3 - "$E2E_DIR/paste.txt" <<'PY'
import sys
words = ["本年度", "项目资金", "全部到位", "执行率", "≥90%", "道路维修", "56公里", "群众满意度",
         "①", "“良好”", "偏差原因：", "改进措施；", "abc", "123.45万元", "×"]
lines, size, i = [], 0, 0
while size < 10240:
    line = "".join(words[(i * 7 + k) % len(words)] for k in range(3 + i % 9))
    lines.append(line)
    size += len(line.encode()) + 1
    i += 1
open(sys.argv[1], "w", encoding="utf-8").write("\n".join(lines) + "\n")
PY
# a line with Ctrl-S in the middle of the text must not save
printf '\023保存键\n' >> "$E2E_DIR/paste.txt"
e2e_start 80 24 --form=project p.json
e2e_wait "Section 1/7"
e2e_keys C-s
e2e_wait "Saved to"
e2e_keys C-n C-n C-n
e2e_wait "Section 4/7"
e2e_paste "$E2E_DIR/paste.txt"
e2e_wait "Pasted"
e2e_wait "Editing: Expected goals"
e2e_wait "unsaved"
e2e_keys Escape
e2e_wait "Section 4/7"
e2e_keys C-s
e2e_wait "Saved to"
e2e_keys F10
e2e_wait_exit >/dev/null
python3 - "$E2E_DIR/paste.txt" "$E2E_DIR/p.json" <<'PY' || e2e_fail "the paste was not kept verbatim"
import json, sys
sent = open(sys.argv[1], encoding="utf-8").read().replace("\x13", "")
got = json.load(open(sys.argv[2], encoding="utf-8"))["values"]["goals"]["expected"]
if got != sent:
    print("sent %d chars, saved %d" % (len(sent), len(got)), file=sys.stderr)
    sys.exit(1)
PY
e2e_finish
