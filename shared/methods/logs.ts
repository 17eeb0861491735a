import type { MethodDef } from '../contract';

/** The Explore logs screen's methods; spread into the registry in shared/api.ts. */
export const logsMethods = {} as const satisfies Record<string, MethodDef>;
