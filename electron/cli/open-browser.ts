import { spawn } from 'node:child_process';

/** Opens the URL in the user's browser where a display exists; says why not otherwise. */
export function openInBrowser(url: string, env: NodeJS.ProcessEnv = process.env): string | null {
  const platform = process.platform;
  if (platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) {
    return 'No display found, so no browser was opened; open the URL above yourself.';
  }
  const [command, args] =
    platform === 'darwin'
      ? ['open', [url]]
      : platform === 'win32'
        ? ['cmd', ['/c', 'start', '""', url]]
        : ['xdg-open', [url]];
  const child = spawn(command, args, { stdio: 'ignore', detached: true });
  child.on('error', () => undefined);
  child.unref();
  return null;
}
