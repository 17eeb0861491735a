import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { runbook as runbookSchema, type StepType } from '../../shared/model/runbook';
import { defaultHypothesisRules } from '../../electron/core/investigation/hypotheses/defaults';
import { listRunbooks } from '../../electron/core/runbooks/list';
import { loadRunbookFile, validateRunbookText } from '../../electron/core/runbooks/load';
import { renderTemplate } from '../../electron/core/runbooks/template';
import { tempDir } from '../support/temp';

const RUNBOOKS = path.resolve(__dirname, '../../runbooks');

const shipped = listRunbooks(RUNBOOKS);

/** A small valid runbook; each hostile case changes one thing in it. */
const base = `id: sample
title: Sample
parameters:
  - name: namespace
    required: true
steps:
  - id: first
    title: List pods
    type: command
    run: kubectl -n {{params.namespace}} get pods
    safe: true
    outputs:
      - name: pod
        regex: '\\n(\\S+)'
  - id: second
    title: Confirm
    type: manual
    description: Look at {{steps.first.outputs.pod}}
`;

function problemsOf(text: string) {
  return validateRunbookText(text, 'runbooks/sample.yaml');
}

function lineOf(text: string, needle: string): number {
  const index = text.split('\n').findIndex((line) => line.includes(needle));
  expect(index, `${needle} is in the text`).toBeGreaterThanOrEqual(0);
  return index + 1;
}

describe('shipped runbooks', () => {
  it('all eight are present and valid', () => {
    expect(shipped.map((r) => r.runbook?.id).sort()).toEqual([
      'db-connection-pool-exhaustion',
      'dependency-outage',
      'disk-full',
      'error-rate-after-deploy',
      'high-memory-oom',
      'k8s-crashloopbackoff',
      'latency-slo-burn',
      'tls-certificate-expiry',
    ]);
    for (const listed of shipped) expect(listed.problems, listed.file).toEqual([]);
  });

  it('each file is named after its runbook id', () => {
    for (const listed of shipped) expect(path.basename(listed.file, '.yaml')).toBe(listed.runbook?.id);
  });

  it('use every step type across the set, several types in each', () => {
    const all = new Set<StepType>();
    for (const listed of shipped) {
      const types = new Set(listed.runbook?.steps.map((s) => s.type));
      expect(types.size, listed.file).toBeGreaterThanOrEqual(4);
      types.forEach((t) => all.add(t));
    }
    expect([...all].sort()).toEqual(['api_call', 'check', 'command', 'decision', 'manual', 'query']);
  });

  it('contain every step the hypothesis test plans point at', () => {
    const steps = new Map(shipped.map((r) => [r.runbook?.id, new Set(r.runbook?.steps.map((s) => s.id))]));
    const referenced = defaultHypothesisRules
      .flatMap((rule) => rule.testPlan)
      .filter((s) => s.runbook !== null);
    expect(referenced.length).toBeGreaterThan(0);
    for (const ref of referenced) {
      expect(steps.get(ref.runbook ?? undefined), `runbook ${ref.runbook}`).toBeDefined();
      if (ref.step !== null)
        expect(steps.get(ref.runbook ?? undefined)?.has(ref.step), `${ref.runbook}#${ref.step}`).toBe(true);
    }
  });

  it('runbooks/schema.json is what the zod schema generates', () => {
    const committed: unknown = JSON.parse(fs.readFileSync(path.join(RUNBOOKS, 'schema.json'), 'utf8'));
    expect(committed).toEqual(z.toJSONSchema(runbookSchema, { io: 'input' }));
  });

  it('loading returns the sha256 of the bytes and the text', () => {
    const file = path.join(RUNBOOKS, 'disk-full.yaml');
    const loaded = loadRunbookFile(file);
    const bytes = fs.readFileSync(file);
    expect(loaded.source).toBe(bytes.toString('utf8'));
    expect(loaded.hash).toMatch(/^[0-9a-f]{64}$/);
    const copy = path.join(tempDir(), 'disk-full.yaml');
    fs.writeFileSync(copy, Buffer.concat([bytes, Buffer.from('\n')]));
    expect(loadRunbookFile(copy).hash).not.toBe(loaded.hash);
  });
});

