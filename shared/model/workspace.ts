import { z } from 'zod';
import { micros } from './time';

export const workspaceInfo = z.object({
  path: z.string(),
  schemaVersion: z.number().int(),
  appVersion: z.string(),
  counts: z.object({
    logs: z.number().int(),
    series: z.number().int(),
    points: z.number().int(),
    spans: z.number().int(),
    incidents: z.number().int(),
    alerts: z.number().int(),
  }),
  dataRange: z.object({ from: micros, to: micros }).nullable(),
  sources: z.array(
    z.object({
      name: z.string(),
      type: z.string(),
      status: z.enum(['ok', 'degraded', 'offline', 'never']),
      lastSuccessAt: micros.nullable(),
      lastError: z.string().nullable(),
    }),
  ),
  lastSyncAt: micros.nullable(),
});
export type WorkspaceInfo = z.infer<typeof workspaceInfo>;

export const demoResult = z.object({
  incidentId: z.string(),
  seconds: z.number(),
  counts: z.object({
    logs: z.number().int(),
    series: z.number().int(),
    points: z.number().int(),
    traces: z.number().int(),
    spans: z.number().int(),
    alerts: z.number().int(),
  }),
});
export type DemoResult = z.infer<typeof demoResult>;
