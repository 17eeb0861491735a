import { Check } from 'lucide-react';
import { useCallback, useEffect, useRef, useState, type ReactNode, type RefObject } from 'react';

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

/**
 * State for one Popover: whether it is open, the element it hangs from, a stable `close`, and the props
 * of the button that toggles it.
 */
export function usePopover<T extends HTMLElement = HTMLButtonElement>() {
  const [open, setOpen] = useState(false);
  const anchorRef = useRef<T>(null);
  const close = useCallback(() => setOpen(false), []);
  const toggle = useCallback(() => setOpen((value) => !value), []);
  const triggerProps = { 'aria-haspopup': 'dialog', 'aria-expanded': open, onClick: toggle } as const;
  return { open, setOpen, close, anchorRef, triggerProps };
}

interface PresetOptionProps {
  selected: boolean;
  disabled?: boolean;
  onClick: () => void;
  children: ReactNode;
}

/** One choice in a popover's list of presets: a check mark when chosen, then its text. */
export function PresetOption({ selected, disabled, onClick, children }: PresetOptionProps) {
  return (
    <button
      type="button"
      className="range-preset"
      aria-pressed={selected}
      disabled={disabled}
      onClick={onClick}
    >
      <span className="range-preset__check">{selected && <Check size={13} />}</span>
      <span className="range-preset__text">{children}</span>
    </button>
  );
}
