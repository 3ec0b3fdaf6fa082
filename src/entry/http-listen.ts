import type { AddressInfo } from 'node:net';
import type { ServerType } from '@hono/node-server';
import { createAdaptorServer } from '@hono/node-server';
import type { Logger } from '../lib/logger.ts';
import type { Result } from '../lib/result.ts';
import { err, ok } from '../lib/result.ts';

/**
 * Binds the HTTP server, or says in one line why not (a port in use is the common case). All
 * interfaces: Feishu reaches the bot through whatever proxy fronts this machine.
 */
export async function listenHttp(
  fetch: (request: Request) => Response | Promise<Response>,
  port: number,
  logger: Logger,
  hostname = '0.0.0.0',
): Promise<Result<ServerType, string>> {
  const server = createAdaptorServer({ fetch, port, hostname });
  const bound = await new Promise<Result<AddressInfo, NodeJS.ErrnoException>>((resolve) => {
    server.once('error', (e: NodeJS.ErrnoException) => resolve(err(e)));
    server.listen(port, hostname, () => resolve(ok(server.address() as AddressInfo)));
  });
  if (!bound.ok) {
    const e = bound.error;
    return err(
      e.code === 'EADDRINUSE'
        ? `port ${port} on ${hostname} is already in use (PORT): stop the process using it or set PORT to a free port`
        : e.code === 'EACCES'
          ? `port ${port} on ${hostname} needs privileges this process lacks (PORT): use a port above 1023`
          : `cannot listen on ${hostname}:${port} (PORT): ${e.message}`,
    );
  }
  const { address, port: actual } = bound.value;
  const local = address === '0.0.0.0' || address === '::' ? '127.0.0.1' : address;
  logger.info(
    { address, port: actual },
    `duban listening on ${address}:${actual} (http://${local}:${actual} from this machine; POST /lark/events, /lark/cards)`,
  );
  return ok(server);
}
