/** The window title: the file name with an unsaved marker ("• order.bpmn — ProcOS"). Electron's
 * window follows the page title. */
import { useEffect } from 'react';

export const APP_NAME = 'ProcOS';

export function windowTitle(fileName: string | undefined, dirty: boolean): string {
  return fileName ? `${dirty ? '• ' : ''}${fileName} — ${APP_NAME}` : APP_NAME;
}

export function useWindowTitle(fileName: string | undefined, dirty: boolean): void {
  useEffect(() => {
    document.title = windowTitle(fileName, dirty);
  }, [fileName, dirty]);
  useEffect(() => () => { document.title = APP_NAME; }, []);
}