describe('hostile runbooks', () => {
  it('accepts the base sample', () => {
    expect(problemsOf(base)).toEqual([]);
  });

  it('a value of the wrong type names the field and its line', () => {
    const text = base.replace('    safe: true', '    safe: true\n    timeout: 5 minutes');
    const [problem, ...rest] = problemsOf(text);
    expect(rest).toEqual([]);
    expect(problem).toMatchObject({
      file: 'runbooks/sample.yaml',
      line: lineOf(text, 'timeout: 5 minutes'),
      column: 14,
      field: 'steps[0].timeout',
      message: 'a duration such as 500ms, 30s, 5m or 1h',
    });
  });

  it('a list where text belongs says what was expected', () => {
    const text = base.replace('title: Confirm', 'title: [Confirm]');
    expect(problemsOf(text)).toMatchObject([
      {
        line: lineOf(text, 'title: [Confirm]'),
        field: 'steps[1].title',
        message: 'expected text, got a list',
      },
    ]);
  });

  it('an unknown step type lists the known ones', () => {
    const text = base.replace('type: manual', 'type: shell');
    const problems = problemsOf(text);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line: lineOf(text, 'type: shell'), field: 'steps[1].type' });
    expect(problems[0]?.message).toContain('unknown type "shell"');
    expect(problems[0]?.message).toContain('api_call');
  });

  it('a misspelt key is reported at the key instead of being ignored', () => {
    const text = base.replace('    safe: true', '    safe: true\n    timout: 30s');
    expect(problemsOf(text)).toMatchObject([
      { line: lineOf(text, 'timout: 30s'), column: 5, field: 'steps[0].timout', message: 'unknown field' },
    ]);
  });

  it('a missing required field points at the mapping that lacks it', () => {
    const text = base.replace('    run: kubectl -n {{params.namespace}} get pods\n', '');
    expect(problemsOf(text)).toMatchObject([
      { line: lineOf(text, 'id: first'), field: 'steps[0].run', message: 'required (text)' },
    ]);
  });

  it('a duplicate step id names the second one', () => {
    const text = base.replace('id: second', 'id: first');
    const problems = problemsOf(text);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line: lineOf(text, 'title: Confirm') - 1, field: 'steps[1].id' });
    expect(problems[0]?.message).toContain('already the id of steps[0]');
  });

  it('a goto to a step that does not exist', () => {
    const text = base.replace('    safe: true', '    safe: true\n    on_failure:\n      goto: nowhere');
    expect(problemsOf(text)).toMatchObject([
      {
        line: lineOf(text, 'goto: nowhere'),
        field: 'steps[0].on_failure.goto',
        message: 'no step has the id nowhere',
      },
    ]);
  });

  it('a decision option leading nowhere and a check on a later step', () => {
    const text = `${base}  - id: pick
    title: Pick
    type: decision
    options:
      - label: A
        next: second
      - label: B
        next: missing
  - id: verify
    title: Verify
    type: check
    check:
      step: later
      contains: ok
  - id: later
    title: Later
    type: manual
`;
    expect(problemsOf(text)).toMatchObject([
      {
        line: lineOf(text, 'next: missing'),
        field: 'steps[2].options[1].next',
        message: 'no step has the id missing',
      },
      {
        line: lineOf(text, 'step: later'),
        field: 'steps[3].check.step',
        message: 'later must come before this step',
      },
    ]);
  });

  it('an unknown template variable is an error at validation time', () => {
    const text = base.replace(
      'Look at {{steps.first.outputs.pod}}',
      'Look at {{steps.first.outputs.node}} in {{params.cluster}}',
    );
    const problems = problemsOf(text);
    expect(problems.map((p) => p.field)).toEqual(['steps[1].description', 'steps[1].description']);
    expect(problems.every((p) => p.line === lineOf(text, 'Look at'))).toBe(true);
    expect(problems[0]?.message).toContain('{{steps.first.outputs.node}} is not captured by step first');
    expect(problems[1]?.message).toContain('{{params.cluster}} names no declared parameter');
  });

  it('a template may not reference a step that comes later', () => {
    const text = base.replace('get pods', 'get pods {{steps.second.stdout}}');
    expect(problemsOf(text)).toMatchObject([
      {
        line: lineOf(text, 'get pods {{'),
        field: 'steps[0].run',
        message: '{{steps.second.stdout}} names no step before this one',
      },
    ]);
  });

  it('an invalid regular expression', () => {
    const text = base.replace(`regex: '\\n(\\S+)'`, `regex: '(unclosed'`);
    const problems = problemsOf(text);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({
      line: lineOf(text, '(unclosed'),
      field: 'steps[0].outputs[0].regex',
    });
    expect(problems[0]?.message).toContain('not a valid regular expression');
  });

  it('bad YAML syntax gives the line of the error and no field', () => {
    const text = base.replace('    title: Confirm', '    title: "Confirm');
    const problems = problemsOf(text);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]?.field).toBe('');
    expect(problems[0]?.message).toMatch(/^YAML: /);
    expect(problems[0]?.line).toBeGreaterThanOrEqual(lineOf(text, '"Confirm'));
  });

  it('a duplicate key is a YAML error on its line', () => {
    const text = base.replace('    title: Confirm', '    title: Confirm\n    title: Again');
    expect(problemsOf(text)).toMatchObject([{ line: lineOf(text, 'title: Again'), field: '' }]);
  });

  it('loadRunbookFile throws one error listing every problem with file and line', () => {
    const file = path.join(tempDir(), 'bad.yaml');
    fs.writeFileSync(
      file,
      base.replace('id: second', 'id: first').replace('type: manual', 'type: manual\n    on_failure: retry'),
    );
    expect(() => loadRunbookFile(file)).toThrow(
      new RegExp(`${file.replace(/[/\\.]/g, '\\$&')}:\\d+:\\d+: steps\\[1\\]\\.on_failure`),
    );
  });

  it('listRunbooks keeps going past a broken file', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'a.yaml'), base);
    fs.writeFileSync(path.join(dir, 'b.yml'), 'steps: [');
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'not a runbook');
    const listed = listRunbooks(dir);
    expect(listed.map((r) => path.basename(r.file))).toEqual(['a.yaml', 'b.yml']);
    expect(listed[0]?.runbook?.id).toBe('sample');
    expect(listed[1]?.runbook).toBeNull();
    expect(listed[1]?.problems.length).toBeGreaterThan(0);
    expect(listRunbooks(path.join(dir, 'missing'))).toEqual([]);
  });
});

