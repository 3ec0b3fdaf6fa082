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
  /** What was wrong, for the server's log only: never part of the answer. */
  detail?: string;
};

/** Feishu documents no tolerance; ±5 minutes is the usual window for signed webhooks. */
export const TIMESTAMP_WINDOW_SECONDS = 300;

/**
 * The one answer to every request that is neither signed with the Encrypt Key nor a valid
 * challenge. It must not vary with what is inside the body: a different answer for bad padding, bad
 * JSON or a wrong token would let anyone decrypt a captured request a byte at a time.
 */
const UNSIGNED_REFUSAL: Omit<InboundFailure, 'detail'> = {
  status: 401,
  code: 'BAD_SIGNATURE',
  message: 'the request is not signed with the app’s Encrypt Key',
};

/** Feishu's challenge is a short token (`ajls384kdjx98XX`, a UUID); anything else is not one. */
const CHALLENGE_VALUE = /^[A-Za-z0-9_.-]{1,128}$/;
const CHALLENGE_KEYS = ['challenge', 'token', 'type'];

const refuse = (status: InboundFailure['status'], code: InboundFailure['code'], message: string) =>
  err<InboundFailure>({ status, code, message });
const unsigned = (detail: string) => err<InboundFailure>({ ...UNSIGNED_REFUSAL, detail });

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

function parseObject(text: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(text);
    return isRecord(v) ? v : null;
  } catch {
    return null;
  }
}

const tokenMatches = (token: unknown, expected: string | undefined) =>
  !expected || (typeof token === 'string' && constantTimeEqual(token, expected));

/**
 * Checks one webhook request before anything is stored. With an Encrypt Key the signature over the
 * raw body comes first, before any decryption or parsing; an unsigned request may only be Feishu's
 * url_verification challenge (which Feishu does not sign), and every other unsigned request gets
 * UNSIGNED_REFUSAL. Then the timestamp window and the verification token.
 */
export function verifyInbound(
  rawBody: string,
  headers: Record<string, string | undefined>,
  secrets: InboundSecrets,
  nowMs: number,
): Result<Inbound, InboundFailure> {
  const { encryptKey, verificationToken } = secrets;
  if (!encryptKey && !verificationToken) {
    return refuse(503, 'NOT_CONFIGURED', 'set LARK_ENCRYPT_KEY or LARK_VERIFICATION_TOKEN to receive events');
  }
  if (!encryptKey) {
    const body = parseObject(rawBody);
    if (!body) return refuse(400, 'MALFORMED', 'body is not a JSON object');
    if (body.encrypt !== undefined)
      return refuse(400, 'UNDECRYPTABLE', 'encrypted body but LARK_ENCRYPT_KEY is not set');
    return readEnvelope(body, headers, verificationToken, nowMs);
  }

  const signatureProblem = checkSignature(rawBody, headers, encryptKey);
  if (signatureProblem) {
    const challenge = unsignedChallenge(rawBody, encryptKey, verificationToken);
    return challenge ? ok({ kind: 'challenge', challenge }) : unsigned(signatureProblem);
  }
  const body = parseObject(rawBody);
  if (!body) return refuse(400, 'MALFORMED', 'body is not a JSON object');
  // Feishu encrypts every push once an Encrypt Key is set; a plaintext event is not from it.
  if (typeof body.encrypt !== 'string') return refuse(400, 'UNDECRYPTABLE', 'expected an encrypted body');
  const plain = decryptLark(encryptKey, body.encrypt);
  const inner = plain === null ? null : parseObject(plain);
  if (!inner) return refuse(400, 'UNDECRYPTABLE', 'body does not decrypt to a JSON object');
  return readEnvelope(inner, headers, verificationToken, nowMs);
}

/** Null when the headers carry a valid signature over the raw body; else what is wrong (for the log). */
function checkSignature(
  rawBody: string,
  headers: Record<string, string | undefined>,
  encryptKey: string,
): string | null {
  const timestamp = headers['x-lark-request-timestamp'];
  const nonce = headers['x-lark-request-nonce'];
  const signature = headers['x-lark-signature'];
  if (!timestamp || !nonce || !signature) return 'missing signature headers';
  const expected = larkSignature(timestamp, nonce, encryptKey, rawBody);
  return constantTimeEqual(expected, signature.toLowerCase()) ? null : 'signature does not match the body';
}

/**
 * The challenge of an unsigned request, or null. Only Feishu's exact challenge shape passes, so a
 * captured event altered block by block cannot be made to pass and turn this into an oracle.
 */
function unsignedChallenge(
  rawBody: string,
  encryptKey: string,
  verificationToken: string | undefined,
): string | null {
  const body = parseObject(rawBody);
  if (!body) return null;
  let envelope: Record<string, unknown> | null = body;
  if (body.encrypt !== undefined) {
    if (typeof body.encrypt !== 'string' || Object.keys(body).length !== 1) return null;
    const plain = decryptLark(encryptKey, body.encrypt);
    envelope = plain === null ? null : parseObject(plain);
  }
  if (envelope?.type !== 'url_verification') return null;
  const keys = Object.keys(envelope).sort();
  if (keys.length !== CHALLENGE_KEYS.length || keys.some((k, i) => k !== CHALLENGE_KEYS[i])) return null;
  const { challenge, token } = envelope;
  if (typeof challenge !== 'string' || !CHALLENGE_VALUE.test(challenge)) return null;
  return tokenMatches(token, verificationToken) ? challenge : null;
}

/** A decrypted (or, without an Encrypt Key, plain) envelope: challenge or event, timestamp, token. */
function readEnvelope(
  envelope: Record<string, unknown>,
  headers: Record<string, string | undefined>,
  verificationToken: string | undefined,
  nowMs: number,
): Result<Inbound, InboundFailure> {
  const header = isRecord(envelope.header) ? envelope.header : undefined;
  const token = header ? header.token : envelope.token;

  if (envelope.type === 'url_verification') {
    const challenge = str(envelope.challenge);
    if (!challenge) return refuse(400, 'MALFORMED', 'url_verification without challenge');
    if (!tokenMatches(token, verificationToken))
      return refuse(401, 'BAD_TOKEN', 'verification token does not match');
    return ok({ kind: 'challenge', challenge });
  }

  const timestamp = headers['x-lark-request-timestamp'];
  if (timestamp !== undefined) {
    const ts = Number(timestamp);
    if (!Number.isFinite(ts) || Math.abs(nowMs / 1000 - ts) > TIMESTAMP_WINDOW_SECONDS) {
      return refuse(401, 'STALE', 'request timestamp outside the accepted window');
    }
  }
  if (!tokenMatches(token, verificationToken))
    return refuse(401, 'BAD_TOKEN', 'verification token does not match');

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
