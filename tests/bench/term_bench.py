#!/usr/bin/env python3
"""Terminal benchmark (issue 5, `make bench`): the editor in a pseudo-terminal at 80x24 with
the example submission loaded, side by side in one run with `dialog --form` holding the same
number of fields.

Usage: term_bench.py BUILD [--runs N] [--log FILE] [--large DRAFT]

Measured:
  start-up   spawn to the first complete screen: the time of the last byte written before the
             output goes quiet (QUIET_START seconds) once the screen is drawn (the editor: its
             status line and key bar at the bottom; dialog: its OK button). Median of N runs
             of each program, alternated so both see the same machine. CPU time used by then
             and bytes written beside it.
  keystroke  digits typed into the 实际完成值 cell of a department indicator so that its
             score, the total and the grade change (the row's typed score is removed from the
             copy first, else the typed score would stand and nothing would be recomputed).
             Per keystroke: bytes written to the terminal, CPU time of the process (from
             /proc/PID/schedstat, nanoseconds), and the bytes the changed cells need: the
             cells that differ between the emulated screens before and after the key, written
             plainly: for each run of changed cells on a line one absolute cursor move
             (CSI row;col H), one SGR sequence per change of attributes, the cells' UTF-8 text,
             and a final cursor move. The target is bytes <= 2 x that. (curses may beat it
             with shorter relative moves, so a ratio below 1 is possible.) The same is measured
             for dialog typing into its first field (it only echoes: a floor for CPU).
  slow link  the same start-ups with the terminal's answers (cursor-position reports) held
             back 100 ms, as over a slow SSH link: the time until the screen is first complete
             (status line and key bar for the editor, the OK button for dialog), median of N.
  large      with --large DRAFT (a project draft of 2,000 indicator rows): the editor's
             start-up on it, to see loading and the first computation from the clerk's chair.

The terminal is emulated with pyte (Debian: python3-pyte), which also answers the cursor
position reports a program asks for (the editor's ambiguous-width detection). Lines of output
follow tests/bench/bench.h: "name: VALUE UNIT (ratio R vs REF; target <= T: met|MISSED)".
"""
import json
import os
import pty
import select
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time

try:
    import fcntl
    import termios
except ImportError:  # not a POSIX system: nothing to measure
    fcntl = termios = None

try:
    import pyte
except ImportError:
    pyte = None

ROWS, COLS = 24, 80
QUIET_START = 0.4     # s without output that ends the first screen
SLOW_RTT = 0.1        # s: the round trip of the slow link the start-up is measured over
QUIET_KEY = 0.15      # s without output that ends a keystroke's update
TIMEOUT = 15.0        # s: longest wait for anything

LOG = None


def log(*a):
    if LOG:
        print(*a, file=LOG)


# ---------------------------------------------------------------------------------------------
# A program in a pseudo-terminal, its output fed to an emulated screen.

class Screen(pyte.Screen if pyte else object):
    """pyte's screen, with its answers (cursor position reports) sent back to the program."""

    def __init__(self, cols, rows, reply):
        super().__init__(cols, rows)
        self._reply = reply

    def write_process_input(self, data):
        self._reply(data.encode())


