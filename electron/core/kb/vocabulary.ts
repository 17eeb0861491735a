import type { RootCauseCategory } from './schema';

/**
 * Incident vocabulary: the many ways people and systems write the same symptom, folded into one concept so
 * "deadline exceeded" meets "timed out". A phrase is a sequence of words; a trailing `*` matches any word
 * starting with it. `hints` are the root-cause categories a concept points to on its own, and nothing more.
 */
export interface Concept {
  id: string;
  phrases: string[];
  hints: RootCauseCategory[];
}

export const concepts: readonly Concept[] = [
  {
    id: 'timeout',
    phrases: ['timeout*', 'timed out', 'time out', 'deadline exceeded', 'etimedout', 'took too long'],
    hints: [],
  },
  {
    id: 'http5xx',
    phrases: [
      '5xx',
      '500',
      '502',
      '503',
      '504',
      'internal server error',
      'bad gateway',
      'service unavailable',
      'gateway timeout',
    ],
    hints: [],
  },
  {
    id: 'oom',
    phrases: [
      'oom*',
      'out of memory',
      'outofmemory*',
      'heap space',
      'memory leak',
      'heap exhausted',
      'memory pressure',
      'rss',
      'gc pause*',
      'gc overhead',
    ],
    hints: ['resource-exhaustion-memory'],
  },
  {
    id: 'certificate',
    phrases: ['certificate*', 'cert', 'certs', 'x509', 'x.509', 'tls', 'ssl', 'handshake', 'pkix'],
    hints: ['certificate-expiry'],
  },
  {
    id: 'pool',
    phrases: [
      'connection pool',
      'pool exhausted',
      'pool',
      'hikari*',
      'too many connections',
      'max connections',
      'connection is not available',
      'pgbouncer',
      'max_connections',
    ],
    hints: ['connection-pool-exhaustion'],
  },
  {
    id: 'diskfull',
    phrases: [
      'disk full',
      'no space left',
      'enospc',
      'disk space',
      'disk usage',
      'inode*',
      'volume full',
      'filesystem full',
      'out of disk',
    ],
    hints: ['disk-full'],
  },
  {
    id: 'dns',
    phrases: [
      'dns',
      'nxdomain',
      'servfail',
      'resolv*',
      'name resolution',
      'no such host',
      'getaddrinfo',
      'coredns',
      'eai_again',
      'lookup',
    ],
    hints: ['dns'],
  },
  {
    id: 'ratelimit',
    phrases: [
      'throttl*',
      'rate limit*',
      'ratelimit*',
      'rate-limit*',
      '429',
      'too many requests',
      'quota*',
      'limit exceeded',
    ],
    hints: ['quota-rate-limit'],
  },
  {
    id: 'clock',
    phrases: [
      'clock skew',
      'clock drift',
      'skew',
      'ntp',
      'chrony',
      'time drift',
      'not yet valid',
      'in the future',
      'time sync',
    ],
    hints: ['clock-skew'],
  },
  {
    id: 'dblock',
    phrases: [
      'deadlock*',
      'lock wait*',
      'lock timeout',
      'table lock',
      'locked',
      'migration*',
      'schema change',
      'alter table',
      'row lock*',
    ],
    hints: ['database-lock-migration'],
  },
  {
    id: 'deploy',
    phrases: [
      'deploy*',
      'rollout',
      'rolled out',
      'release*',
      'new version',
      'canary',
      'regression',
      'rollback',
    ],
    hints: ['deploy-regression'],
  },
  {
    id: 'config',
    phrases: ['config*', 'misconfigur*', 'feature flag*', 'flag', 'setting*', 'toggle'],
    hints: ['config-change'],
  },
  {
    id: 'capacity',
    phrases: [
      'traffic spike',
      'load spike',
      'high load',
      'surge',
      'overload*',
      'saturat*',
      'autoscal*',
      'queue depth',
      'backlog',
      'cpu',
      'capacity',
    ],
    hints: ['capacity-overload'],
  },
  {
    id: 'network',
    phrases: [
      'network partition',
      'partition*',
      'packet loss',
      'unreachable',
      'split brain',
      'no route to host',
      'connection reset',
      'econnreset',
      'network',
    ],
    hints: ['network-partition'],
  },
  {
    id: 'dependency',
    phrases: [
      'upstream',
      'third party',
      'third-party',
      'provider',
      'vendor',
      'external api',
      'dependency',
      'outage',
    ],
    hints: ['dependency-outage'],
  },
  {
    id: 'corruption',
    phrases: [
      'corrupt*',
      'checksum*',
      'data loss',
      'inconsistent',
      'inconsistency',
      'mismatch*',
      'duplicate*',
      'invalid data',
    ],
    hints: ['data-corruption'],
  },
  {
    id: 'hardware',
    phrases: [
      'hardware',
      'disk failure',
      'failed disk',
      'node failure',
      'ecc',
      'kernel panic',
      'faulty',
      'power',
      'i/o error',
      'io error',
    ],
    hints: ['hardware-failure'],
  },
  {
    id: 'credentials',
    phrases: [
      'credential*',
      'password*',
      'secret*',
      'api key',
      'unauthori*',
      '401',
      '403',
      'forbidden',
      'permission denied',
      'access denied',
      'expired token',
      'iam',
      'authenticat*',
    ],
    hints: ['security-credentials'],
  },
  { id: 'refused', phrases: ['connection refused', 'econnrefused'], hints: [] },
  { id: 'latency', phrases: ['latency', 'slow*', 'p99', 'p95', 'response time'], hints: [] },
  { id: 'restart', phrases: ['crashloop*', 'crash loop', 'restart*', 'crash*'], hints: [] },
];

export const stopWords: ReadonlySet<string> = new Set(
  (
    'a an and are as at be been but by for from had has have he her his i if in into is it its of on or our ' +
    'she so than that the their them then there these they this to was we were what when where which while ' +
    'who will with would you your after before during all also any can could did do does not no over per ' +
    'some such up out about again more most other same very just via s t'
  ).split(' '),
);
