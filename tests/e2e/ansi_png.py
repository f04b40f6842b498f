#!/usr/bin/env python3
"""Renders a tmux capture (capture-pane -e -N -p: text with SGR colour codes) to a PNG through
ImageMagick: the screen as cells, each character drawn at its cell so columns stay exact
whatever the font's own advance widths, with a CJK font (fonts-noto-cjk).

Usage: ansi_png.py CAPTURE.txt OUT.png COLS ROWS [CURSOR_X CURSOR_Y]
"""
import re
import subprocess
import sys
import tempfile
import unicodedata

CELL_W, CELL_H, FONT_PX = 10, 21, 17
FONT = "Noto Sans Mono CJK SC"
DEFAULT_FG, DEFAULT_BG = "#d0d0d0", "#1c1c1c"
PALETTE = ["#1c1c1c", "#cd3131", "#0dbc79", "#c8a800", "#2472c8", "#bc3fbc", "#11a8cd", "#e5e5e5",
           "#666666", "#f14c4c", "#23d18b", "#f5f543", "#3b8eea", "#d670d6", "#29b8db", "#ffffff"]


def xterm256(n):
    if n < 16:
        return PALETTE[n]
    if n < 232:
        n -= 16
        steps = [0, 95, 135, 175, 215, 255]
        return "#%02x%02x%02x" % (steps[n // 36], steps[(n // 6) % 6], steps[n % 6])
    v = 8 + (n - 232) * 10
    return "#%02x%02x%02x" % (v, v, v)


def width(ch):
    if unicodedata.combining(ch) or ch in "\u200b\u200d\ufe0f":
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


class Pen:
    def __init__(self):
        self.reset()

    def reset(self):
        self.fg, self.bg, self.bold, self.reverse, self.under = None, None, False, False, False

    def sgr(self, params):
        nums = [int(p) if p else 0 for p in params.split(";")] if params else [0]
        i = 0
        while i < len(nums):
            n = nums[i]
            if n == 0:
                self.reset()
            elif n == 1:
                self.bold = True
            elif n == 4:
                self.under = True
            elif n == 7:
                self.reverse = True
            elif n == 22:
                self.bold = False
            elif n == 24:
                self.under = False
            elif n == 27:
                self.reverse = False
            elif 30 <= n <= 37:
                self.fg = PALETTE[n - 30]
            elif 90 <= n <= 97:
                self.fg = PALETTE[n - 90 + 8]
            elif n == 39:
                self.fg = None
            elif 40 <= n <= 47:
                self.bg = PALETTE[n - 40]
            elif 100 <= n <= 107:
                self.bg = PALETTE[n - 100 + 8]
            elif n == 49:
                self.bg = None
            elif n in (38, 48) and i + 2 < len(nums) and nums[i + 1] == 5:
                c = xterm256(nums[i + 2])
                if n == 38:
                    self.fg = c
                else:
                    self.bg = c
                i += 2
            elif n in (38, 48) and i + 4 < len(nums) and nums[i + 1] == 2:
                c = "#%02x%02x%02x" % tuple(nums[i + 2:i + 5])
                if n == 38:
                    self.fg = c
                else:
                    self.bg = c
                i += 4
            i += 1

    def colours(self):
        fg = self.fg or DEFAULT_FG
        bg = self.bg or DEFAULT_BG
        if self.bold and fg in PALETTE[:8]:
            fg = PALETTE[PALETTE.index(fg) + 8]
        if self.reverse:
            fg, bg = bg, fg
        return fg, bg


def cells(text, cols, rows):
    """The screen as rows of cells: (char or '', fg, bg, bold, underline)."""
    grid = [[(" ", DEFAULT_FG, DEFAULT_BG, False, False) for _ in range(cols)] for _ in range(rows)]
    pen = Pen()
    for y, line in enumerate(text.split("\n")[:rows]):
        x = 0
        for part in re.split(r"(\x1b\[[0-9;]*m)", line):
            m = re.fullmatch(r"\x1b\[([0-9;]*)m", part)
            if m:
                pen.sgr(m.group(1))
                continue
            for ch in part:
                w = width(ch)
                fg, bg = pen.colours()
                if w == 0:
                    if x > 0:
                        c = grid[y][x - 1]
                        grid[y][x - 1] = (c[0] + ch,) + c[1:]
                    continue
                if x + w > cols:
                    break
                grid[y][x] = (ch, fg, bg, pen.bold, pen.under)
                if w == 2:
                    grid[y][x + 1] = ("", fg, bg, pen.bold, pen.under)
                x += w
        # capture-pane -N keeps trailing blanks with their colours; anything missing is default
        pen.reset()
    return grid


def mvg_quote(s):
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'"


def render(grid, cols, rows, cursor, out):
    W, H = cols * CELL_W, rows * CELL_H
    lines = ["viewbox 0 0 %d %d" % (W, H), "fill %s" % mvg_quote(DEFAULT_BG),
             "rectangle 0,0 %d,%d" % (W, H), "font-family %s" % mvg_quote(FONT),
             "font-size %d" % FONT_PX, "stroke none"]
    for y in range(rows):
        x = 0
        while x < cols:                      # background runs
            bg = grid[y][x][2]
            x2 = x
            while x2 < cols and grid[y][x2][2] == bg:
                x2 += 1
            if bg != DEFAULT_BG:
                lines.append("fill %s" % mvg_quote(bg))
                lines.append("rectangle %d,%d %d,%d" % (x * CELL_W, y * CELL_H, x2 * CELL_W - 1,
                                                       (y + 1) * CELL_H - 1))
            x = x2
    if cursor:
        cx, cy = cursor
        lines.append("fill %s" % mvg_quote("#e0e0e0"))
        lines.append("rectangle %d,%d %d,%d" % (cx * CELL_W, (cy + 1) * CELL_H - 3,
                                               (cx + 1) * CELL_W - 1, (cy + 1) * CELL_H - 1))
    for y in range(rows):
        for x in range(cols):
            ch, fg, bg, bold, under = grid[y][x]
            if ch in ("", " "):
                continue
            lines.append("fill %s" % mvg_quote(fg))
            lines.append("font-weight %s" % ("Bold" if bold else "Normal"))
            lines.append("text %d,%d %s" % (x * CELL_W, (y + 1) * CELL_H - 5, mvg_quote(ch)))
            if under:
                w = 2 if x + 1 < cols and grid[y][x + 1][0] == "" else 1
                lines.append("rectangle %d,%d %d,%d" % (x * CELL_W, (y + 1) * CELL_H - 2,
                                                       (x + w) * CELL_W - 1, (y + 1) * CELL_H - 2))
    with tempfile.NamedTemporaryFile("w", suffix=".mvg", encoding="utf-8", delete=False) as f:
        f.write("\n".join(lines) + "\n")
        name = f.name
    subprocess.run(["convert", "-size", "%dx%d" % (W, H), "mvg:" + name, "-strip", out], check=True)


def main():
    if len(sys.argv) not in (5, 7):
        sys.exit(__doc__)
    text = open(sys.argv[1], encoding="utf-8", errors="replace").read()
    cols, rows = int(sys.argv[3]), int(sys.argv[4])
    cursor = (int(sys.argv[5]), int(sys.argv[6])) if len(sys.argv) == 7 else None
    render(cells(text, cols, rows), cols, rows, cursor, sys.argv[2])


if __name__ == "__main__":
    main()
