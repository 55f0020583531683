/** Drop .bpmn files (with the .form files they use) anywhere on the window to deploy them together. */
import { useEffect, useState, type ReactNode } from 'react';
import { useNotify } from '../app/notices';
import { deployFiles } from './deployFiles';
import { deployNotice } from './deployNotice';

const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes('Files');

export function DropZone({ children }: { children: ReactNode }) {
  const notify = useNotify();
  const [dragging, setDragging] = useState(false);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let depth = 0;
    const enter = (e: DragEvent) => { if (hasFiles(e)) { depth++; setDragging(true); } };
    const over = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const leave = (e: DragEvent) => { if (hasFiles(e) && --depth <= 0) { depth = 0; setDragging(false); } };
    const drop = async (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth = 0;
      setDragging(false);
      const files = Array.from(e.dataTransfer?.files ?? []);
      if (!files.length) return;
      setBusy(true);
      try {
        const { refused, result } = await deployFiles(files);
        notify(deployNotice(result, refused, files.length));
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
        <div className="drop-overlay" data-testid="drop-overlay" aria-live="polite">
          <div className="drop-target">{busy ? 'Deploying…' : 'Drop BPMN (and .form) files to deploy them'}</div>
        </div>
      )}
    </>
  );
}
