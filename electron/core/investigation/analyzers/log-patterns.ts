import { z } from 'zod';
import {
  findingSeverity,
  symptomTags,
  type EvidenceDraft,
  type FindingDraft,
} from '../../../../shared/model/investigation';
import type { Db } from '../../db/open';
import type { Analyzer, AnalysisWindow } from '../analyzer';
import { loadRules } from '../rules';

function compileError(pattern: string, flags: string): string | null {
  try {
    new RegExp(pattern, flags);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/**
 * A named regular expression over log messages. `prefilter` holds words or phrases (a trailing `*` makes a
 * prefix) of which a matching line contains at least one: the full-text index finds those lines so the regex
 * never scans every line. Without a prefilter only lines at `levels` are scanned.
 */
export const logPatternRule = z
  .object({
    id: z.string().min(1),
    name: z.string().min(1),
    pattern: z.string().min(1),
    flags: z.string().regex(/^[imsu]*$/, 'flags may only contain i, m, s and u'),
    severity: findingSeverity,
    tags: z.array(z.enum(symptomTags)),
    prefilter: z.array(
      z
        .string()
        .trim()
        .regex(/[\p{L}\p{N}_]/u, 'each prefilter term needs a letter or digit'),
    ),
    levels: z.array(z.string().min(1)),
  })
  .superRefine((rule, ctx) => {
    const error = compileError(rule.pattern, rule.flags);
    if (error !== null)
      ctx.addIssue({ code: 'custom', path: ['pattern'], message: `does not compile: ${error}` });
    if (rule.prefilter.length === 0 && rule.levels.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['prefilter'],
        message: 'give prefilter terms or levels to scan',
      });
    }
  });
export type LogPatternRule = z.infer<typeof logPatternRule>;

const rule = (
  id: string,
  name: string,
  pattern: string,
  severity: LogPatternRule['severity'],
  tags: LogPatternRule['tags'],
  prefilter: string[],
  levels: string[] = [],
  flags = 'i',
): LogPatternRule => ({ id, name, pattern, flags, severity, tags, prefilter, levels });

