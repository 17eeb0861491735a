import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, startServer } from './prometheus-server';

/** Debian's package; the variable points elsewhere on machines that install it differently. */
export const ALERTMANAGER_BIN = process.env.ALERTMANAGER_BIN ?? '/usr/bin/prometheus-alertmanager';

export interface AlertmanagerServer {
  url: string;
  /** POSTs to the v2 API and returns the parsed answer; throws with the server's words on a refusal. */
  post(apiPath: string, body: unknown): Promise<unknown>;
  stop(): Promise<void>;
}

const CONFIG = `route:
  receiver: 'null'
receivers:
  - name: 'null'
`;

/** A real Alertmanager that notifies nobody, alone (an empty cluster address turns gossip off). */
export async function startAlertmanager(): Promise<AlertmanagerServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iwb-alertmanager-'));
  try {
    const config = path.join(dir, 'alertmanager.yml');
    fs.writeFileSync(config, CONFIG);
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const server = await startServer(
      ALERTMANAGER_BIN,
      [
        `--config.file=${config}`,
        `--storage.path=${path.join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--cluster.listen-address=',
      ],
      `${url}/-/ready`,
    );
    return {
      url,
      async post(apiPath, body) {
        const response = await fetch(`${url}/api/v2/${apiPath}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        const text = await response.text();
        if (!response.ok)
          throw new Error(`Alertmanager refused POST ${apiPath}: HTTP ${response.status} ${text}`);
        return text ? (JSON.parse(text) as unknown) : null;
      },
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
