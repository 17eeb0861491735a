import { CircleCheck, Info, TriangleAlert } from 'lucide-react';
import { DismissButton, WithCode } from '../components/Feedback';
import { dismissToast, useUi, type ToastTone } from '../state/ui';

const icons: Record<ToastTone, typeof Info> = { info: Info, success: CircleCheck, error: TriangleAlert };

export function Toasts() {
  const toasts = useUi((state) => state.toasts);
  return (
    <div className="toasts" role="status" aria-live="polite">
      {toasts.map((toast) => {
        const Icon = icons[toast.tone];
        return (
          <div key={toast.id} className={`toast toast--${toast.tone}`}>
            <Icon size={16} aria-hidden="true" className="toast__icon" />
            <div className="toast__body">
              <div className="toast__title">{toast.title}</div>
              {toast.detail && (
                <div className="toast__detail">
                  <WithCode text={toast.detail} />
                </div>
              )}
            </div>
            <DismissButton label="Dismiss" onClick={() => dismissToast(toast.id)} />
          </div>
        );
      })}
    </div>
  );
}