export const defaultLogPatternRules: readonly LogPatternRule[] = [
  rule(
    'out-of-memory',
    'Out of memory in the process',
    String.raw`\bOutOfMemoryError\b|JavaScript heap out of memory|fatal error: runtime: out of memory|\bMemoryError\b|std::bad_alloc`,
    'critical',
    ['oom', 'memory'],
    ['OutOfMemoryError', 'MemoryError', 'bad_alloc', 'out of memory'],
  ),
  rule(
    'oom-killer',
    'Killed by the OOM killer',
    String.raw`\bOut of memory: Kill(ed)? process\b|\binvoked oom-killer\b|\bkilled by (the )?OOM[- ]killer\b|\bOOMKilled\b|\boom-kill:`,
    'critical',
    ['oom', 'memory', 'restarts'],
    ['oom', 'OOMKilled', 'out of memory'],
  ),
  rule(
    'db-pool-exhausted',
    'Database connection pool exhausted',
    String.raw`Connection is not available, request timed out|could not obtain connection from pool|Timeout waiting for (idle object|connection from pool)|Cannot get a connection, pool error|QueuePool limit of size \d+ overflow \d+ reached|remaining connection slots are reserved|too many clients already|pool (is )?exhausted`,
    'critical',
    ['db-pool', 'connection-timeout', 'db-error'],
    ['not available', 'obtain connection', 'pool', 'connection slots', 'too many clients'],
  ),
  rule(
    'connection-timeout',
    'Connection timeouts',
    String.raw`\bETIMEDOUT\b|\bconnect(ion)? timed out\b|\b(connect|connection|read|i/o|socket) timeout\b(?![=:])|\bRead timed out\b|\bupstream timed out\b|\bSocketTimeoutException\b|\bConnectTimeoutException\b|context deadline exceeded|\btimeout of \d+ms exceeded\b|request timed out after`,
    'warning',
    ['connection-timeout'],
    ['ETIMEDOUT', 'timed', 'timeout', 'deadline', 'SocketTimeoutException', 'ConnectTimeoutException'],
  ),
  rule(
    'connection-refused',
    'Connections refused',
    String.raw`\bECONNREFUSED\b|\bconnection refused\b`,
    'warning',
    ['connection-refused'],
    ['ECONNREFUSED', 'refused'],
  ),
  rule(
    'connection-reset',
    'Connections reset',
    String.raw`\bECONNRESET\b|\bconnection reset( by peer)?\b|\bsocket hang up\b|\bEPIPE\b|\bbroken pipe\b|\bprematurely closed connection\b`,
    'warning',
    ['connection-reset'],
    ['ECONNRESET', 'reset', 'hang', 'EPIPE', 'pipe', 'prematurely'],
  ),
  rule(
    'database-error',
    'Database errors',
    String.raw`\bSQLException\b|\bSQLSTATE\b|\bSQL Error\b|\bPSQLException\b|\bORA-\d{5}\b|\bER_[A-Z_]+\b|could not connect to (the )?(database )?server|Communications link failure|canceling statement due to statement timeout|database connection failed|\bSQL error\b`,
    'warning',
    ['db-error'],
    [
      'SQLException',
      'SQLSTATE',
      'SQL',
      'PSQLException',
      'ORA',
      'ER_*',
      'server',
      'Communications',
      'statement',
      'database',
    ],
  ),
  rule(
    'deadlock',
    'Database deadlocks',
    String.raw`\bdeadlock detected\b|Deadlock found when trying to get lock|\bDeadlockLoserDataAccessException\b|chosen as the deadlock victim`,
    'warning',
    ['deadlock', 'db-error'],
    ['deadlock', 'DeadlockLoserDataAccessException'],
  ),
  rule(
    'tls-error',
    'TLS and certificate errors',
    String.raw`\bx509: |\bcertificate (has )?expired\b|certificate verify failed|\bSSLHandshakeException\b|PKIX path building failed|\btls: (handshake failure|bad certificate|failed to verify)|\bTLS handshake (error|timeout)\b|unable to verify the first certificate|\bCERT_HAS_EXPIRED\b|self[- ]signed certificate`,
    'warning',
    ['tls'],
    ['x509', 'certificate', 'SSLHandshakeException', 'PKIX', 'tls', 'CERT_HAS_EXPIRED'],
  ),
  rule(
    'disk-full',
    'Disk full',
    String.raw`No space left on device|\bENOSPC\b|\bdisk (is )?full\b|Disk quota exceeded|could not extend file`,
    'critical',
    ['disk-full'],
    ['space', 'ENOSPC', 'disk', 'quota', 'extend'],
  ),
  rule(
    'panic',
    'Panics and crashes',
    String.raw`^panic: |^goroutine \d+ \[running\]|thread '[^']*' panicked at|^fatal error: |\bSIGSEGV\b|Segmentation fault`,
    'critical',
    ['panic'],
    ['panic', 'panicked', 'goroutine', 'fatal', 'SIGSEGV', 'Segmentation'],
    [],
    'm',
  ),
  rule(
    'stack-trace',
    'Stack traces',
    String.raw`^\s+at [\w$.<>/]+\([^)]*\)$|^\s+at .+ \(.+:\d+:\d+\)$|^Traceback \(most recent call last\):|^\s+File ".+", line \d+`,
    'info',
    ['stack-trace'],
    [],
    ['error', 'fatal', 'warn'],
    'm',
  ),
];

/** Candidate rows one rule may look at per investigation, so a broad prefilter cannot stall the run. */
const MAX_CANDIDATES = 20_000;
const PREVIEW_CHARS = 400;
const MAX_EXAMPLES = 5;

interface LogLine {
  id: number;
  ts: number;
  service: string;
  level: string;
  message: string;
}

const quoteFts = (text: string): string => `"${text.replaceAll('"', '""')}"`;

function ftsTerm(term: string): string {
  return term.endsWith('*') ? `${quoteFts(term.slice(0, -1))}*` : quoteFts(term);
}

function candidates(db: Db, patternRule: LogPatternRule, from: number, to: number): LogLine[] {
  const levelFilter =
    patternRule.levels.length > 0 ? `AND l.level IN (${patternRule.levels.map(() => '?').join(', ')})` : '';
  if (patternRule.prefilter.length === 0) {
    return db
      .prepare(
        `SELECT l.id, l.ts, l.service, l.level, l.message FROM logs l
         WHERE l.ts >= ? AND l.ts < ? ${levelFilter} ORDER BY l.ts LIMIT ?`,
      )
      .all(from, to, ...patternRule.levels, MAX_CANDIDATES) as LogLine[];
  }
  // The MATCH runs alone first: combined with the time filter in one WHERE, SQLite can pick a plan that is
  // orders of magnitude slower.
  return db
    .prepare(
      `WITH hits AS MATERIALIZED (SELECT rowid AS id FROM logs_fts WHERE logs_fts MATCH ?)
       SELECT l.id, l.ts, l.service, l.level, l.message FROM hits JOIN logs l ON l.id = hits.id
       WHERE l.ts >= ? AND l.ts < ? ${levelFilter} ORDER BY l.ts LIMIT ?`,
    )
    .all(
      patternRule.prefilter.map(ftsTerm).join(' OR '),
      from,
      to,
      ...patternRule.levels,
      MAX_CANDIDATES,
    ) as LogLine[];
}

