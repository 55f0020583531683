/**
 * Drop .bpmn files (with the .form files they use) anywhere on the window to deploy them together at once
 * (the notice offers "Open in editor"); dropped on the Modeler's canvas they open there instead, as in
 * Camunda Modeler (Deploy is one click away).
 */
import { useEffect, useState, type ReactNode } from 'react';
import { useNotify } from '../app/notices';
import { openInNewTab } from '../editor/tabs';
import { deployFiles, readDiagrams } from './deployFiles';
import { deployNotice } from './deployNotice';

const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes('Files');
/** the Modeler's canvas, where a drop opens the files */
const onCanvas = (e: DragEvent) => e.target instanceof Element && !!e.target.closest('[data-testid="editor-canvas"]');

type Mode = 'deploy' | 'open';

export function DropZone({ children }: { children: ReactNode }) {
  const notify = useNotify();
  const [dragging, setDragging] = useState<Mode>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let depth = 0;
    const enter = (e: DragEvent) => { if (hasFiles(e)) { depth++; setDragging(onCanvas(e) ? 'open' : 'deploy'); } };
    const over = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
      setDragging(onCanvas(e) ? 'open' : 'deploy');
    };
    const leave = (e: DragEvent) => { if (hasFiles(e) && --depth <= 0) { depth = 0; setDragging(undefined); } };
    const drop = async (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth = 0;
      setDragging(undefined);
      const files = Array.from(e.dataTransfer?.files ?? []);
      if (!files.length) return;
      if (onCanvas(e)) {
        const { files: read, refused } = await readDiagrams(files);
        read.filter((f) => !refused.some((r) => r.file === f.name)).forEach((f) => openInNewTab(f));
        if (refused.length) notify({ kind: 'error', testId: 'open-refused', title: 'Not opened', body: refused.map((r) => `${r.file} ${r.reason}`).join('; ') });
        return;
      }
      setBusy(true);
      try {
        const { refused, result, files: read } = await deployFiles(files);
        notify(deployNotice(result, refused, files.length, read));
      } finally {
        setBusy(false);
      }
    };
    document.addEventListener('dragenter', enter);
    document.addEventListener('dragover', over);
    document.addEventListener('dragleave', leave);
    document.addEventListener('drop', drop);
    return () => {
      document.removeEventListener('dragenter', enter);
      document.removeEventListener('dragover', over);
      document.removeEventListener('dragleave', leave);
      document.removeEventListener('drop', drop);
    };
  }, [notify]);

  return (
    <>
      {children}
      {(dragging || busy) && (
        <div className="drop-overlay" data-testid="drop-overlay" data-mode={busy ? 'deploy' : dragging} aria-live="polite">
          <div className="drop-target">{busy ? 'Deploying…' : dragging === 'open' ? 'Drop to open in the editor' : 'Drop BPMN (and .form) files to deploy them'}</div>
        </div>
      )}
    </>
  );
}
