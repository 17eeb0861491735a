import type { Runbook } from '../../../../shared/model/runbook';
import type { TemplateContext } from '../template';
import type { IncidentRef } from './incident-window';
import { resolveParams, type ParamValue } from './params';
import { tryRenderStep, type RenderedStep } from './render';

export interface PlannedStep {
  id: string;
  type: RenderedStep['type'];
  title: string;
  description: string;
  /** The command or request with variables filled and secrets hidden; outputs of earlier steps as <placeholders>. */
  display: string | null;
  safe: boolean;
  options: { label: string; next: string }[];
  error: string | null;
}

function describeQuery(query: Extract<Runbook['steps'][number], { type: 'query' }>['query']): string {
  if (query.kind === 'logs') return `logs matching ${JSON.stringify(query.search)} (newest ${query.limit})`;
  const labels = Object.entries(query.labels).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  if (query.service !== undefined) labels.unshift(`service=${JSON.stringify(query.service)}`);
  return `metric ${query.metric}${labels.length ? `{${labels.join(',')}}` : ''}`;
}

/** Outputs do not exist before a run, so each declared one stands in as `<step.name>`. */
function placeholderSteps(runbook: Runbook): Record<string, TemplateContext> {
  return Object.fromEntries(
    runbook.steps.map((step) => {
      const names = [...step.outputs.map((o) => o.name), ...(step.type === 'decision' ? ['choice'] : [])];
      return [step.id, { outputs: Object.fromEntries(names.map((name) => [name, `<${step.id}.${name}>`])) }];
    }),
  );
}

/** Every step in file order as it would be shown before running, without running or recording anything. */
export function planDryRun(
  runbook: Runbook,
  given: Record<string, ParamValue>,
  incident: Pick<IncidentRef, 'id' | 'services'> | null,
): PlannedStep[] {
  const params = resolveParams(runbook, given);
  const context: TemplateContext = {
    params,
    ...(incident ? { incident: { id: incident.id, services: incident.services } } : {}),
    steps: placeholderSteps(runbook),
  };
  return runbook.steps.map((step) => {
    const rendered = tryRenderStep(runbook, step, params, context);
    const shown = rendered.rendered?.step;
    return {
      id: step.id,
      type: step.type,
      title: shown?.title ?? step.title,
      description: step.description,
      display:
        shown && 'display' in shown
          ? shown.display
          : step.type === 'query'
            ? describeQuery(step.query)
            : null,
      safe: (step.type === 'command' || step.type === 'api_call') && step.safe,
      options: step.type === 'decision' ? step.options : [],
      error: rendered.error,
    };
  });
}
