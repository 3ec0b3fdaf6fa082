import type { Readable } from 'node:stream';
import type * as lark from '@larksuiteoapi/node-sdk';
import { z } from 'zod';
import type { Result } from '../lib/result.ts';
import { err, ok } from '../lib/result.ts';
import type { SendFailure } from './errors.ts';
import { classifyLarkError } from './errors.ts';

/** One entry of GET /im/v1/messages/:id; a merged forward answers with itself and every sub-message. */
export const FetchedMessageSchema = z.object({
  message_id: z.string(),
  msg_type: z.string(),
  create_time: z.string().nullish(),
  deleted: z.boolean().nullish(),
  upper_message_id: z.string().nullish(),
  sender: z.object({ id: z.string().nullish(), sender_type: z.string().nullish() }).partial().nullish(),
  body: z.object({ content: z.string().nullish() }).partial().nullish(),
  mentions: z.array(z.object({ key: z.string(), name: z.string().nullish() })).nullish(),
});
export type FetchedMessage = z.infer<typeof FetchedMessageSchema>;

export type Download = { bytes: Buffer; contentType: string };
export type FetchFailure = SendFailure | { kind: 'too_large'; code?: undefined; message: string };

type Call = (
  fn: () => Promise<{ code?: number; msg?: string; data?: Record<string, unknown> }>,
) => Promise<Result<{ data?: Record<string, unknown> }, SendFailure>>;

/** GET message with `user_id_type=open_id`: the message, or a merged forward with all its sub-messages. */
export async function getMessage(
  client: lark.Client,
  call: Call,
  messageId: string,
): Promise<Result<FetchedMessage[], SendFailure>> {
  const res = await call(() =>
    client.im.message.get({ path: { message_id: messageId }, params: { user_id_type: 'open_id' } }),
  );
  if (!res.ok) return res;
  const items = z.array(FetchedMessageSchema).safeParse(res.value.data?.items);
  return items.success
    ? ok(items.data)
    : err({ kind: 'retryable', message: `GET message answered an unreadable list: ${items.error.message}` });
}

/**
 * Downloads a message's file or image, stopping at `maxBytes`. The SDK asks for a stream, so an error's
 * response body is a stream too: it is read and parsed before the error is classified.
 */
export async function downloadResource(
  client: lark.Client,
  messageId: string,
  fileKey: string,
  type: 'file' | 'image',
  maxBytes: number,
): Promise<Result<Download, FetchFailure>> {
  try {
    const res = await client.im.messageResource.get({
      path: { message_id: messageId, file_key: fileKey },
      params: { type },
    });
    const stream = res.getReadableStream();
    const bytes = await readAtMost(stream, maxBytes);
    if (!bytes) return err({ kind: 'too_large', message: `over ${maxBytes} bytes` });
    const headers = (res.headers ?? {}) as Record<string, unknown>;
    const contentType = typeof headers['content-type'] === 'string' ? headers['content-type'] : '';
    return ok({ bytes, contentType });
  } catch (e) {
    await parseStreamedErrorBody(e);
    return err(classifyLarkError(e));
  }
}

/** The whole stream, or null (and the stream destroyed) once it passes `maxBytes`. */
async function readAtMost(stream: Readable, maxBytes: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    size += buf.length;
    if (size > maxBytes) {
      stream.destroy();
      return null;
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

const ERROR_BODY_LIMIT = 64 * 1024;

async function parseStreamedErrorBody(e: unknown): Promise<void> {
  const response = (e as { response?: { data?: unknown } } | null)?.response;
  const data = response?.data as Readable | undefined;
  if (!response || typeof data?.pipe !== 'function') return;
  try {
    const raw = await readAtMost(data, ERROR_BODY_LIMIT);
    response.data = raw ? JSON.parse(raw.toString('utf8')) : undefined;
  } catch {
    response.data = undefined;
  }
}