interface ServiceMatches {
  window: LogLine[];
  baseline: number;
}

function matchesByService(db: Db, patternRule: LogPatternRule, window: AnalysisWindow) {
  const regex = new RegExp(patternRule.pattern, patternRule.flags);
  const byService = new Map<string, ServiceMatches>();
  const entry = (service: string): ServiceMatches => {
    const found = byService.get(service) ?? { window: [], baseline: 0 };
    byService.set(service, found);
    return found;
  };
  // Window and baseline are capped apart so a busy baseline can never crowd the incident's lines out.
  const windowRows = candidates(db, patternRule, window.from, window.to);
  for (const row of windowRows) if (regex.test(row.message)) entry(row.service).window.push(row);
  for (const row of candidates(db, patternRule, window.baselineFrom, window.baselineTo)) {
    if (regex.test(row.message)) entry(row.service).baseline += 1;
  }
  return { byService, capped: windowRows.length >= MAX_CANDIDATES };
}

function evidenceQuery(patternRule: LogPatternRule, service: string): string {
  const scope = `service:${service}`;
  if (patternRule.prefilter.length === 0) return `${scope} level:${patternRule.levels.join(',')}`;
  const terms = patternRule.prefilter.map((term) => (term.includes(' ') ? `"${term}"` : term));
  return `${scope} (${terms.join(' OR ')})`;
}

const clock = (ts: number): string => new Date(ts / 1000).toISOString().slice(11, 19);

function toFinding(
  patternRule: LogPatternRule,
  service: string,
  matches: ServiceMatches,
  capped: boolean,
): FindingDraft {
  const lines = matches.window;
  const count = lines.length;
  const first = lines[0];
  const last = lines[lines.length - 1];
  const examples = lines.slice(0, MAX_EXAMPLES);
  // More lines than the baseline and more lines overall both make the pattern less likely to be chance.
  const surplus = 1 - (matches.baseline + 1) / (count + 1);
  const volume = 1 - Math.exp(-count / 5);
  const confidence = Math.round((0.2 + 0.75 * surplus * volume) * 100) / 100;
  const atLeast = capped ? 'at least ' : '';
  const evidence: EvidenceDraft = {
    type: 'log',
    description: `${atLeast}${count} ${service} lines matching /${patternRule.pattern.slice(0, 80)}/`,
    ref: {
      kind: 'logs',
      query: evidenceQuery(patternRule, service),
      logIds: lines.slice(0, 50).map((l) => l.id),
    },
    from: first?.ts ?? null,
    to: last?.ts ?? null,
    preview: {
      kind: 'lines',
      lines: examples.map((l) => ({
        ts: l.ts,
        service: l.service,
        level: l.level,
        message: l.message.slice(0, PREVIEW_CHARS),
      })),
    },
  };
  return {
    type: 'pattern',
    analyzer: 'log-patterns',
    title: `${patternRule.name} in ${service}`,
    description:
      `${atLeast}${count} ${service} log lines matched "${patternRule.name}" in the incident window ` +
      `(first ${first ? clock(first.ts) : '?'}Z, last ${last ? clock(last.ts) : '?'}Z), ` +
      `against ${matches.baseline} in the baseline window of the same length.`,
    confidence,
    severity: patternRule.severity,
    service,
    tags: [...patternRule.tags],
    onset: first?.ts ?? null,
    evidence: [evidence],
  };
}

/** A pattern is news only when the window holds clearly more of it than the same stretch of time before. */
const isSurplus = (matches: ServiceMatches): boolean =>
  matches.window.length > 0 && matches.window.length >= 2 * matches.baseline + 1;

export const logPatternsAnalyzer: Analyzer = {
  id: 'log-patterns',
  title: 'Log patterns',
  run({ db, window, warn }) {
    const { rules, problems } = loadRules(db, 'log_pattern', logPatternRule, defaultLogPatternRules);
    const findings: FindingDraft[] = [];
    for (const stored of rules) {
      if (!stored.enabled) continue;
      const { byService, capped } = matchesByService(db, stored.definition, window);
      for (const [service, matches] of byService) {
        if (isSurplus(matches)) findings.push(toFinding(stored.definition, service, matches, capped));
      }
    }
    findings.sort((a, b) => b.confidence - a.confidence);
    problems.forEach(warn);
    return findings;
  },
};
