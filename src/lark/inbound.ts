import type { Result } from '../lib/result.ts';
import { err, ok } from '../lib/result.ts';
import { constantTimeEqual, decryptLark, larkSignature } from './crypto.ts';

export type InboundSecrets = { encryptKey?: string | undefined; verificationToken?: string | undefined };

export type LarkEnvelope = {
  eventId: string;
  eventType: string;
  tenantKey: string;
  /** The decrypted envelope as Feishu sent it. */
  payload: Record<string, unknown>;
};

export type Inbound = { kind: 'challenge'; challenge: string } | { kind: 'event'; envelope: LarkEnvelope };

export type InboundFailure = {
  status: 400 | 401 | 503;
  code: 'NOT_CONFIGURED' | 'MALFORMED' | 'BAD_SIGNATURE' | 'STALE' | 'BAD_TOKEN' | 'UNDECRYPTABLE';
  message: string;
};

/** Feishu documents no tolerance; ±5 minutes is the usual window for signed webhooks. */
export const TIMESTAMP_WINDOW_SECONDS = 300;

const refuse = (status: InboundFailure['status'], code: InboundFailure['code'], message: string) =>
  err<InboundFailure>({ status, code, message });

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/**
 * Checks one webhook request before anything is stored: signature over the raw body, decryption,
 * the verification token and the timestamp window. The url_verification challenge is exempt from
 * the signature (Feishu does not sign it) but not from the token.
 */
export function verifyInbound(
  rawBody: string,
  headers: Record<string, string | undefined>,
  secrets: InboundSecrets,
  nowMs: number,
): Result<Inbound, InboundFailure> {
  if (!secrets.encryptKey && !secrets.verificationToken) {
    return refuse(503, 'NOT_CONFIGURED', 'set LARK_ENCRYPT_KEY or LARK_VERIFICATION_TOKEN to receive events');
  }
  let body: unknown;
  try {
    body = JSON.parse(rawBody);
  } catch {
    return refuse(400, 'MALFORMED', 'body is not JSON');
  }
  if (!isRecord(body)) return refuse(400, 'MALFORMED', 'body is not a JSON object');

  let envelope: Record<string, unknown> = body;
  const encrypted = body.encrypt;
  if (encrypted !== undefined) {
    if (!secrets.encryptKey)
      return refuse(400, 'UNDECRYPTABLE', 'encrypted body but LARK_ENCRYPT_KEY is not set');
    if (typeof encrypted !== 'string') return refuse(400, 'MALFORMED', 'encrypt is not a string');
    const plain = decryptLark(secrets.encryptKey, encrypted);
    if (plain === null) return refuse(400, 'UNDECRYPTABLE', 'body does not decrypt with LARK_ENCRYPT_KEY');
    try {
      const inner: unknown = JSON.parse(plain);
      if (!isRecord(inner)) return refuse(400, 'MALFORMED', 'decrypted body is not a JSON object');
      envelope = inner;
    } catch {
      return refuse(400, 'MALFORMED', 'decrypted body is not JSON');
    }
  }

  const header = isRecord(envelope.header) ? envelope.header : undefined;
  const token = header ? str(header.token) : str(envelope.token);
  const tokenOk = () =>
    !secrets.verificationToken ||
    (token !== undefined && constantTimeEqual(token, secrets.verificationToken));

  if (envelope.type === 'url_verification') {
    const challenge = str(envelope.challenge);
    if (!challenge) return refuse(400, 'MALFORMED', 'url_verification without challenge');
    if (!tokenOk()) return refuse(401, 'BAD_TOKEN', 'verification token does not match');
    return ok({ kind: 'challenge', challenge });
  }

  const timestamp = headers['x-lark-request-timestamp'];
  if (secrets.encryptKey) {
    // Feishu encrypts every push once an Encrypt Key is set; a plaintext event is not from it.
    if (encrypted === undefined) return refuse(400, 'UNDECRYPTABLE', 'expected an encrypted body');
    const nonce = headers['x-lark-request-nonce'];
    const signature = headers['x-lark-signature'];
    if (!timestamp || !nonce || !signature) return refuse(401, 'BAD_SIGNATURE', 'missing signature headers');
    if (
      !constantTimeEqual(
        larkSignature(timestamp, nonce, secrets.encryptKey, rawBody),
        signature.toLowerCase(),
      )
    ) {
      return refuse(401, 'BAD_SIGNATURE', 'signature does not match the body');
    }
  }
  if (timestamp !== undefined) {
    const ts = Number(timestamp);
    if (!Number.isFinite(ts) || Math.abs(nowMs / 1000 - ts) > TIMESTAMP_WINDOW_SECONDS) {
      return refuse(401, 'STALE', 'request timestamp outside the accepted window');
    }
  }
  if (!tokenOk()) return refuse(401, 'BAD_TOKEN', 'verification token does not match');

  const event = isRecord(envelope.event) ? envelope.event : undefined;
  // v2: header.{event_id,event_type,tenant_key}; v1: uuid, event.type, tenant_key at the top or in event.
  const eventId = header ? str(header.event_id) : str(envelope.uuid);
  const eventType = header ? str(header.event_type) : str(event?.type);
  const tenantKey = header ? str(header.tenant_key) : (str(envelope.tenant_key) ?? str(event?.tenant_key));
  if (!eventId || !eventType || !tenantKey) {
    return refuse(400, 'MALFORMED', 'event without event_id, event_type or tenant_key');
  }
  return ok({ kind: 'event', envelope: { eventId, eventType, tenantKey, payload: envelope } });
}