class Term:
    def __init__(self, argv, env, cwd=None, reply_delay=0.0):
        self.t0 = time.monotonic()
        self.reply_delay = reply_delay   # s: a slow link's round trip for the terminal's answers
        self.replies = []                # (due, bytes) not yet sent back
        self.first_ready = None          # when done(screen) first held
        pid, fd = pty.fork()
        if pid == 0:   # child: the terminal is 80x24 before the program looks at it
            try:
                fcntl.ioctl(1, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
                if cwd:
                    os.chdir(cwd)
                os.execvpe(argv[0], argv, env)
            except OSError as e:
                os.write(2, f"cannot run {argv[0]}: {e}\n".encode())
            os._exit(127)
        self.pid, self.fd = pid, fd
        self.screen = Screen(COLS, ROWS, self._reply)
        self.stream = pyte.ByteStream(self.screen)
        self.total_bytes = 0
        self.alive = True
        self.status = None

    def _reply(self, data):
        if self.reply_delay > 0:
            self.replies.append((time.monotonic() + self.reply_delay, data))
            return
        try:
            os.write(self.fd, data)
        except OSError:
            pass

    def _send_due_replies(self):
        now = time.monotonic()
        while self.replies and self.replies[0][0] <= now:
            _, data = self.replies.pop(0)
            try:
                os.write(self.fd, data)
            except OSError:
                pass

    def send(self, data):
        os.write(self.fd, data)

    def cpu_ns(self):
        """CPU time of the process so far (user + system), nanoseconds."""
        try:
            with open(f"/proc/{self.pid}/schedstat") as f:
                return int(f.read().split()[0])
        except (OSError, ValueError, IndexError):
            pass
        try:   # clock ticks, 10 ms: coarse, but better than nothing
            with open(f"/proc/{self.pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) * 1_000_000_000 // os.sysconf("SC_CLK_TCK")
        except (OSError, ValueError, IndexError):
            return None

    def read_until_quiet(self, quiet, done=None, timeout=TIMEOUT):
        """Reads until `quiet` seconds pass without output (and done(screen) is true, when
        given). Returns (bytes read, monotonic time of the last byte or None)."""
        got = 0
        last = None
        start = time.monotonic()
        while True:
            now = time.monotonic()
            if now - start > timeout:
                break
            ref = last if last is not None else start
            wait = quiet - (now - ref)
            if wait <= 0:
                if done is None or done(self.screen):
                    break
                wait = quiet
            if self.replies:
                wait = max(0.0, min(wait, self.replies[0][0] - time.monotonic()))
            r, _, _ = select.select([self.fd], [], [], wait)
            self._send_due_replies()
            if not r:
                continue
            try:
                data = os.read(self.fd, 65536)
            except OSError:      # EIO: the program ended
                data = b""
            if not data:
                self.alive = False
                break
            last = time.monotonic()
            got += len(data)
            self.total_bytes += len(data)
            self.stream.feed(data)
            if done is not None and self.first_ready is None and done(self.screen):
                self.first_ready = last
        return got, last

    def close(self, quit_keys=b""):
        """Asks the program to quit (quit_keys), then SIGTERM, then SIGKILL."""
        if quit_keys and self.alive:
            try:
                self.send(quit_keys)
            except OSError:
                pass
        for sig, grace in ((None, 1.0), (signal.SIGTERM, 2.0), (signal.SIGKILL, 2.0)):
            if sig is not None:
                try:
                    os.kill(self.pid, sig)
                except ProcessLookupError:
                    pass
            end = time.monotonic() + grace
            while time.monotonic() < end:
                # drain the terminal so the program never blocks writing to it
                r, _, _ = select.select([self.fd], [], [], 0.05)
                if r:
                    try:
                        if not os.read(self.fd, 65536):
                            pass
                    except OSError:
                        pass
                pid, status = os.waitpid(self.pid, os.WNOHANG)
                if pid:
                    self.status = status
                    os.close(self.fd)
                    return
        os.close(self.fd)


# ---------------------------------------------------------------------------------------------
# Reading the emulated screen.

def cells(screen, y):
    """[(x, text)] of the non-empty cells of line y (a wide character's second cell is empty)."""
    row = screen.buffer[y]
    return [(x, row[x].data) for x in range(screen.columns) if row[x].data]


def line_text(screen, y):
    return "".join(t for _, t in cells(screen, y))


def find(screen, text):
    """(y, x0, x1) of the first place `text` is shown, columns [x0, x1)."""
    for y in range(screen.lines):
        cs = cells(screen, y)
        s = "".join(t for _, t in cs)
        i = s.find(text)
        if i < 0:
            continue
        # map the string index back to columns
        pos = 0
        x0 = x1 = None
        for x, t in cs:
            if pos == i:
                x0 = x
            pos += len(t)
            if pos == i + len(text):
                x1 = x + 1
                break
        if x0 is not None and x1 is not None:
            return y, x0, x1
    return None


def snapshot(screen):
    """Every cell: (text, fg, bg, bold, underscore, reverse), and the cursor."""
    snap = {}
    for y in range(screen.lines):
        row = screen.buffer[y]
        for x in range(screen.columns):
            c = row[x]
            snap[(y, x)] = (c.data, c.fg, c.bg, c.bold, c.underscore, c.reverse)
    return snap, (screen.cursor.y, screen.cursor.x)


def sgr(attrs):
    """A minimal SGR sequence that sets these attributes (from the default)."""
    _, fg, bg, bold, under, rev = attrs
    codes = ["0"]
    if bold:
        codes.append("1")
    if under:
        codes.append("4")
    if rev:
        codes.append("7")
    names = ["black", "red", "green", "brown", "blue", "magenta", "cyan", "white"]
    for color, base in ((fg, 30), (bg, 40)):
        if color == "default":
            continue
        if color in names:
            codes.append(str(base + names.index(color)))
        else:
            codes.append(f"{base + 8};5;0")   # 256-colour or direct: a short form's length
    return "\x1b[" + ";".join(codes) + "m"


def needed_bytes(before, after):
    """Bytes the changed cells need at least: see the module's docstring. Returns
    (bytes, number of changed cells, lines touched)."""
    (b, _), (a, cursor) = before, after
    changed = sorted(k for k in a if a[k] != b.get(k))
    default = ("", "default", "default", False, False, False)
    total = 0
    lines = set()
    prev = None
    cur = default          # assume the terminal's attributes are the default ones
    for (y, x) in changed:
        lines.add(y)
        if prev != (y, x - 1):
            total += len(f"\x1b[{y + 1};{x + 1}H")
        attrs = a[(y, x)]
        if attrs[1:] != cur[1:]:
            total += len(sgr(attrs))
            cur = attrs
        total += len(attrs[0].encode())
        prev = (y, x)
    if changed:
        total += len(f"\x1b[{cursor[0] + 1};{cursor[1] + 1}H")
    return total, len(changed), lines


# ---------------------------------------------------------------------------------------------

def median(v):
    v = sorted(v)
    n = len(v)
    if not n:
        return None
    return v[n // 2] if n % 2 else (v[n // 2 - 1] + v[n // 2]) // 2


def fmt_ns(ns):
    if ns is None:
        return "?"
    if ns >= 1_000_000_000:
        return f"{ns // 1_000_000_000}.{ns % 1_000_000_000 // 1_000_000:03d} s"
    if ns >= 1_000_000:
        return f"{ns // 1_000_000}.{ns % 1_000_000 // 1000:03d} ms"
    if ns >= 1000:
        return f"{ns // 1000}.{ns % 1000 // 10:02d} us"
    return f"{ns} ns"


def fmt_ratio(num, den):
    """Integer arithmetic, as bench.h does."""
    if not den:
        return "n/a"
    if num * 10 >= den:
        r = (num * 1000 + den // 2) // den
        return f"{r // 1000}.{r % 1000 // 10:02d}"
    if num == 0:
        return "0"
    return f"1/{(den + num // 2) // num}"


def line(name, value, ref=None, ref_value=None, target=None, met=None, note=None):
    s = f"{name}: {value}"
    if ref is not None:
        s += f" (ratio {fmt_ratio(*ref_value)} vs {ref}"
        if target is not None:
            s += f"; target <= {target}: {'met' if met else 'MISSED'}"
        s += ")"
    if note:
        s += f"  # {note}"
    print(s, flush=True)


# ---------------------------------------------------------------------------------------------

def env_for(forms):
    env = dict(os.environ)
    # Chinese screens, as a clerk sees them: LANGUAGE picks the messages (gettext's order);
    # the locale itself is C.UTF-8, the one UTF-8 locale every Debian machine has.
    env.update({"TERM": "xterm-256color", "LANGUAGE": "zh_CN:zh", "LANG": "C.UTF-8",
                "LC_ALL": "C.UTF-8",
                "SELFEVAL_FORMS": forms, "COLUMNS": str(COLS), "LINES": str(ROWS)})
    env.pop("NO_COLOR", None)
    env.pop("TMUX", None)
    return env


DIALOG_OK = "确定"


def editor_ready(screen):
    """The editor's first screen is complete when its bottom lines (status line, key bar) are
    drawn: the last two lines both hold text."""
    return bool(line_text(screen, ROWS - 1).strip()) and bool(line_text(screen, ROWS - 2).strip())


def dialog_ready(screen):
    return find(screen, DIALOG_OK) is not None


def start_slow(argv, env, ready, cwd, rtt):
    """Start-up over a slow link: the terminal's answers reach the program rtt seconds after
    the program asked. The time until the screen is first complete (ready), in ns, or None."""
    t = Term(argv, env, cwd, reply_delay=rtt)
    t.read_until_quiet(QUIET_START + rtt, ready)
    ok = t.first_ready is not None
    return t, int((t.first_ready - t.t0) * 1e9) if ok else None   # noqa: timing only


def start(argv, env, ready, cwd=None):
    t = Term(argv, env, cwd)
    got, last = t.read_until_quiet(QUIET_START, ready)
    ok = last is not None and ready(t.screen)
    first_ns = int((last - t.t0) * 1e9) if ok else None   # noqa: timing only, not an amount
    return t, first_ns, t.cpu_ns(), got


def field_list(selfeval, draft, env):
    """(path, displayed value) of every field of the draft, from `selfeval check --json`."""
    r = subprocess.run([selfeval, "check", "--json", draft], env=env, capture_output=True,
                       timeout=60)
    try:
        doc = json.loads(r.stdout.decode())
    except ValueError:
        return None
    drafts = doc.get("drafts", [doc]) if isinstance(doc, dict) else doc
    for d in drafts if isinstance(drafts, list) else [drafts]:
        for key in ("values", "fields", "display"):
            m = d.get(key) if isinstance(d, dict) else None
            if isinstance(m, dict) and m:
                return [(k, v if isinstance(v, str) else json.dumps(v, ensure_ascii=False))
                        for k, v in m.items()]
    return None


def leaf_fields(values, prefix=""):
    """Fallback count: every string leaf of the draft's values (empty fields are missed)."""
    out = []
    if isinstance(values, dict):
        for k, v in values.items():
            if k != "_id":
                out += leaf_fields(v, f"{prefix}{k}.")
    elif isinstance(values, list):
        for i, v in enumerate(values):
            out += leaf_fields(v, f"{prefix}{i + 1}.")
    elif isinstance(values, str):
        out.append((prefix.rstrip("."), values))
    return out


def dialog_argv(fields):
    """dialog --form with one line per field: label (the field path), value."""
    # The button labels are given so the ready test does not depend on dialog's translations.
    argv = ["dialog", "--max-input", "20000", "--ok-label", DIALOG_OK, "--cancel-label", "取消",
            "--form", "自评表 (bench)", str(ROWS), str(COLS), str(ROWS - 8)]
    for i, (path, value) in enumerate(fields, 1):
        label = path[-24:]
        value = value.replace("\n", " ")
        argv += [label, str(i), "1", value, str(i), "26", "46", str(max(len(value), 46))]
    return argv


# ---------------------------------------------------------------------------------------------
# Keystrokes in the editor: reach the 实际完成值 cell of the chosen department indicator.

ACTUAL = "实际完成值"
CTRL_N, TAB, CTRL_U, CTRL_Q = b"\x0e", b"\t", b"\x15", b"\x11"


def terminfo_keys(term):
    """What the keys send on this terminal type: programs switch the keypad to application mode
    (ESC O B, not ESC [ B, for Down on xterm), so the sequences come from terminfo."""
    import curses
    keys = {"kcud1": b"\x1bOB", "kend": b"\x1bOF", "kbs": b"\x7f"}
    try:
        with open(os.devnull, "w") as null:
            curses.setupterm(term, null.fileno())
        for cap in keys:
            v = curses.tigetstr(cap)
            if v:
                keys[cap] = v
    except curses.error:
        pass
    return keys["kcud1"], keys["kend"], keys["kbs"]


DOWN, END, BACKSPACE = terminfo_keys("xterm-256color")


def choose_row(draft):
    """Index of a department indicator whose target is a percentage of at least 50%, so that
    typing "9", "90" moves its score from a fraction to the full weight (and the total across
    the 90-point grade boundary). None when there is none."""
    rows = draft.get("values", {}).get("dept", {}).get("indicators", [])
    for i, r in enumerate(rows):
        t = (r.get("target") or "").strip()
        if t.endswith("%") and t[:-1].replace(".", "", 1).isdigit() and \
                int(t[:-1].split(".")[0]) >= 50 and r.get("weight"):
            return i
    return None


def navigate(t, row_index, expect):
    """Next section until a table with a 实际完成值 column is shown, Tab to that column, Down
    to the row. True when the cursor's line then shows `expect` (the row's actual)."""
    for _ in range(40):
        if find(t.screen, ACTUAL):
            break
        t.send(CTRL_N)
        t.read_until_quiet(QUIET_KEY)
    else:
        log("navigate: no section shows", ACTUAL)
        return False
    for _ in range(60):
        h = find(t.screen, ACTUAL)
        if h and t.screen.cursor.y > h[0] and h[1] - 2 <= t.screen.cursor.x < h[2] + 12:
            break
        t.send(TAB)
        t.read_until_quiet(QUIET_KEY)
    else:
        log("navigate: the cursor never reached the", ACTUAL, "column")
        return False
    for _ in range(row_index):
        t.send(DOWN)
        t.read_until_quiet(QUIET_KEY)
    text = line_text(t.screen, t.screen.cursor.y)
    log("navigate: cursor", t.screen.cursor.y, t.screen.cursor.x, "line:", text)
    return expect in text


def keystrokes(t, keys):
    """Sends each key, waits for the update; returns per-key (bytes, cpu ns, needed bytes,
    changed cells, lines touched, latency ns)."""
    out = []
    for k in keys:
        before = snapshot(t.screen)
        c0 = t.cpu_ns()
        s0 = time.monotonic()
        t.send(k)
        got, last = t.read_until_quiet(QUIET_KEY)
        c1 = t.cpu_ns()
        after = snapshot(t.screen)
        need, ncells, lines = needed_bytes(before, after)
        lat = int((last - s0) * 1e9) if last else 0   # noqa: timing only
        out.append((got, (c1 - c0) if c0 is not None and c1 is not None else None, need,
                    ncells, lines, lat))
        log(f"key {k!r}: {got} bytes, need {need}, cells {ncells}, lines {sorted(lines)}")
        for y in sorted(lines):
            log("   ", y, line_text(t.screen, y))
    return out


def report_keys(prefix, res, target):
    n = len(res)
    if not n:
        return None
    bytes_ = sum(r[0] for r in res)
    cpu = [r[1] for r in res if r[1] is not None]
    need = sum(r[2] for r in res)
    lat = median([r[5] for r in res])
    line(f"{prefix}.key_bytes", f"{bytes_ // n} bytes",
         "needed", (bytes_, need) if need else (0, 0), target, need and bytes_ <= 2 * need,
         note=f"mean over {n} keystrokes; changed cells need {need // n} bytes")
    if cpu:
        line(f"{prefix}.key_cpu", fmt_ns(sum(cpu) // len(cpu)),
             note=f"mean CPU time per keystroke ({'/proc schedstat'})")
    line(f"{prefix}.key_latency", fmt_ns(lat), note="median, key sent to last byte drawn")
    return bytes_ // n, (sum(cpu) // len(cpu)) if cpu else None


def main(argv):
    global LOG
    if len(argv) < 2:
        print("usage: term_bench.py BUILD [--runs N] [--log FILE]", file=sys.stderr)
        return 2
    build = argv[1]
    runs = 5
    if "--runs" in argv:
        runs = max(1, int(argv[argv.index("--runs") + 1]))
    large = argv[argv.index("--large") + 1] if "--large" in argv else None
    if "--log" in argv:
        LOG = open(argv[argv.index("--log") + 1], "w", encoding="utf-8")

    root = os.getcwd()
    selfeval = os.path.join(root, build, "rel", "selfeval")
    example = os.path.join(root, "forms", "examples", "submission.json")
    if not os.access(selfeval, os.X_OK):
        print(f"term: skipped: editor not built ({build}/rel/selfeval)")
        return 0
    if pyte is None:
        print("term: skipped: python3-pyte is not installed (apt-get install python3-pyte)")
        return 0
    if fcntl is None:
        print("term: skipped: no pseudo-terminals on this system")
        return 0
    have_dialog = shutil.which("dialog") is not None

    env = env_for(os.path.join(root, "forms"))
    work = tempfile.mkdtemp(prefix="selfeval-term-")
    try:
        with open(example, encoding="utf-8") as f:
            draft = json.load(f)
        copy = os.path.join(work, "example.json")
        shutil.copy(example, copy)
        fields = field_list(selfeval, copy, env)
        how = "selfeval check --json"
        if not fields:
            fields = leaf_fields(draft.get("values", {}))
            how = "string values of the draft (check --json unavailable)"
        print(f"# term: {ROWS}x{COLS} pty, TERM=xterm-256color, {len(fields)} fields ({how}), "
              f"{runs} start-ups each")

        # ---- start-up, alternating ----
        ed_t, ed_cpu, ed_bytes, dl_t, dl_cpu, dl_bytes = [], [], [], [], [], []
        ed_fail = dl_fail = 0
        for r in range(runs):
            c = os.path.join(work, f"start{r}.json")
            shutil.copy(example, c)
            t, first, cpu, got = start([selfeval, c], env, editor_ready, cwd=work)
            if r == 0:
                for y in range(ROWS):
                    log("editor|", line_text(t.screen, y))
            t.close(CTRL_Q)
            if first is None:
                ed_fail += 1
            else:
                ed_t.append(first)
                ed_cpu.append(cpu or 0)
                ed_bytes.append(got)
            if have_dialog:
                t, first, cpu, got = start(dialog_argv(fields), env, dialog_ready, cwd=work)
                if r == 0:
                    for y in range(ROWS):
                        log("dialog|", line_text(t.screen, y))
                t.close(b"\x1b")
                if first is None:
                    dl_fail += 1
                else:
                    dl_t.append(first)
                    dl_cpu.append(cpu or 0)
                    dl_bytes.append(got)
        if not ed_t:
            print("term: FAILED: the editor never drew a complete screen (status line and key "
                  "bar) within", TIMEOUT, "s")
            return 1
        m_ed = median(ed_t)
        if dl_t:
            m_dl = median(dl_t)
            line("term.dialog_start", fmt_ns(m_dl),
                 note=f"reference: dialog --form, {len(fields)} fields; CPU "
                      f"{fmt_ns(median(dl_cpu))}, {median(dl_bytes)} bytes")
            line("term.editor_start", fmt_ns(m_ed), "dialog_start", (m_ed, m_dl), "1",
                 m_ed <= m_dl,
                 note=f"CPU {fmt_ns(median(ed_cpu))}, {median(ed_bytes)} bytes")
        else:
            line("term.editor_start", fmt_ns(m_ed),
                 note=f"CPU {fmt_ns(median(ed_cpu))}, {median(ed_bytes)} bytes; dialog not "
                      "installed (scripts/deps.sh bench): no reference")
        if ed_fail or dl_fail:
            print(f"# term: start-ups without a complete screen: editor {ed_fail}, "
                  f"dialog {dl_fail}")

        # ---- start-up over a slow link: answers 100 ms after the question ----
        ed_s, dl_s = [], []
        for r in range(runs):
            c = os.path.join(work, f"slow{r}.json")
            shutil.copy(example, c)
            t, first = start_slow([selfeval, c], env, editor_ready, work, SLOW_RTT)
            t.close(CTRL_Q)
            if first is not None:
                ed_s.append(first)
            if have_dialog:
                t, first = start_slow(dialog_argv(fields), env, dialog_ready, work, SLOW_RTT)
                t.close(b"\x1b")
                if first is not None:
                    dl_s.append(first)
        if ed_s and dl_s:
            m_ed, m_dl = median(ed_s), median(dl_s)
            line("term.dialog_start_rtt100", fmt_ns(m_dl),
                 note="reference: dialog --form; the terminal answers 100 ms after a question")
            line("term.editor_start_rtt100", fmt_ns(m_ed), "dialog_start_rtt100", (m_ed, m_dl),
                 "1", m_ed <= m_dl,
                 note="first complete screen; the ambiguous-width question is asked after it")
        elif ed_s:
            line("term.editor_start_rtt100", fmt_ns(median(ed_s)),
                 note="dialog not installed: no reference")

        # ---- start-up on a large draft ----
        if large and os.path.exists(large):
            times, cpus = [], []
            for r in range(max(1, runs // 2)):
                c = os.path.join(work, f"large{r}.json")
                shutil.copy(large, c)
                t, first, cpu, _ = start([selfeval, c], env, editor_ready, cwd=work)
                t.close(CTRL_Q)
                if first is not None:
                    times.append(first)
                    cpus.append(cpu or 0)
            if times:
                line("term.editor_start_large", fmt_ns(median(times)),
                     note=f"{os.path.basename(large)}; CPU {fmt_ns(median(cpus))}")
            else:
                print(f"term: FAILED: no complete screen on {large}")

        # ---- keystrokes in the editor ----
        k = choose_row(draft)
        if k is None:
            print("term: keystrokes skipped: the example has no department indicator with a "
                  "percentage target")
        else:
            row = draft["values"]["dept"]["indicators"][k]
            expect = row.get("actual", "")
            row.pop("score", None)        # let the rule score it (see the docstring)
            kc = os.path.join(work, "keys.json")
            with open(kc, "w", encoding="utf-8") as f:
                json.dump(draft, f, ensure_ascii=False, indent=2)
            t, first, _, _ = start([selfeval, kc], env, editor_ready, cwd=work)
            if first is None or not navigate(t, k, expect):
                print(f"term: keystrokes skipped: could not reach the {ACTUAL} cell of "
                      f"department indicator {k + 1} (see --log)")
                t.close(CTRL_Q + b"n")
            else:
                # clear the cell (not measured), then type and erase digits
                for key in (END, CTRL_U):
                    t.send(key)
                    t.read_until_quiet(QUIET_KEY)
                keys = [b"9", b"0", BACKSPACE, BACKSPACE] * 5
                res = keystrokes(t, keys)
                grade_lines = sum(1 for r in res if len(r[4]) > 1)
                print(f"# term: {len(res)} keystrokes into {ACTUAL} of department indicator "
                      f"{k + 1} (target {row.get('target')}); {grade_lines} of them redrew "
                      "more than the edited line (score, total, grade, counts)")
                report_keys("term.editor", res, "2")
                t.close(CTRL_Q)

        # ---- keystrokes in dialog (a floor: it echoes, computes nothing) ----
        if have_dialog:
            t, first, _, _ = start(dialog_argv(fields), env, dialog_ready, cwd=work)
            if first is not None:
                t.send(END)
                t.read_until_quiet(QUIET_KEY)
                res = keystrokes(t, [b"9", b"0", BACKSPACE, BACKSPACE] * 5)
                report_keys("term.dialog", res, None)
            t.close(b"\x1b")
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if LOG:
            LOG.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
