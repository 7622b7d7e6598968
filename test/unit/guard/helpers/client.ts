/**
 * A plain TCP client for the guard server, for tests and the bench: sends bytes, collects the
 * answer lines until the server closes the connection.
 */
import * as net from 'node:net';

export interface Exchange {
  lines: string[];
  /** Milliseconds from connect to the final line. */
  ms: number;
}

export function exchange(port: number, bytes: Buffer | string, opts: { endAfterWrite?: boolean; timeoutMs?: number } = {}): Promise<Exchange> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const socket = net.connect({ host: '127.0.0.1', port });
    let data = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer in ${opts.timeoutMs ?? 5000} ms (got ${JSON.stringify(data)})`));
    }, opts.timeoutMs ?? 5000);
    socket.setNoDelay(true);
    socket.on('connect', () => {
      socket.write(bytes);
      if (opts.endAfterWrite) socket.end();
    });
    socket.on('data', (d) => (data += d.toString('utf8')));
    socket.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ lines: data.split('\n').filter((l) => l !== ''), ms: performance.now() - t0 });
    });
  });
}
