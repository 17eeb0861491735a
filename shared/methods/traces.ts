import type { MethodDef } from '../contract';

/** The Explore traces screen's methods; spread into the registry in shared/api.ts. */
export const tracesMethods = {} as const satisfies Record<string, MethodDef>;
