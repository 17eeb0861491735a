import type { GitProgressEvent } from 'isomorphic-git';

export type KbAuth = { token: string; username?: string } | { username: string; password: string };

export interface KbAuthor {
  name: string;
  email: string;
}

export interface ConflictFile {
  /** The conflict copy holding our version, relative to the knowledge-base folder (forward slashes). */
  path: string;
  /** The file it belongs to, which holds their version. */
  original: string;
  /** When the conflict was recorded, integer microseconds since the Unix epoch (from the file name). */
  createdAt: number;
}

export interface SyncOptions {
  dir: string;
  url?: string;
  auth?: KbAuth;
  author: KbAuthor;
  signal?: AbortSignal;
  onProgress?: (event: GitProgressEvent) => void;
  /** Pushes rejected as non-fast-forward are retried after a fresh fetch and merge this many times. */
  maxPushAttempts?: number;
}

export interface SyncReport {
  /** Commits that arrived from the remote. */
  pulled: number;
  committed: boolean;
  pushed: boolean;
  conflicts: ConflictFile[];
  offline: boolean;
  /** Runbooks (runbooks/**\/*.yaml) that arrived or changed from the remote: untrusted until a person trusts them. */
  remoteRunbooks: string[];
  message: string;
}
