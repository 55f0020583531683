/**
 * Text contrast as a reader meets it (WCAG 2 relative luminance): for each visible element that
 * holds text directly, its computed colour against the background it is drawn on (the first opaque
 * background up the tree, translucent ones blended in).
 */
import type { Page } from 'playwright-core';

export interface LowContrast { text: string; ratio: number; color: string; background: string }

/** Text inside `selector` with a contrast ratio under `min` (4.5 for body text). */
export function lowContrastTexts(page: Page, selector: string, min = 4.5): Promise<LowContrast[]> {
  return page.evaluate(({ selector, min }) => {
    const parse = (c: string): number[] => {
      const m = c.match(/rgba?\(([^)]+)\)/);
      if (!m) return [0, 0, 0, 0];
      const p = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
      return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
    };
    const blend = (top: number[], under: number[]) => [0, 1, 2].map((i) => top[i] * top[3] + under[i] * (1 - top[3])).concat(1);
    const backgroundOf = (el: Element | null): number[] => {
      const layers: number[][] = [];
      for (let e = el; e; e = e.parentElement) {
        const bg = parse(getComputedStyle(e).backgroundColor);
        if (bg[3] > 0) layers.push(bg);
        if (bg[3] >= 1) break;
      }
      let color = [255, 255, 255, 1];
      for (const layer of layers.reverse()) color = blend(layer, color);
      return color;
    };
    const lum = (c: number[]) => {
      const [r, g, b] = c.slice(0, 3).map((v) => { const s = v / 255; return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; });
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const out: { text: string; ratio: number; color: string; background: string }[] = [];
    for (const root of document.querySelectorAll(selector)) {
      for (const el of [root, ...root.querySelectorAll('*')] as HTMLElement[]) {
        const text = [...el.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent?.trim()).join(' ').trim()
          || (el instanceof HTMLInputElement && el.type !== 'checkbox' ? el.value : '');
        const style = getComputedStyle(el);
        if (!text || (el as HTMLInputElement).disabled || el.getClientRects().length === 0 || style.visibility === 'hidden' || Number(style.opacity) === 0) continue;
        const bg = backgroundOf(el);
        const fg = blend(parse(style.color), bg);
        const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
        const ratio = Math.round(((a + 0.05) / (b + 0.05)) * 100) / 100;
        if (ratio < min) out.push({ text: text.slice(0, 40), ratio, color: style.color, background: `rgb(${bg.slice(0, 3).map(Math.round).join(', ')})` });
      }
    }
    return out;
  }, { selector, min });
}
