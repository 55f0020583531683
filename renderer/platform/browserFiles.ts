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
