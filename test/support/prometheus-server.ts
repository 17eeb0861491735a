import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

/** Debian's packages; the variables point elsewhere on machines that install them differently. */
export const PROMETHEUS_BIN = process.env.PROMETHEUS_BIN ?? '/usr/bin/prometheus';
export const PROMTOOL_BIN = process.env.PROMTOOL_BIN ?? '/usr/bin/promtool';

const SECOND = 1_000_000;
const DAY = 86_400 * SECOND;

export interface GeneratedSeries {
  name: string;
  labels: Record<string, string>;
  /** [µs, value] on the generation step; may hold NaN and ±Inf. */
  samples: Array<[number, number]>;
}

export interface SeriesPlan {
  name: string;
  labels: Record<string, string>;
  /** Every so many samples one is NaN, +Inf or -Inf in turn: values a pull must skip. */
  specialEvery?: number;
}

/** Start of the generated data: midnight UTC some days back, recent enough for any retention we set. */
export function recentMidnight(daysBack: number, now = Date.now() * 1000): number {
  return Math.floor(now / DAY) * DAY - daysBack * DAY;
}

/** Deterministic values with fractions, signs and magnitudes that only survive a pull read exactly. */
export function generateSeries(
  plans: readonly SeriesPlan[],
  from: number,
  points: number,
  stepSeconds = 15,
): GeneratedSeries[] {
  const specials = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
  return plans.map((plan, s) => {
    const samples: Array<[number, number]> = [];
    for (let i = 0; i < points; i++) {
      const ts = from + i * stepSeconds * SECOND;
      const every = plan.specialEvery;
      const value =
        every && i % every === every - 1
          ? (specials[Math.floor(i / every) % specials.length] as number)
          : Math.round((Math.sin(i / 37 + s) * 1000 + s * 250.125 + (i % 97) / 8) * 1000) / 1000;
      samples.push([ts, value]);
    }
    return { name: plan.name, labels: plan.labels, samples };
  });
}

function openMetricsValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(value);
}

function openMetricsTime(micros: number): string {
  return micros % SECOND === 0 ? String(micros / SECOND) : (micros / SECOND).toFixed(6);
}

/** OpenMetrics text as promtool backfills it: families grouped, times in seconds, `# EOF` last. */
export function writeOpenMetrics(file: string, series: readonly GeneratedSeries[]): void {
  const fd = fs.openSync(file, 'w');
  try {
    const families = [...new Set(series.map((s) => s.name))];
    for (const family of families) {
      fs.writeSync(fd, `# TYPE ${family} gauge\n`);
      for (const s of series.filter((x) => x.name === family)) {
        const labels = Object.entries(s.labels)
          .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
          .join(',');
        const lines: string[] = [];
        for (const [ts, value] of s.samples) {
          lines.push(`${family}{${labels}} ${openMetricsValue(value)} ${openMetricsTime(ts)}\n`);
        }
        fs.writeSync(fd, lines.join(''));
      }
    }
    fs.writeSync(fd, '# EOF\n');
  } finally {
    fs.closeSync(fd);
  }
}

/** A port nobody listens on right now; the server binds it a moment later. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export interface ManagedProcess {
  /** Sends SIGTERM and waits for the exit (SIGKILL after 10 s). */
  stop(): Promise<void>;
}

/** Starts a server and resolves once `readyUrl` answers 200; rejects with the server's own log if it exits. */
export async function startServer(
  bin: string,
  args: readonly string[],
  readyUrl: string,
): Promise<ManagedProcess> {
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-4000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const stop = async () => {
    process.removeListener('exit', killOnExit);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
  };

  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${path.basename(bin)} exited before it was ready:\n${log}`);
    }
    try {
      const response = await fetch(readyUrl);
      if (response.ok) return { stop };
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stop();
  throw new Error(`${path.basename(bin)} was not ready within 30 s:\n${log}`);
}

export interface PrometheusServer {
  /** The base URL a source is configured with, including the route prefix. */
  url: string;
  stop(): Promise<void>;
}

/**
 * Backfills the series into a fresh TSDB with promtool and serves it with a real Prometheus that scrapes
 * nothing. Retention is a century because backfilled blocks older than the retention window are dropped.
 */
export async function startPrometheus(
  series: readonly GeneratedSeries[],
  options: { routePrefix?: string; flags?: readonly string[] } = {},
): Promise<PrometheusServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iwb-prometheus-'));
  try {
    const input = path.join(dir, 'data.om.txt');
    const tsdb = path.join(dir, 'tsdb');
    const config = path.join(dir, 'prometheus.yml');
    writeOpenMetrics(input, series);
    await promisify(execFile)(
      PROMTOOL_BIN,
      ['tsdb', 'create-blocks-from', 'openmetrics', '--quiet', input, tsdb],
      {
        maxBuffer: 16 * 1024 * 1024,
      },
    );
    fs.rmSync(input);
    fs.writeFileSync(config, 'global:\n  scrape_interval: 15s\nscrape_configs: []\n');
    const prefix = (options.routePrefix ?? '').replace(/\/+$/, '');
    const port = await freePort();
    const url = `http://127.0.0.1:${port}${prefix}`;
    const server = await startServer(
      PROMETHEUS_BIN,
      [
        `--config.file=${config}`,
        `--storage.tsdb.path=${tsdb}`,
        '--storage.tsdb.retention.time=100y',
        `--web.listen-address=127.0.0.1:${port}`,
        ...(prefix ? [`--web.route-prefix=${prefix}`, `--web.external-url=${url}`] : []),
        ...(options.flags ?? []),
      ],
      `${url}/-/ready`,
    );
    return {
      url,
      stop: async () => {
        await server.stop();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
