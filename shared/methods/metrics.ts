import type { MethodDef } from '../contract';

/** The Explore metrics screen's methods; spread into the registry in shared/api.ts. */
export const metricsMethods = {} as const satisfies Record<string, MethodDef>;
