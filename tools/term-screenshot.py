#!/usr/bin/env python3
"""A terminal screen as a picture: the text and colours `tmux capture-pane
-e -p` prints, drawn as SVG (a Chinese character two cells wide), for
rsvg-convert to turn into PNG. Used for docs/lsp-neovim.png:

    tmux capture-pane -e -p -t SESSION | python3 tools/term-screenshot.py > screen.svg
    rsvg-convert screen.svg > screen.png
"""
import re
import sys
import unicodedata
from xml.sax.saxutils import escape

PALETTE = ["#1e1e1e", "#cd3131", "#0dbc79", "#e5e510", "#2472c8", "#bc3fbc", "#11a8cd", "#e5e5e5",
           "#666666", "#f14c4c", "#23d18b", "#f5f543", "#3b8eea", "#d670d6", "#29b8db", "#ffffff"]
FG, BG = "#d4d4d4", "#1e1e1e"
CELL_W, CELL_H = 9, 18


def color256(n):
    if n < 16:
        return PALETTE[n]
    if n < 232:
        n -= 16
        steps = [0, 95, 135, 175, 215, 255]
        return "#%02x%02x%02x" % (steps[n // 36], steps[n // 6 % 6], steps[n % 6])
    v = 8 + (n - 232) * 10
    return "#%02x%02x%02x" % (v, v, v)


def width(ch):
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def main():
    rows = sys.stdin.read().rstrip("\n").split("\n")
    cells = []   # (row, col, char, fg, bg, bold)
    for r, line in enumerate(rows):
        fg, bg, bold, col = FG, None, False, 0
        for part in re.split(r"(\x1b\[[0-9;]*m)", line):
            if part.startswith("\x1b["):
                codes = [int(c) if c else 0 for c in part[2:-1].split(";")]
                i = 0
                while i < len(codes):
                    c = codes[i]
                    if c == 0:
                        fg, bg, bold = FG, None, False
                    elif c == 1:
                        bold = True
                    elif c == 22:
                        bold = False
                    elif 30 <= c <= 37:
                        fg = PALETTE[c - 30]
                    elif 90 <= c <= 97:
                        fg = PALETTE[c - 90 + 8]
                    elif 40 <= c <= 47:
                        bg = PALETTE[c - 40]
                    elif 100 <= c <= 107:
                        bg = PALETTE[c - 100 + 8]
                    elif c == 39:
                        fg = FG
                    elif c == 49:
                        bg = None
                    elif c in (38, 48) and i + 2 < len(codes) and codes[i + 1] == 5:
                        if c == 38:
                            fg = color256(codes[i + 2])
                        else:
                            bg = color256(codes[i + 2])
                        i += 2
                    i += 1
                continue
            for ch in part:
                cells.append((r, col, ch, fg, bg, bold))
                col += width(ch)
    ncols = max([c[1] + width(c[2]) for c in cells] + [80])
    w, h = ncols * CELL_W + 16, len(rows) * CELL_H + 16
    out = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d">' % (w, h),
           '<rect width="100%%" height="100%%" fill="%s"/>' % BG]
    for r, col, ch, fg, bg, bold in cells:
        x, y = 8 + col * CELL_W, 8 + r * CELL_H
        if bg:
            out.append('<rect x="%d" y="%d" width="%d" height="%d" fill="%s"/>' % (x, y, width(ch) * CELL_W, CELL_H, bg))
        if ch != " ":
            out.append('<text x="%d" y="%d" fill="%s" font-family="DejaVu Sans Mono, WenQuanYi Micro Hei Mono, monospace" '
                       'font-size="14"%s>%s</text>' % (x, y + 14, fg, ' font-weight="bold"' if bold else "", escape(ch)))
    out.append("</svg>")
    print("\n".join(out))


if __name__ == "__main__":
    main()
