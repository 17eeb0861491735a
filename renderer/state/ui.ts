import { create } from 'zustand';

export type ToastTone = 'info' | 'success' | 'error';

export interface Toast {
  id: number;
  tone: ToastTone;
  title: string;
  detail?: string;
}

interface UiState {
  paletteOpen: boolean;
  toasts: Toast[];
}

export const useUi = create<UiState>(() => ({ paletteOpen: false, toasts: [] }));

export function setPaletteOpen(open: boolean): void {
  useUi.setState({ paletteOpen: open });
}

export function togglePalette(): void {
  useUi.setState((state) => ({ paletteOpen: !state.paletteOpen }));
}

let nextToastId = 1;
const TOAST_MS = 6000;

export function notify(toast: Omit<Toast, 'id'>): void {
  const id = nextToastId++;
  useUi.setState((state) => ({ toasts: [...state.toasts.slice(-2), { ...toast, id }] }));
  window.setTimeout(() => dismissToast(id), toast.tone === 'error' ? TOAST_MS * 2 : TOAST_MS);
}

export function dismissToast(id: number): void {
  useUi.setState((state) => ({ toasts: state.toasts.filter((toast) => toast.id !== id) }));
}