describe('renderTemplate', () => {
  const context = {
    params: { namespace: 'shop', replicas: 6, dry: false },
    incident: { id: 'inc-42', services: ['checkout', 'payments'] },
    steps: { usage: { outputs: { mount: '/var' }, exit_code: 0 } },
  };

  it('substitutes parameters, incident fields and step outputs', () => {
    expect(
      renderTemplate(
        'kubectl -n {{params.namespace}} scale --replicas={{ params.replicas }} # {{incident.id}} {{steps.usage.outputs.mount}} {{steps.usage.exit_code}} {{params.dry}}',
        context,
      ),
    ).toBe('kubectl -n shop scale --replicas=6 # inc-42 /var 0 false');
  });

  it('joins lists with commas so they fit the search language', () => {
    expect(renderTemplate('service:{{incident.services}} level:error', context)).toBe(
      'service:checkout,payments level:error',
    );
  });

  it('keeps an escaped {{ literal for go-templates', () => {
    expect(renderTemplate("kubectl get pods -o go-template='\\{{.metadata.name}}'", context)).toBe(
      "kubectl get pods -o go-template='{{.metadata.name}}'",
    );
  });

  it('throws on unknown variables instead of leaving a blank', () => {
    expect(() => renderTemplate('{{params.cluster}}', context)).toThrow(
      'Unknown template variable {{params.cluster}}',
    );
    expect(() => renderTemplate('{{steps.usage}}', context)).toThrow('is a group of values');
    expect(() => renderTemplate('{{ not a name }}', context)).toThrow('is not a template variable');
    expect(() => renderTemplate('{{params.toString}}', context)).toThrow('Unknown template variable');
  });
});
