/**
 * A modal dialog as people expect one, the one every dialog of the app uses: focus moves into it and
 * stays there (Tab and Shift+Tab wrap; focus-trap), Esc closes it (the innermost one, when dialogs
 * stack), a press on the backdrop closes it, and focus goes back to what opened it.
 */
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { createFocusTrap } from 'focus-trap';

interface Props {
  /** the id of the dialog's heading (its accessible name) */
  labelledBy: string;
  onClose(): void;
  children: ReactNode;
  /** an alertdialog asks for a decision (a confirmation) */
  role?: 'dialog' | 'alertdialog';
  className?: string;
  testId?: string;
  /** the dialog is a form: Enter in a field submits */
  onSubmit?(e: FormEvent<HTMLFormElement>): void;
}

export function Modal({ labelledBy, onClose, children, role = 'dialog', className = 'modal', testId, onSubmit }: Props) {
  const box = useRef<HTMLDivElement & HTMLFormElement>(null);
  // what had focus when the dialog opened (read before a field inside takes it with autoFocus)
  const [opener] = useState(() => document.activeElement as HTMLElement | null);
  const close = useRef(onClose);
  close.current = onClose;

  useEffect(() => {
    const trap = createFocusTrap(box.current!, {
      fallbackFocus: box.current!,
      // Esc closes this dialog (only the innermost trap sees it); unmounting deactivates the trap
      escapeDeactivates: () => { close.current(); return false; },
      allowOutsideClick: true,
      returnFocusOnDeactivate: true,
      setReturnFocus: () => (opener?.isConnected ? opener : false),
    });
    trap.activate();
    return () => { trap.deactivate(); };
  }, [opener]);

  const props = {
    ref: box, className, role, 'aria-modal': true, 'aria-labelledby': labelledBy, 'data-testid': testId, tabIndex: -1,
  } as const;
  return (
    <div className="modal-backdrop" onMouseDown={(e) => { if (e.target === e.currentTarget) close.current(); }}>
      {onSubmit
        ? <form {...props} onSubmit={(e) => { e.preventDefault(); onSubmit(e); }}>{children}</form>
        : <div {...props}>{children}</div>}
    </div>
  );
}
