"""`selfeval summary` shows a progress line on standard error when it is a terminal and the
work takes over a second, and takes it away at the end; never when standard error is a file.

Usage: python3 tests/cli/test_summary_progress.py BUILD_DIR   (env SELFEVAL_BIN, SELFEVAL_FORMS)
"""
import os
import pty
import subprocess
import sys
import tempfile
import time

build = sys.argv[1] if len(sys.argv) > 1 else "build"
binary = os.environ.get("SELFEVAL_BIN", os.path.join(os.getcwd(), build, "test", "selfeval"))
os.environ.setdefault("SELFEVAL_FORMS", os.path.join(os.getcwd(), "forms"))
passed = failed = 0


def check(cond, what, detail=""):
    global passed, failed
    if cond:
        passed += 1
        print("ok   " + what)
    else:
        failed += 1
        print("FAIL " + what + (": " + detail if detail else ""))


with tempfile.TemporaryDirectory(prefix="selfeval-cli-") as tmp:
    n = 500    # with one job, over a second on most machines (sanitizer build); timed below
    subprocess.run([sys.executable, "scripts/gen-submissions.py", str(n), tmp + "/subs"],
                   check=True)
    # standard error a terminal, standard output a file
    master, slave = pty.openpty()
    start = time.monotonic()
    with open(tmp + "/out.csv", "wb") as out:
        p = subprocess.Popen([binary, "summary", "-j", "1", tmp + "/subs"], stdout=out,
                             stderr=slave, stdin=subprocess.DEVNULL)
    os.close(slave)
    err = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:
            break
        if not chunk:
            break
        err += chunk
    rc = p.wait()
    took = time.monotonic() - start
    os.close(master)
    text = err.decode("utf-8", "replace")
    check(rc == 0, "summary exits 0", str(rc))
    shown = f"of {n} files" in text
    # the line appears once the work has taken a second: decided by the run's own time (a
    # run near the limit proves nothing either way)
    if took > 1.3:
        check(shown, f"a progress line on the terminal ({took:.1f} s)", repr(text[-200:]))
    elif took < 0.9:
        check(not shown, f"no progress line for a short run ({took:.1f} s)", repr(text[-200:]))
    else:
        print(f"note: the run took {took:.1f} s, near the one-second limit: not judged")
    if shown:
        check(text.endswith("\r\x1b[K"), "the progress line is taken away at the end",
              repr(text[-40:]))
    rows = open(tmp + "/out.csv", "rb").read().count(b"\r\n")
    check(rows == 1 + 4 * n, "every table has its row", str(rows))
    # standard error a file: no progress line
    r = subprocess.run([binary, "summary", "-j", "1", tmp + "/subs"], stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE)
    check(r.returncode == 0 and r.stderr == b"", "no progress line when standard error is a file",
          repr(r.stderr[:100]))

print(f"test_summary_progress: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
