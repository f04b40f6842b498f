#!/usr/bin/env python3
"""Over a slow link the editor draws first and asks the terminal about ambiguous widths after:
in a pseudo-terminal that holds back its answer, the first screen (down to the key bar) is
written before the cursor-position question, not after a timeout; the answer, arriving a
second later, is never typed into the field the clerk is typing in, and when it says the
terminal draws ambiguous characters wide the screen is redrawn.

Usage: test_tui_slow_link.py BUILD  (SELFEVAL_BIN, SELFEVAL_FORMS from the environment)"""
import fcntl
import json
import os
import pty
import select
import struct
import sys
import tempfile
import termios
import time

ASK = b"\x1b[6n"


def fail(msg, out=b""):
    print("FAIL slow_link:", msg, file=sys.stderr)
    if out:
        print(out[-3000:].decode("utf-8", "replace"), file=sys.stderr)
    sys.exit(1)


def read_for(fd, seconds, out):
    end = time.monotonic() + seconds
    while True:
        left = end - time.monotonic()
        if left <= 0:
            return out
        r, _, _ = select.select([fd], [], [], left)
        if not r:
            continue
        try:
            data = os.read(fd, 65536)
        except OSError:
            return out
        if not data:
            return out
        out += data


def read_until(fd, out, pred, seconds=10.0):
    """Reads until pred(out) holds (or seconds pass): a loaded machine only makes it slower."""
    end = time.monotonic() + seconds
    while not pred(out) and time.monotonic() < end:
        more = read_for(fd, 0.1, out)
        out = more
    return out


def main():
    binary = os.environ.get("SELFEVAL_BIN")
    forms = os.environ.get("SELFEVAL_FORMS")
    if not binary or not forms:
        fail("SELFEVAL_BIN and SELFEVAL_FORMS must be set")
    binary, forms = os.path.abspath(binary), os.path.abspath(forms)
    work = tempfile.mkdtemp(prefix="selfeval-slow-")
    draft = os.path.join(work, "p.json")
    env = dict(os.environ, TERM="xterm-256color", LANG="C.UTF-8", LC_ALL="C.UTF-8",
               SELFEVAL_FORMS=forms,
               ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:log_path=" + work + "/asan")
    env.pop("LANGUAGE", None)
    pid, fd = pty.fork()
    if pid == 0:
        fcntl.ioctl(1, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        os.chdir(work)
        os.execve(binary, [binary, "--form=project", draft], env)
    # no answer to anything yet: the first screen must come all the same
    out = read_until(fd, b"", lambda o: b"F10" in o and ASK in o)
    ask = out.find(ASK)
    bar = out.find(b"F10")
    if bar < 0:
        fail("no first screen within 10 s while the terminal kept its answer back", out)
    if ask < 0:
        fail("the editor never asked about ambiguous widths", out)
    if bar > ask:
        fail("the first screen waited for the terminal's answer (key bar after the question)",
             out)
    # the clerk types; the late answer (ambiguous characters are wide) arrives in between
    mark = len(out)
    os.write(fd, "道路".encode())
    out = read_until(fd, out, lambda o: "道路".encode() in o[mark:])
    mark = len(out)
    os.write(fd, b"\x1b[24;3R")
    out = read_until(fd, out, lambda o: b"\x1b[2J" in o[mark:], 5.0)
    if b"\x1b[2J" not in out[mark:]:
        fail("the wide answer did not redraw the screen", out[mark:])
    mark = len(out)
    os.write(fd, "维护".encode())
    out = read_until(fd, out, lambda o: "维护".encode() in o[mark:])
    mark = len(out)
    os.write(fd, b"\x13")                 # Ctrl-S
    out = read_until(fd, out, lambda o: b"Saved to" in o[mark:])
    os.write(fd, b"\x11")                 # Ctrl-Q
    read_for(fd, 1.0, out)
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass
    try:
        name = json.load(open(draft, encoding="utf-8"))["values"]["header"]["name"]
    except (OSError, ValueError, KeyError) as e:
        fail(f"no saved draft: {e}", out)
    if name != "道路维护":
        fail(f"the field holds {name!r}: the answer was typed into it", out)
    for f in os.listdir(work):
        if f.startswith("asan"):
            fail("sanitizer report " + open(os.path.join(work, f)).read())
    print("ok slow_link")


if __name__ == "__main__":
    main()
