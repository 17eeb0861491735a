import type { AnyValueJson, DoubleJson, Int64Json, KeyValueJson, ResourceJson, ScopeJson } from './schema';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type Attributes = Record<string, JsonValue>;

/** What the specification says a receiver should assume when a resource names no service. */
export const UNKNOWN_SERVICE = 'unknown_service';

/** int64 as a JSON number when it fits exactly, else as its decimal string so no digit is lost. */
function int64Value(value: Int64Json): number | string {
  if (typeof value === 'number') return value;
  const parsed = Number(value);
  return Number.isSafeInteger(parsed) ? parsed : value;
}

/** A double as a number; NaN and the infinities stay strings, as JSON cannot hold them. */
function doubleValue(value: DoubleJson): number | string {
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : value;
}

/** Unwraps an AnyValue into plain JSON: arrays stay arrays, kvlists become objects, bytes stay base64. */
export function plainValue(value: AnyValueJson | null | undefined): JsonValue {
  if (!value) return null;
  if (value.stringValue !== undefined && value.stringValue !== null) return value.stringValue;
  if (value.boolValue !== undefined && value.boolValue !== null) return value.boolValue;
  if (value.intValue !== undefined && value.intValue !== null) return int64Value(value.intValue);
  if (value.doubleValue !== undefined && value.doubleValue !== null) return doubleValue(value.doubleValue);
  if (value.arrayValue) return (value.arrayValue.values ?? []).map(plainValue);
  if (value.kvlistValue) return plainAttributes(value.kvlistValue.values);
  if (value.bytesValue !== undefined && value.bytesValue !== null) return value.bytesValue;
  return null;
}

export function plainAttributes(list: readonly KeyValueJson[] | null | undefined): Attributes {
  const out: Attributes = {};
  for (const kv of list ?? []) out[kv.key ?? ''] = plainValue(kv.value);
  return out;
}

/** An attribute as text: labels and messages are strings, structured values read as their JSON. */
export function textOf(value: JsonValue): string {
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

export interface ResourceContext {
  service: string;
  attrs: Attributes;
}

export function resourceContext(resource: ResourceJson): ResourceContext {
  const attrs = plainAttributes(resource?.attributes);
  const name = attrs['service.name'];
  const service = name === undefined || name === null || name === '' ? UNKNOWN_SERVICE : textOf(name);
  return { service, attrs };
}

/** Resource attributes, then the instrumentation scope, then the item's own (which win on a clash). */
export function mergedAttributes(resource: ResourceContext, scope: ScopeJson, own: Attributes): Attributes {
  const merged: Attributes = { ...resource.attrs };
  if (scope?.name) merged['otel.scope.name'] = scope.name;
  if (scope?.version) merged['otel.scope.version'] = scope.version;
  return Object.assign(merged, own);
}

/**
 * A trace or span id as lowercase hex, or null when absent or invalid: the specification calls an id of the
 * wrong length or of all zeroes invalid, and an empty one absent.
 */
export function validId(hex: string | null | undefined, bytes: number): string | null {
  if (!hex || hex.length !== bytes * 2 || /^0+$/.test(hex)) return null;
  return hex.toLowerCase();
}

/**
 * Unix nanoseconds to microseconds, floored. Strings are sliced rather than parsed: nanosecond timestamps are
 * beyond what a double holds exactly. Zero (the specification's "unknown") and absence both give 0.
 */
export function nanosToMicros(value: Int64Json | null | undefined): number {
  if (value === undefined || value === null) return 0;
  if (typeof value === 'number') return Math.floor(value / 1000);
  return value.length <= 3 ? 0 : Number(value.slice(0, -3));
}

/** A 64-bit count or a double as a plain number (NaN when it is not one). */
export function numberOf(value: Int64Json | DoubleJson | null | undefined): number {
  if (value === undefined || value === null) return Number.NaN;
  return typeof value === 'number' ? value : Number(value);
}
