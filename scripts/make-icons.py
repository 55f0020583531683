#!/usr/bin/env python3
"""Draws ProcOS's icons into resources/icons/ (standard library only; the PNGs are committed).

  tray-<state>.png / tray-<state>@2x.png   status dots: ready green, starting/degraded amber,
                                           failed red, stopped grey (16 px and 32 px)
  icon.png (512 px), icon-256.png          app icon: a small BPMN flow (start -> task -> end)
  renderer/public/favicon.ico              the same at 16, 32 and 48 px (PNGs inside an ICO), for the
                                           browser tab of headless mode (favicon.svg beside it is drawn by hand)

Run: python3 scripts/make-icons.py
"""
import os
import struct
import zlib

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'resources', 'icons')
SS = 4  # supersampling per axis, for smooth edges


def png_bytes(width, height, pixels):
    """pixels: rows of (r, g, b, a) tuples."""
    raw = b''.join(b'\x00' + b''.join(struct.pack('BBBB', *p) for p in row) for row in pixels)

    def chunk(kind, data):
        body = kind + data
        return struct.pack('>I', len(data)) + body + struct.pack('>I', zlib.crc32(body) & 0xffffffff)

    return (b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', width, height, 8, 6, 0, 0, 0))
            + chunk(b'IDAT', zlib.compress(raw, 9)) + chunk(b'IEND', b''))


def png(path, width, height, pixels):
    with open(path, 'wb') as f:
        f.write(png_bytes(width, height, pixels))


def ico(path, images):
    """images: (size, png bytes) pairs -> an ICO file holding the PNGs (Windows Vista+ and every browser read it)."""
    header = struct.pack('<HHH', 0, 1, len(images))
    offset = 6 + 16 * len(images)
    entries, data = b'', b''
    for size, body in images:
        entries += struct.pack('<BBBBHHII', size % 256, size % 256, 0, 0, 1, 32, len(body), offset + len(data))
        data += body
    with open(path, 'wb') as f:
        f.write(header + entries + data)


def render(size, shade):
    """shade(x, y) -> (r, g, b, a) or None, in unit coordinates; averaged over SS*SS samples."""
    rows = []
    for py in range(size):
        row = []
        for px in range(size):
            acc = [0.0, 0.0, 0.0, 0.0]
            for sy in range(SS):
                for sx in range(SS):
                    c = shade((px + (sx + 0.5) / SS) / size, (py + (sy + 0.5) / SS) / size)
                    if c:
                        a = c[3] / 255.0
                        acc[0] += c[0] * a
                        acc[1] += c[1] * a
                        acc[2] += c[2] * a
                        acc[3] += a
            n = SS * SS
            alpha = acc[3] / n
            if alpha <= 0:
                row.append((0, 0, 0, 0))
            else:
                row.append(tuple(int(round(acc[i] / acc[3])) for i in range(3)) + (int(round(alpha * 255)),))
        rows.append(row)
    return rows


def dot(color):
    dark = tuple(int(c * 0.6) for c in color)

    def shade(x, y):
        d = ((x - 0.5) ** 2 + (y - 0.5) ** 2) ** 0.5
        if d <= 0.36:
            return color + (255,)
        if d <= 0.44:
            return dark + (255,)  # rim, visible on light and dark panels
        return None
    return shade


def app_icon(x, y):
    blue, white = (37, 99, 235), (255, 255, 255)
    # rounded square background
    r, m = 0.18, 0.04
    cx, cy = min(max(x, m + r), 1 - m - r), min(max(y, m + r), 1 - m - r)
    if (x - cx) ** 2 + (y - cy) ** 2 > r * r:
        return None
    # sequence flows: start event -> task -> end event
    if (0.28 <= x <= 0.37 or 0.63 <= x <= 0.72) and abs(y - 0.5) <= 0.018:
        return white + (255,)
    # start event (thin ring) at x 0.2, end event (thick ring) at x 0.8
    for ex, outer, inner in ((0.2, 0.09, 0.065), (0.8, 0.09, 0.05)):
        d = ((x - ex) ** 2 + (y - 0.5) ** 2) ** 0.5
        if d <= outer:
            return white + (255,) if d >= inner else blue + (255,)
    # task: rounded rectangle outline in the middle
    tx0, tx1, ty0, ty1, tr = 0.36, 0.64, 0.38, 0.62, 0.04
    qx, qy = min(max(x, tx0 + tr), tx1 - tr), min(max(y, ty0 + tr), ty1 - tr)
    d = ((x - qx) ** 2 + (y - qy) ** 2) ** 0.5
    if d <= tr:
        inset = 0.022
        ix, iy = min(max(x, tx0 + tr), tx1 - tr), min(max(y, ty0 + tr), ty1 - tr)
        inner_d = ((x - ix) ** 2 + (y - iy) ** 2) ** 0.5
        inside = tx0 + inset <= x <= tx1 - inset and ty0 + inset <= y <= ty1 - inset and inner_d <= tr - inset + 1e-9
        return blue + (255,) if inside else white + (255,)
    return blue + (255,)


STATES = {
    'ready': (34, 197, 94),
    'starting': (245, 158, 11),
    'degraded': (245, 158, 11),
    'failed': (239, 68, 68),
    'stopped': (148, 163, 184),
}

if __name__ == '__main__':
    os.makedirs(OUT, exist_ok=True)
    for state, color in STATES.items():
        for size, suffix in ((16, ''), (32, '@2x')):
            png(os.path.join(OUT, f'tray-{state}{suffix}.png'), size, size, render(size, dot(color)))
    for size, name in ((512, 'icon.png'), (256, 'icon-256.png')):
        png(os.path.join(OUT, name), size, size, render(size, app_icon))
    public = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'renderer', 'public')
    os.makedirs(public, exist_ok=True)
    ico(os.path.join(public, 'favicon.ico'), [(size, png_bytes(size, size, render(size, app_icon))) for size in (16, 32, 48)])
    print('icons written to', os.path.normpath(OUT), 'and', os.path.normpath(public))
