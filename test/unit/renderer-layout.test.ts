/** The editor's side panels given the room there is (panelLayout.ts), and how a variable is edited (variableTypes.ts). */
import { describe, expect, it } from 'vitest';
import { CANVAS_MIN, COLLAPSED, HANDLE, layoutPanels, PANEL_MIN } from '../../renderer/editor/panelLayout';
import { editType } from '../../renderer/monitor/variableTypes';

const wish = (id: string, width: number, collapsed = false) => ({ id, width, collapsed });
const canvas = (total: number, sizes: Record<string, { width: number; collapsed: boolean }>) =>
  total - Object.values(sizes).reduce((sum, s) => sum + s.width + (s.collapsed ? 0 : HANDLE), 0);

describe('layoutPanels', () => {
  it('gives each panel what it wants when there is room', () => {
    const sizes = layoutPanels(1440, [wish('properties', 340)]);
    expect(sizes.properties).toMatchObject({ width: 340, collapsed: false });
    expect(sizes.properties.max).toBe(1440 - CANVAS_MIN - HANDLE);
  });

  it('shrinks the panels in proportion, never below their minimum, so the canvas keeps 400 px (XML + Draft + Properties at 1024)', () => {
    const sizes = layoutPanels(1024, [wish('xml', 460), wish('copilot', 340), wish('properties', 340)]);
    for (const s of Object.values(sizes)) expect(s.width).toBeGreaterThanOrEqual(PANEL_MIN);
    expect(canvas(1024, sizes)).toBeGreaterThanOrEqual(CANVAS_MIN);
    expect(sizes.xml.width).toBeGreaterThan(sizes.copilot.width); // the one that wanted more keeps more
  });

  it('collapses panels, the rightmost first, when not even their minimum fits', () => {
    const sizes = layoutPanels(800, [wish('xml', 460), wish('properties', 340)]);
    expect(sizes.properties).toMatchObject({ width: COLLAPSED, collapsed: true });
    expect(sizes.xml.collapsed).toBe(false);
    expect(canvas(800, sizes)).toBeGreaterThanOrEqual(CANVAS_MIN);
  });

  it('keeps a collapsed panel collapsed and gives its room to the others', () => {
    const sizes = layoutPanels(1024, [wish('xml', 900), wish('properties', 340, true)]);
    expect(sizes.properties.collapsed).toBe(true);
    expect(sizes.xml.width).toBe(1024 - CANVAS_MIN - HANDLE - COLLAPSED);
  });
});

describe('editType', () => {
  it('edits a variable as its engine type', () => {
    expect(editType({ name: 'n', type: 'Integer', value: 3 })).toBe('Number');
    expect(editType({ name: 'j', type: 'Json', value: { a: 1 } })).toBe('JSON');
    expect(editType({ name: 's', type: 'String', value: 'x' })).toBe('String');
  });
  it('an empty (null) one as the type the topics take under that name, else text', () => {
    expect(editType({ name: 'url', type: 'Null', value: null })).toBe('String');
    expect(editType({ name: 'max_tokens', type: 'Null', value: null })).toBe('Number');
    expect(editType({ name: 'field_types', type: 'Null', value: null })).toBe('JSON');
    expect(editType({ name: 'anything', type: 'Null', value: null })).toBe('String');
  });
});
