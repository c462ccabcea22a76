/**
 * A modal dialog of the panel (paste, export): opens on mount, focuses what the
 * caller names (the checked choice, the text area), closes on Esc or Cancel, and
 * keeps Esc from reaching DevTools (whose Esc opens the Console drawer).
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import './dialogs.css';

interface Props {
  /** Class names besides `offline-dialog`. */
  readonly class: string;
  readonly titleId: string;
  readonly testid: string;
  /** Called to close: Esc, or the caller's own buttons. */
  readonly onClose: () => void;
  /** The element focused when the dialog opens (a CSS selector inside it). */
  readonly initialFocus: string;
  readonly children: ComponentChildren;
}

export function Dialog({ class: className, titleId, testid, onClose, initialFocus, children }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (!element.open) element.showModal();
    element.querySelector<HTMLElement>(initialFocus)?.focus();
  }, []);
  return (
    <dialog
      ref={dialog}
      class={`offline-dialog ${className}`}
      aria-labelledby={titleId}
      data-testid={testid}
      onKeyDown={(e) => {
        if (e.key === 'Escape') e.stopPropagation();
      }}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      {children}
    </dialog>
  );
}
