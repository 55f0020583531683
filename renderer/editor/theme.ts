/** Diagram colours that follow the OS colour scheme (read when a diagram widget is created). */
export function prefersDark(): boolean {
  return typeof matchMedia !== 'undefined' && matchMedia('(prefers-color-scheme: dark)').matches;
}

export function diagramColors() {
  return prefersDark()
    ? { defaultFillColor: '#1f2328', defaultStrokeColor: '#d0d7de', defaultLabelColor: '#d0d7de' }
    : { defaultFillColor: '#ffffff', defaultStrokeColor: '#22242a', defaultLabelColor: '#22242a' };
}
