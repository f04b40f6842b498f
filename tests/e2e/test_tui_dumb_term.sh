#!/bin/sh
# A terminal without cursor addressing (TERM=dumb, or a TERM this machine does not know): the
# editor refuses to start, says why and points to 'selfeval check'; nothing typed meanwhile
# ends up in a draft.
. "$(dirname "$0")/lib.sh"
e2e_init dumb_term
for term in dumb no-such-terminal-xyz; do
    E2E_ENV="TERM=$term"
    e2e_start 80 24 --form=project "p-$term.json"
    e2e_keys -l "abc"
    e2e_keys F1
    e2e_wait "selfeval check"
    e2e_wait "TERM=$term"
    st=$(e2e_wait_exit)
    [ "$st" = 0 ] && e2e_fail "TERM=$term: exit status 0"
    [ -e "$E2E_DIR/p-$term.json" ] && e2e_fail "TERM=$term: a draft was written"
    [ -e "$E2E_DIR/p-$term.json.journal" ] && e2e_fail "TERM=$term: a journal was left"
done
e2e_finish
