import { spawn } from 'node:child_process';
import { TailBuffer } from './tail-buffer';

export type StreamName = 'stdout' | 'stderr';

export interface CommandSpec {
  shell: string;
  run: string;
  cwd?: string | undefined;
  env: Record<string, string>;
  timeoutMs: number;
  signal: AbortSignal;
  onChunk: (stream: StreamName, text: string) => void;
}

export interface CommandResult {
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  cancelled: boolean;
  stdout: string;
  stderr: string;
  durationMs: number;
  spawnError: string | null;
}

/** Grace between SIGTERM and SIGKILL, so well-behaved tools can clean up. */
const KILL_GRACE_MS = 2000;

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}

/**
 * Runs `shell -c run` in its own process group so a timeout or cancel reaches every process it started,
 * and resolves once both pipes are closed.
 */
export function runCommand(spec: CommandSpec): Promise<CommandResult> {
  const started = performance.now();
  const stdout = new TailBuffer();
  const stderr = new TailBuffer();
  return new Promise((resolve) => {
    const child = spawn(spec.shell, ['-c', spec.run], {
      cwd: spec.cwd,
      env: { ...process.env, ...spec.env },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let timedOut = false;
    let cancelled = false;
    let spawnError: string | null = null;
    let killTimer: NodeJS.Timeout | undefined;
    const stop = () => {
      if (child.pid === undefined || killTimer) return;
      const pid = child.pid;
      killGroup(pid, 'SIGTERM');
      killTimer = setTimeout(() => killGroup(pid, 'SIGKILL'), KILL_GRACE_MS);
    };
    const timeout = setTimeout(() => {
      timedOut = true;
      stop();
    }, spec.timeoutMs);
    const onAbort = () => {
      cancelled = true;
      stop();
    };
    if (spec.signal.aborted) onAbort();
    else spec.signal.addEventListener('abort', onAbort, { once: true });
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (text: string) => {
      stdout.push(text);
      spec.onChunk('stdout', text);
    });
    child.stderr.on('data', (text: string) => {
      stderr.push(text);
      spec.onChunk('stderr', text);
    });
    child.on('error', (error) => {
      spawnError = error.message;
    });
    child.on('close', (code, signal) => {
      clearTimeout(timeout);
      spec.signal.removeEventListener('abort', onAbort);
      // The shell may be gone while its children still run: make sure nothing of a stopped step survives.
      if (timedOut || cancelled) {
        if (child.pid !== undefined) killGroup(child.pid, 'SIGKILL');
      }
      clearTimeout(killTimer);
      resolve({
        exitCode: code,
        signal,
        timedOut,
        cancelled,
        stdout: stdout.text(),
        stderr: stderr.text(),
        durationMs: performance.now() - started,
        spawnError,
      });
    });
  });
}
