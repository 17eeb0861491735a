import { useEffect, useRef, type ReactNode, type RefObject } from 'react';

interface PopoverProps {
  open: boolean;
  onClose: () => void;
  /** The button that opens it: clicks on it are not "outside", and focus returns to it on Escape. */
  anchorRef: RefObject<HTMLElement | null>;
  label: string;
  align?: 'start' | 'end';
  className?: string;
  children: ReactNode;
}

export function Popover({
  open,
  onClose,
  anchorRef,
  label,
  align = 'start',
  className,
  children,
}: PopoverProps) {
  const panelRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const onPointerDown = (event: PointerEvent) => {
      const target = event.target as Node;
      if (panelRef.current?.contains(target) || anchorRef.current?.contains(target)) return;
      onClose();
    };
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      event.preventDefault();
      onClose();
      anchorRef.current?.focus();
    };
    document.addEventListener('pointerdown', onPointerDown);
    document.addEventListener('keydown', onKeyDown);
    return () => {
      document.removeEventListener('pointerdown', onPointerDown);
      document.removeEventListener('keydown', onKeyDown);
    };
  }, [open, onClose, anchorRef]);

  if (!open) return null;
  return (
    <div
      ref={panelRef}
      className={`popover popover--${align} ${className ?? ''}`}
      role="dialog"
      aria-label={label}
    >
      {children}
    </div>
  );
}
