/**
 * The desktop bridge, when there is one: `window.procosDesktop` is exposed by the Electron preload
 * (main/preload.ts) and absent in a browser. Everything else in renderer/platform/ asks here.
 */
import type { ProcosDesktop } from '../../common/desktop';

declare global {
  interface Window { procosDesktop?: ProcosDesktop }
}

export function desktopBridge(): ProcosDesktop | undefined {
  return window.procosDesktop;
}

/** The last part of a path, for either separator. */
export function baseName(path: string): string {
  return path.split(/[\\/]/).pop() || path;
}
