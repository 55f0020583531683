/**
 * Where the desktop app finds its parts, in development (`electron .` in the repository, after the
 * build) and packaged (electron-builder: code in app.asar, bundled resources next to it).
 *
 *   development                         packaged
 *   <repo>/dist/main/preload.cjs         <resources>/app.asar/dist/main/preload.cjs
 *   <repo>/dist/renderer/index.html      <resources>/app.asar/dist/renderer/index.html
 *   <repo>/dist/workers/main.cjs         <resources>/app.asar.unpacked/dist/workers/main.cjs
 *   <repo>/resources/{jre,camunda-run,…}  <resources>/{jre,camunda-run,ollama,models,icons}
 *   <repo>/processes                      <resources>/processes
 */
import { join } from 'node:path';

export interface DesktopPathsInput {
  isPackaged: boolean;
  /** app.getAppPath(): the repository in development, …/resources/app.asar packaged */
  appPath: string;
  /** process.resourcesPath */
  resourcesPath: string;
}

export interface DesktopPaths {
  /** folder holding processes/ (the kernel's PROCOS_APP_ROOT) */
  appRoot: string;
  /** folder holding jre/, camunda-run/, ollama/, models/ (the kernel's PROCOS_RESOURCES) */
  resources: string;
  icons: string;
  preload: string;
  rendererIndex: string;
  /** the bundled worker entry, outside the asar archive so utilityProcess can run it */
  workerEntry: string;
}

export function desktopPaths(i: DesktopPathsInput): DesktopPaths {
  if (!i.isPackaged) {
    return {
      appRoot: i.appPath,
      resources: join(i.appPath, 'resources'),
      icons: join(i.appPath, 'resources', 'icons'),
      preload: join(i.appPath, 'dist', 'main', 'preload.cjs'),
      rendererIndex: join(i.appPath, 'dist', 'renderer', 'index.html'),
      workerEntry: join(i.appPath, 'dist', 'workers', 'main.cjs'),
    };
  }
  const unpacked = i.appPath.replace(/app\.asar$/, 'app.asar.unpacked');
  return {
    appRoot: i.resourcesPath,
    resources: i.resourcesPath,
    icons: join(i.resourcesPath, 'icons'),
    preload: join(i.appPath, 'dist', 'main', 'preload.cjs'),
    rendererIndex: join(i.appPath, 'dist', 'renderer', 'index.html'),
    workerEntry: join(unpacked, 'dist', 'workers', 'main.cjs'),
  };
}

/** How many argv entries precede the user's arguments (see files.ts bpmnPathsFromArgv). */
export function argvSkip(isPackaged: boolean): number {
  return isPackaged ? 1 : 2;
}

/** The environment the kernel reads its locations from; set before the kernel module loads. */
export function kernelEnv(p: DesktopPaths, current: NodeJS.ProcessEnv): Record<string, string> {
  return {
    PROCOS_APP_ROOT: current.PROCOS_APP_ROOT ?? p.appRoot,
    PROCOS_RESOURCES: current.PROCOS_RESOURCES ?? p.resources,
  };
}
