/** For analyzer runs in tests that have no reason to warn: a warning there is a defect to see, not to drop. */
export function unexpectedWarning(message: string): never {
  throw new Error(`unexpected analyzer warning: ${message}`);
}
