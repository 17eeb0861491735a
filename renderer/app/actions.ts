import { describeError } from '../components/errors';
import { formatCount } from '../components/format';
import { loadIncidents, reloadShownIncidents } from '../state/incidents';
import { openIncident } from '../state/navigation';
import { loadSources } from '../state/sources';
import { notify } from '../state/ui';
import { loadWorkspace, runDemoLoad, useWorkspace } from '../state/workspace';

/** Loads the demo, refreshes what depends on it and opens the demo incident, from any screen. */
export async function loadDemoAndOpen(): Promise<void> {
  if (useWorkspace.getState().demo.status === 'running') return;
  const result = await runDemoLoad();
  if (!result) {
    const { title, hint } = describeError(useWorkspace.getState().demo.error, 'load the demo');
    notify({ tone: 'error', title, detail: hint });
    return;
  }
  await reloadEverything();
  openIncident(result.incidentId);
  notify({
    tone: 'success',
    title: `Demo incident ${result.incidentId} loaded in ${result.seconds.toFixed(1)} s`,
    detail: `${formatCount(result.counts.logs)} log lines, ${formatCount(result.counts.series)} metric series, ${formatCount(result.counts.traces)} traces and ${formatCount(result.counts.alerts)} alerts cached locally.`,
  });
}

export async function reloadEverything(): Promise<void> {
  await Promise.all([loadIncidents(), loadWorkspace(), reloadShownIncidents(), loadSources()]);
}
