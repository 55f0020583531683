/** Open and save in a browser: a file picker and a download (the desktop app uses native dialogs). */
export function pickFile(accept = '.bpmn,.xml,.form'): Promise<File | undefined> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = accept;
    input.setAttribute('data-testid', 'open-file-input');
    input.style.display = 'none';
    input.addEventListener('change', () => { resolve(input.files?.[0]); input.remove(); });
    input.addEventListener('cancel', () => { resolve(undefined); input.remove(); });
    document.body.append(input);
    input.click();
  });
}

export function downloadText(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/xml' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A file the browser lets the page write to again (File System Access API: Chromium's, over http://127.0.0.1 too). */
export interface WritableFile { readonly name: string; createWritable(): Promise<{ write(text: string): Promise<void>; close(): Promise<void> }> }
type SavePicker = (options: { suggestedName: string; types: { description: string; accept: Record<string, string[]> }[] }) => Promise<WritableFile>;

/** The browser's own "Save as" dialog, where it has one. */
export function savePicker(): SavePicker | undefined {
  return (window as unknown as { showSaveFilePicker?: SavePicker }).showSaveFilePicker;
}

/** Asks where to save with the browser's dialog; null when the user cancels. */
export async function pickSaveFile(picker: SavePicker, suggestedName: string): Promise<WritableFile | null> {
  try {
    return await picker({ suggestedName, types: [{ description: 'BPMN diagram', accept: { 'application/xml': ['.bpmn'] } }] });
  } catch (err) {
    if ((err as Error).name === 'AbortError') return null;
    throw err;
  }
}

export async function writeFile(file: WritableFile, text: string): Promise<void> {
  const out = await file.createWritable();
  await out.write(text);
  await out.close();
}

/** A name typed by a person, as a file name: trimmed, with .bpmn unless it has a BPMN extension. */
export function bpmnFileName(typed: string): string {
  const name = typed.trim().replace(/[\\/:*?"<>|]+/g, '-');
  return /\.(bpmn|xml)$/i.test(name) ? name : `${name}.bpmn`;
}
