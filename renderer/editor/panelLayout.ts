/**
 * How wide the editor's side panels (XML, copilot, properties) are, given the room there is: each wants
 * the width its user gave it; the canvas never gets less than CANVAS_MIN. When the wishes do not fit,
 * the open panels give way in proportion down to their minimum; when even that does not fit (a narrow
 * window), panels collapse to a strip, the rightmost first. Pure: unit-tested without a browser.
 */
export const CANVAS_MIN = 400;
export const PANEL_MIN = 200;
/** a collapsed panel: a strip with the button that opens it again */
export const COLLAPSED = 32;
/** the drag handle beside each open panel */
export const HANDLE = 6;

export interface PanelWish { id: string; width: number; collapsed: boolean; min?: number }
export interface PanelSize { width: number; collapsed: boolean; /** what a drag may widen it to now */ max: number }

export function layoutPanels(total: number, wishes: PanelWish[]): Record<string, PanelSize> {
  const min = (w: PanelWish) => w.min ?? PANEL_MIN;
  const collapsed = new Set(wishes.filter((w) => w.collapsed).map((w) => w.id));
  const room = () => total - CANVAS_MIN - wishes.reduce((sum, w) => sum + (collapsed.has(w.id) ? COLLAPSED : HANDLE), 0);
  const open = () => wishes.filter((w) => !collapsed.has(w.id));
  // too narrow for every open panel at its minimum: collapse from the right
  for (const w of [...wishes].reverse()) {
    if (open().reduce((sum, o) => sum + min(o), 0) <= room()) break;
    collapsed.add(w.id);
  }
  const available = Math.max(0, room());
  const wanted = open().reduce((sum, w) => sum + Math.max(min(w), w.width), 0);
  const slack = open().reduce((sum, w) => sum + Math.max(0, w.width - min(w)), 0);
  const excess = Math.max(0, wanted - available);
  const sizes: Record<string, PanelSize> = {};
  for (const w of wishes) {
    if (collapsed.has(w.id)) { sizes[w.id] = { width: COLLAPSED, collapsed: true, max: COLLAPSED }; continue; }
    const give = slack ? (Math.max(0, w.width - min(w)) / slack) * excess : 0;
    sizes[w.id] = { width: Math.floor(Math.max(min(w), w.width) - give), collapsed: false, max: 0 };
  }
  const used = open().reduce((sum, w) => sum + sizes[w.id].width, 0);
  for (const w of open()) sizes[w.id].max = Math.max(sizes[w.id].width, sizes[w.id].width + available - used);
  return sizes;
}
