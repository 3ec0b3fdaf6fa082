import type { WSConnectionState } from '@larksuiteoapi/node-sdk';
import * as lark from '@larksuiteoapi/node-sdk';
import type { Deps } from '../deps.ts';
import { handleCardAction } from '../services/handle-card-action.ts';
import { receiveLarkEvent } from '../services/receive-event.ts';
import { decryptLark } from './crypto.ts';
import type { LarkEnvelope } from './inbound.ts';
import type { FeishuTransport } from './proxy.ts';

export type LongConnectionSettings = {
  appId: string;
  appSecret: string;
  domain: string;
  /** Through an HTTP(S) proxy (proxy.ts); direct when absent. */
  transport?: FeishuTransport;
  /** Seconds without any frame after a ping before the socket is presumed dead (the SDK's pingTimeout). */
  pingTimeoutSeconds?: number;
};

export type LongConnection = {
  /** The SDK's view: 'connected' only while the socket is open. */
  state(): WSConnectionState;
  close(): void;
};

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/**
 * The SDK's dispatcher flattens the envelope and drops what the webhook path stores; this one hands
 * the frame's JSON on as it came. Its return value is what the SDK base64-encodes into the ACK.
 */
class EnvelopeDispatcher extends lark.EventDispatcher {
  constructor(private readonly deliver: (payload: unknown) => Promise<unknown>) {
    super({ logger: { error() {}, warn() {}, info() {}, debug() {}, trace() {} } });
  }

  override invoke(data: unknown): Promise<unknown> {
    return this.deliver(data);
  }
}

/** The v2 envelope of a frame (decrypted when the app has an Encrypt Key), or null. */
export function envelopeOf(data: unknown, encryptKey: string | undefined): LarkEnvelope | null {
  let payload = data;
  if (isRecord(payload) && typeof payload.encrypt === 'string') {
    const plain = encryptKey ? decryptLark(encryptKey, payload.encrypt) : null;
    try {
      payload = plain === null ? null : JSON.parse(plain);
    } catch {
      return null;
    }
  }
  if (!isRecord(payload) || !isRecord(payload.header)) return null;
  const { header } = payload;
  const eventId = str(header.event_id);
  const eventType = str(header.event_type);
  const tenantKey = str(header.tenant_key);
  if (!eventId || !eventType || !tenantKey) return null;
  return { eventId, eventType, tenantKey, payload };
}

/**
 * Receives events and card callbacks over Feishu's long connection (outbound wss only) and hands each
 * to the webhook's own path: the event row is committed before the frame is acknowledged (a failure
 * answers 500 and Feishu delivers again), card callbacks answer with the same toast and card. Feishu
 * gives each event to one connection of the app, so replicas split the stream; duplicates collapse on
 * the unique event_id. The SDK reconnects on the schedule the endpoint hands out (a random first delay,
 * then every ReconnectInterval); an outage is logged once when it starts and once when it ends.
 */
export function startLongConnection(deps: Deps, settings: LongConnectionSettings): LongConnection {
  const log = deps.logger.child({ component: 'long-connection' });
  // Set while an outage has been reported, so retries stay quiet until the connection is back.
  let troubleReported = false;
  const reportTrouble = (message: string) => {
    if (troubleReported) return;
    troubleReported = true;
    log.warn(message);
  };
  const sdkLog =
    (level: 'error' | 'warn') =>
    (...args: unknown[]) => {
      log.debug({ sdk: args }, `lark sdk ${level}`);
      // The SDK logs each failed attempt; only the first of an outage reaches the operator.
      if (level === 'error' && client.getConnectionStatus().state !== 'connected')
        reportTrouble('long connection to Feishu not established yet; the SDK keeps retrying');
    };
  const deliver = async (data: unknown): Promise<unknown> => {
    const envelope = envelopeOf(data, deps.secrets.encryptKey);
    if (!envelope) {
      log.warn('long-connection frame without a v2 envelope; acknowledged and dropped');
      return undefined;
    }
    if (envelope.eventType === 'card.action.trigger') return handleCardAction(deps, envelope, log);
    await receiveLarkEvent({ ...deps, logger: log }, envelope);
    return undefined;
  };
  const client = new lark.WSClient({
    appId: settings.appId,
    appSecret: settings.appSecret,
    domain: settings.domain,
    logger: { error: sdkLog('error'), warn: sdkLog('warn'), info() {}, debug() {}, trace() {} },
    ...(settings.transport && { agent: settings.transport.agent, httpInstance: settings.transport.http }),
    autoReconnect: true,
    handshakeTimeoutMs: 15_000,
    wsConfig: { pingTimeout: settings.pingTimeoutSeconds ?? 10 },
    onReady: () => {
      troubleReported = false;
      log.info('long connection to Feishu established: receiving events and card callbacks');
    },
    onReconnecting: () => reportTrouble('long connection to Feishu lost; reconnecting'),
    onReconnected: () => {
      troubleReported = false;
      log.info('long connection to Feishu restored');
    },
    onError: (e) =>
      log.error(
        { err: e.message },
        'long connection to Feishu failed for good: check LARK_APP_ID and LARK_APP_SECRET, and that the app may use 长连接',
      ),
  });
  void client.start({ eventDispatcher: new EnvelopeDispatcher(deliver) });
  return {
    state: () => client.getConnectionStatus().state,
    close: () => client.close({ force: true }),
  };
}
