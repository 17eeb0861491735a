import { useNavigation } from './navigation';
import { formatHash, parseHash, type Route } from './route';
import { applyRangeSpec, rangeSpec, useTimeRange } from './timeRange';
import { subscribeViewParams, viewParamsOf } from './viewParams';

function currentHash(): string {
  const route = useNavigation.getState();
  return formatHash(route, rangeSpec(useTimeRange.getState()), viewParamsOf(route.area));
}

function write(mode: 'push' | 'replace'): void {
  const hash = currentHash();
  if (hash === location.hash) return;
  if (mode === 'push') history.pushState(null, '', hash);
  else history.replaceState(history.state, '', hash);
}

function sameRoute(a: Route, b: Route): boolean {
  return a.area === b.area && a.incidentId === b.incidentId && a.incidentView === b.incidentView;
}

/**
 * Keeps `location.hash` and the stores in step so a reload (or Back) lands on the same view. Moving between
 * views adds a history entry; adjusting the time range only replaces the current one, or Back would walk
 * through every range tried.
 */
export function syncLocation(): () => void {
  write('replace');
  const unsubscribeRoute = useNavigation.subscribe((route, previous) => {
    if (!sameRoute(route, previous)) write('push');
  });
  const unsubscribeRange = useTimeRange.subscribe(() => write('replace'));
  // A screen's store may change while a link is being followed (its own hash listener runs first); writing
  // then would put back the old area's hash before the route catches up, so only write once they agree.
  const unsubscribeView = subscribeViewParams(() => {
    if (parseHash(location.hash).route.area === useNavigation.getState().area) write('replace');
  });
  const onHashChange = () => {
    const parsed = parseHash(location.hash);
    if (!sameRoute(parsed.route, useNavigation.getState())) useNavigation.setState(parsed.route);
    applyRangeSpec(parsed.range);
  };
  window.addEventListener('popstate', onHashChange);
  window.addEventListener('hashchange', onHashChange);
  return () => {
    unsubscribeRoute();
    unsubscribeRange();
    unsubscribeView();
    window.removeEventListener('popstate', onHashChange);
    window.removeEventListener('hashchange', onHashChange);
  };
}
