/**
 * A modal dialog on the native <dialog>: the browser traps focus in it and makes the rest
 * inert; Escape closes it; focus goes back where it was when it closes. The run pauses
 * while it is open (it covers the stage) and plays on after if it was playing.
 */
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { usePauseWhileOpen } from '../cluster/pause-while-choosing';

export function Modal({
  title,
  onClose,
  className,
  children,
}: {
  title: string;
  onClose: () => void;
  className?: string;
  children: (titleId: string) => ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  usePauseWhileOpen();
  useEffect(() => {
    const dialog = ref.current;
    const before = document.activeElement;
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      if (dialog?.open) dialog.close();
      if (before instanceof HTMLElement || before instanceof SVGElement)
        before.focus({ preventScroll: true });
    };
  }, []);
  return (
    <dialog
      ref={ref}
      className={`modal ${className ?? ''}`}
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      onClick={(e) => {
        // A click on the backdrop (the dialog itself, outside its box) closes it.
        if (e.target === ref.current) onClose();
      }}
    >
      <div className="modal-box">
        <h2 id={titleId}>{title}</h2>
        {children(titleId)}
        <button type="button" className="popover-close" onClick={onClose} aria-label="Close">
          ×
        </button>
      </div>
    </dialog>
  );
}
