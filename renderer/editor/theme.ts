/**
 * Diagram colours as CSS variables (bpmn-js sets fill and stroke as style properties, so var() works):
 * the diagrams follow the OS colour scheme, also when it changes while the app is open.
 */
export function diagramColors() {
  return { defaultFillColor: 'var(--diagram-fill)', defaultStrokeColor: 'var(--diagram-stroke)', defaultLabelColor: 'var(--diagram-stroke)' };
}
