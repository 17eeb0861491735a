import { Activity, Compass } from 'lucide-react';
import { Kbd } from '../components/Badges';
import { go, useNavigation } from '../state/navigation';
import type { Area } from '../state/route';
import { areaInfo, exploreAreas, workAreas } from './areas';

function NavItem({ area, nested = false }: { area: Area; nested?: boolean }) {
  const current = useNavigation((state) => state.area === area);
  const { label, icon: Icon, key, built } = areaInfo[area];
  return (
    <li>
      <button
        type="button"
        className={`nav-item ${nested ? 'nav-item--nested' : ''}`}
        aria-current={current ? 'page' : undefined}
        aria-keyshortcuts={`g ${key}`}
        title={`${label} (g then ${key})${built ? '' : ' · not in this version yet'}`}
        data-testid={`nav-${area}`}
        onClick={() => go(area)}
      >
        <Icon size={15} aria-hidden="true" className="nav-item__icon" />
        <span className="nav-item__label">{label}</span>
        <span className="nav-item__aside">
          {!built && <span className="nav-item__soon">later</span>}
          <Kbd keys={['G', key.toUpperCase()]} />
        </span>
      </button>
    </li>
  );
}

export function Sidebar() {
  return (
    <nav className="sidebar" aria-label="Main">
      <div className="sidebar__brand">
        <span className="sidebar__logo" aria-hidden="true">
          <Activity size={14} strokeWidth={2.5} />
        </span>
        <span className="sidebar__name">Incident Workbench</span>
      </div>
      <ul className="nav-list">
        <NavItem area="incidents" />
      </ul>
      <div className="nav-group" id="nav-explore">
        <Compass size={13} aria-hidden="true" />
        Explore
      </div>
      <ul className="nav-list" aria-labelledby="nav-explore">
        {exploreAreas.map((area) => (
          <NavItem key={area} area={area} nested />
        ))}
      </ul>
      <hr className="nav-divider" />
      <ul className="nav-list">
        {workAreas.map((area) => (
          <NavItem key={area} area={area} />
        ))}
      </ul>
      <ul className="nav-list nav-list--bottom">
        <NavItem area="sources" />
      </ul>
    </nav>
  );
}
