import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: string;
}

export interface WebhookReceiver {
  server: Server;
  url: string;
  received: ReceivedWebhook[];
  /** The next `times` deliveries with this delivery id are answered 503. */
  failNext: (deliveryId: string, times: number) => void;
  /** Deliveries with this delivery id get no answer until the returned function is called. */
  hold: (deliveryId: string) => () => void;
  /** Requests received for one delivery id. */
  requestsFor: (deliveryId: string) => ReceivedWebhook[];
  close: () => Promise<void>;
}

/** A webhook receiver on a random local port that fails or holds deliveries it is told to (by delivery id). */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const failures = new Map<string, number>();
  const held = new Map<string, Promise<void>>();
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      const key = String(req.headers['x-qiyuan-delivery']);
      const answer = () => {
        const left = failures.get(key) ?? 0;
        if (left > 0) {
          failures.set(key, left - 1);
          res.writeHead(503).end('receiver down');
        } else {
          res.writeHead(204).end();
        }
      };
      const gate = held.get(key);
      if (gate) void gate.then(answer);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    url: `http://127.0.0.1:${port}/qiyuan-hook`,
    received,
    failNext: (key, times) => failures.set(key, times),
    hold: (key) => {
      let release = () => {};
      held.set(
        key,
        new Promise<void>((resolve) => {
          release = () => {
            held.delete(key);
            resolve();
          };
        }),
      );
      return () => release();
    },
    requestsFor: (key) => received.filter((r) => r.headers['x-qiyuan-delivery'] === key),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
