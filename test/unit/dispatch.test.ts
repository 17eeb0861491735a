import { describe, expect, it } from 'vitest';
import { createDispatcher, type Handlers } from '../../electron/core/api/dispatch';
import { AppError } from '../../electron/core/errors';
import { methodNames } from '../../shared/api';

/** Every method answers 'not called' unless the test gives it a body. */
function handlers(overrides: Partial<Handlers> = {}): Handlers {
  const unused = () => {
    throw new Error('not called in this test');
  };
  const all = Object.fromEntries(methodNames.map((name) => [name, unused])) as unknown as Handlers;
  return {
    ...all,
    health: () => ({ version: '1.0.0', db: '/tmp/w.db' }),
    listIncidents: (args) => [
      {
        id: `limit-${args.limit}`,
        title: 't',
        severity: 'SEV2',
        status: 'open',
        services: [],
        startedAt: 0,
        resolvedAt: null,
        alertCount: 0,
        commander: null,
      },
    ],
    ...overrides,
  };
}

describe('dispatcher', () => {
  it('answers a valid call with the handler result and applies schema defaults', async () => {
    const dispatch = createDispatcher(handlers());
    const outcome = await dispatch('listIncidents', {});
    expect(outcome).toMatchObject({ ok: true, result: [{ id: 'limit-200' }] });
  });

  it('rejects invalid arguments with the field and reason, without calling the handler', async () => {
    let called = false;
    const dispatch = createDispatcher(
      handlers({
        listIncidents: () => {
          called = true;
          return [];
        },
      }),
    );
    const outcome = await dispatch('listIncidents', { limit: 'lots', status: ['on-fire'] });
    expect(called).toBe(false);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error.code).toBe('invalid_args');
    expect(outcome.error.issues?.map((i) => i.path).sort()).toEqual(['limit', 'status.0']);
    expect(outcome.error.message).toContain('limit');
  });

  it('treats a missing payload as empty arguments and a non-object payload as invalid', async () => {
    const dispatch = createDispatcher(handlers());
    expect((await dispatch('health', undefined)).ok).toBe(true);
    const outcome = await dispatch('health', 'not an object');
    expect(outcome).toMatchObject({ ok: false, error: { code: 'invalid_args' } });
  });

  it('names an unknown method instead of crashing', async () => {
    const outcome = await createDispatcher(handlers())('dropTables', {});
    expect(outcome).toEqual({
      ok: false,
      error: { code: 'unknown_method', message: "There is no method called 'dropTables'." },
    });
  });

  it('passes an AppError through with its code and turns anything else into an internal error', async () => {
    const reported: unknown[] = [];
    const dispatch = createDispatcher(
      handlers({
        getIncident: (args) => {
          throw new AppError('not_found', `There is no incident '${args.id}' in this workspace.`);
        },
        getWorkspace: () => {
          throw new TypeError('boom');
        },
      }),
      (error) => reported.push(error),
    );
    expect(await dispatch('getIncident', { id: 'INC-9' })).toMatchObject({
      ok: false,
      error: { code: 'not_found', message: "There is no incident 'INC-9' in this workspace." },
    });
    expect(await dispatch('getWorkspace', {})).toMatchObject({
      ok: false,
      error: { code: 'internal', message: 'getWorkspace failed: boom' },
    });
    expect(reported).toHaveLength(1);
  });
});
