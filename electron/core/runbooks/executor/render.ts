import type { Runbook, RunbookStep } from '../../../../shared/model/runbook';
import { errorMessage } from '../../errors';
import { durationMs } from './duration';
import type { ParamValue } from './params';
import { createRedactor, type Redactor } from './redact';
import { renderTemplate, type TemplateContext } from '../template';

export type RenderedStep =
  | { type: 'manual' | 'check' | 'query'; id: string; title: string; description: string }
  | {
      type: 'decision';
      id: string;
      title: string;
      description: string;
      options: { label: string; next: string }[];
    }
  | {
      type: 'command';
      id: string;
      title: string;
      description: string;
      safe: boolean;
      /** Exactly what the engineer is shown and must confirm: the command with variables filled, secrets hidden. */
      display: string;
      exec: {
        shell: string;
        run: string;
        cwd: string | undefined;
        env: Record<string, string>;
        timeoutMs: number;
      };
    }
  | {
      type: 'api_call';
      id: string;
      title: string;
      description: string;
      safe: boolean;
      display: string;
      exec: {
        method: string;
        url: string;
        headers: Record<string, string>;
        body: string | undefined;
        timeoutMs: number;
      };
    };

export interface Rendered {
  step: RenderedStep;
  redact: Redactor;
}

function secretParams(runbook: Runbook, params: Readonly<Record<string, ParamValue>>): string[] {
  return runbook.parameters
    .filter((p) => p.secret)
    .flatMap((p) => {
      const value = params[p.name];
      return value === undefined ? [] : [String(value)];
    });
}

function renderRecord(record: Record<string, string>, context: TemplateContext): Record<string, string> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, renderTemplate(v, context)]));
}

/** A query step with its search, metric, service and labels filled in, ready to run against the cache. */
export function renderQueryStep<S extends RunbookStep>(step: S, context: TemplateContext): S {
  if (step.type !== 'query') return step;
  const { query } = step;
  const filled =
    query.kind === 'logs'
      ? { ...query, search: renderTemplate(query.search, context) }
      : {
          ...query,
          metric: renderTemplate(query.metric, context),
          service: query.service === undefined ? undefined : renderTemplate(query.service, context),
          labels: renderRecord(query.labels, context),
        };
  return { ...step, query: filled };
}

/** Fills a step's templates; throws the renderer's AppError when a variable has no value yet. */
export function renderStep(
  runbook: Runbook,
  step: RunbookStep,
  params: Readonly<Record<string, ParamValue>>,
  context: TemplateContext,
): Rendered {
  const base = { id: step.id, title: renderTemplate(step.title, context), description: step.description };
  const runSecrets = secretParams(runbook, params);
  if (step.type === 'command') {
    const env = renderRecord(step.env, context);
    const redact = createRedactor([...runSecrets, ...step.secret_env.flatMap((name) => env[name] ?? [])]);
    const run = renderTemplate(step.run, context);
    return {
      redact,
      step: {
        ...base,
        type: 'command',
        safe: step.safe,
        display: redact(run),
        exec: {
          shell: step.shell,
          run,
          cwd: step.cwd === undefined ? undefined : renderTemplate(step.cwd, context),
          env,
          timeoutMs: durationMs(step.timeout),
        },
      },
    };
  }
  if (step.type === 'api_call') {
    const headers = renderRecord(step.headers, context);
    const secretNames = new Set(['authorization', ...step.secret_headers.map((h) => h.toLowerCase())]);
    const redact = createRedactor([
      ...runSecrets,
      ...Object.entries(headers)
        .filter(([name]) => secretNames.has(name.toLowerCase()))
        .map(([, value]) => value),
    ]);
    const url = renderTemplate(step.url, context);
    const body =
      step.body === undefined
        ? undefined
        : renderTemplate(typeof step.body === 'string' ? step.body : JSON.stringify(step.body), context);
    const headerLines = Object.entries(headers).map(([name, value]) =>
      secretNames.has(name.toLowerCase()) ? `${name}: ***` : redact(`${name}: ${value}`),
    );
    const display = [
      `${step.method} ${redact(url)}`,
      ...headerLines,
      ...(body === undefined ? [] : ['', redact(body)]),
    ];
    return {
      redact,
      step: {
        ...base,
        type: 'api_call',
        safe: step.safe,
        display: display.join('\n'),
        exec: { method: step.method, url, headers, body, timeoutMs: durationMs(step.timeout) },
      },
    };
  }
  const redact = createRedactor(runSecrets);
  if (step.type === 'decision') return { redact, step: { ...base, type: 'decision', options: step.options } };
  return { redact, step: { ...base, type: step.type } };
}

/** Like renderStep, but a variable still missing becomes a message to show instead of a throw. */
export function tryRenderStep(
  runbook: Runbook,
  step: RunbookStep,
  params: Readonly<Record<string, ParamValue>>,
  context: TemplateContext,
): { rendered: Rendered; error: null } | { rendered: null; error: string } {
  try {
    return { rendered: renderStep(runbook, step, params, context), error: null };
  } catch (error) {
    return { rendered: null, error: errorMessage(error) };
  }
}
