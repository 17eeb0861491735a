import type { LucideIcon } from 'lucide-react';
import type { ReactNode } from 'react';

interface NotBuiltYetProps {
  icon: LucideIcon;
  title: string;
  /** What the screen will do for the on-call engineer, in two or three sentences. */
  children: ReactNode;
  /** Something real they can do in this version instead. */
  meanwhile?: ReactNode;
}

/** An honest panel for a screen this version does not have: no sample data, no controls that do nothing. */
export function NotBuiltYet({ icon: Icon, title, children, meanwhile }: NotBuiltYetProps) {
  return (
    <div className="not-built">
      <div className="not-built__card">
        <div className="icon-tile not-built__icon">
          <Icon size={22} aria-hidden="true" />
        </div>
        <div className="not-built__heading">
          <h1 className="not-built__title">{title}</h1>
          <span className="tag">Not in this version</span>
        </div>
        <div className="not-built__text">{children}</div>
        <p className="not-built__note">
          This version of Incident Workbench does not have this screen yet; nothing here is simulated.
        </p>
        {meanwhile && <div className="not-built__meanwhile">{meanwhile}</div>}
      </div>
    </div>
  );
}
