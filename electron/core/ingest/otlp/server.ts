import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Db } from '../../db/open';
import { AppError } from '../../errors';
import { handleOtlpRequest, type OtlpReceiverOptions } from './receiver';

export interface OtlpServerOptions extends OtlpReceiverOptions {
  /** 0 picks a free port. */
  port: number;
  host?: string;
}

export interface RunningOtlpReceiver {
  port: number;
  /**
   * Stops listening, drops open connections and resolves once no request is still writing to the database.
   */
  close(): Promise<void>;
}

/** Serves OTLP/HTTP on `host:port` (loopback unless told otherwise), writing into `db`. */
export function startOtlpReceiver(db: Db, options: OtlpServerOptions): Promise<RunningOtlpReceiver> {
  const { port, host = '127.0.0.1', ...receiverOptions } = options;
  const inFlight = new Set<Promise<void>>();
  const server = http.createServer((req, res) => {
    const handled = handleOtlpRequest(db, receiverOptions, req, res);
    inFlight.add(handled);
    void handled.finally(() => inFlight.delete(handled));
  });

  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') {
        reject(
          new AppError('unavailable', `Port ${port} is already in use; choose another with --otlp-port`),
        );
      } else if (error.code === 'EACCES') {
        reject(
          new AppError(
            'unavailable',
            `Not allowed to listen on port ${port}; choose another with --otlp-port`,
          ),
        );
      } else reject(error);
    });
    server.listen(port, host, () => {
      server.removeAllListeners('error');
      server.on('error', (error) => console.error('OTLP receiver:', error));
      resolve({
        port: (server.address() as AddressInfo).port,
        close: async () => {
          const closed = new Promise<void>((done) => server.close(() => done()));
          server.closeAllConnections();
          await Promise.allSettled([...inFlight]);
          await closed;
        },
      });
    });
  });
}
