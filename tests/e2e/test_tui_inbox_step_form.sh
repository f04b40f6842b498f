#!/bin/sh
# Next submission (Alt-.) into a draft of another form: the section of the same name (a project
# draft's performance indicators -> the department submission's project table's), not the one
# of the same number; from there back into the project form, the same again.
. "$(dirname "$0")/lib.sh"
e2e_init inbox_step_form
FIX=$PWD/tests/fixtures
in=$E2E_DIR/in
mkdir -p "$in"
jq '.meta.status = "submitted"' "$FIX/seed001_project.json" >"$in/a.json"
jq '.meta.status = "submitted"' "$PWD/forms/examples/submission.json" >"$in/b.json"
jq '.meta.status = "submitted"' "$FIX/seed001_project.json" >"$in/c.json"
E2E_LANG=C.UTF-8
e2e_start 100 30 review in
e2e_wait "3 submissions"
e2e_keys Enter
e2e_wait "Review"
e2e_keys Enter
e2e_keys C-n C-n C-n C-n
e2e_wait "Section 5/7  Performance indicators"
e2e_keys M-.
e2e_wait "b.json"
e2e_wait_line "Section " "Performance indicators"
e2e_keys M-.
e2e_wait "c.json"
e2e_wait "Section 5/7  Performance indicators"
e2e_keys M-i
e2e_wait "3 submissions"
e2e_keys F10
e2e_wait_exit >/dev/null
e2e_finish
