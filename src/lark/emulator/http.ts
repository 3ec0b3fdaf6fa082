import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomHex } from './ids.ts';
import type { MultipartPart } from './multipart.ts';
import { multipartBoundary, parseMultipart } from './multipart.ts';

export type LarkReply = { status: number; body: unknown; headers?: Record<string, string> };

export type ParsedBody = {
  /** What RecordedRequest.body shows: parsed JSON, a multipart summary, or the raw text. */
  recorded: unknown;
  parts?: MultipartPart[];
  /** Set when the declared content type could not be parsed. */
  invalid?: string;
};

export async function readRaw(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks);
}

export function flatHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[key] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

export function parseBody(raw: Buffer, contentType: string): ParsedBody {
  if (raw.length === 0) return { recorded: undefined };
  if (/multipart\/form-data/i.test(contentType)) return parseMultipartBody(raw, contentType);
  const text = raw.toString('utf8');
  if (!/json/i.test(contentType)) return { recorded: text };
  try {
    return { recorded: JSON.parse(text) };
  } catch (e) {
    return { recorded: text, invalid: e instanceof Error ? e.message : String(e) };
  }
}

function parseMultipartBody(raw: Buffer, contentType: string): ParsedBody {
  const boundary = multipartBoundary(contentType);
  if (boundary === undefined)
    return { recorded: raw.toString('latin1'), invalid: 'multipart without boundary' };
  try {
    const parts = parseMultipart(raw, boundary);
    return { recorded: summarizeParts(parts), parts };
  } catch (e) {
    return { recorded: raw.toString('latin1'), invalid: e instanceof Error ? e.message : String(e) };
  }
}

/** Text fields as strings, file parts as `{filename?, content_type?, size}` so logs stay readable. */
function summarizeParts(parts: MultipartPart[]): Record<string, unknown> {
  const summary: Record<string, unknown> = {};
  for (const part of parts) {
    const isFile = part.filename !== undefined || part.contentType !== undefined;
    summary[part.name] = isFile
      ? { filename: part.filename, content_type: part.contentType, size: part.data.length }
      : part.data.toString('utf8');
  }
  return summary;
}

export function sendReply(res: ServerResponse, reply: LarkReply): void {
  // A Buffer body is a downloaded file's bytes; its Content-Type comes in reply.headers.
  const payload =
    Buffer.isBuffer(reply.body) || typeof reply.body === 'string'
      ? reply.body
      : JSON.stringify(reply.body ?? {});
  res.writeHead(reply.status, {
    'content-type': 'application/json; charset=utf-8',
    'x-tt-logid': logId(),
    ...reply.headers,
  });
  res.end(payload);
}

export function logId(): string {
  return `2026${randomHex(30)}`;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function stringAt(value: unknown, key: string): string | undefined {
  if (!isRecord(value)) return undefined;
  const field = value[key];
  return typeof field === 'string' ? field : undefined;
}

export function stringListAt(value: unknown, key: string): string[] | undefined {
  if (!isRecord(value)) return undefined;
  const field = value[key];
  if (!Array.isArray(field)) return undefined;
  return field.every((item): item is string => typeof item === 'string') ? field : undefined;
}

export function ok(data?: unknown, msg = 'success'): LarkReply {
  return { status: 200, body: data === undefined ? { code: 0, msg } : { code: 0, msg, data } };
}

export function larkError(status: number, code: number, msg: string, extra: object = {}): LarkReply {
  return { status, body: { code, msg, error: { log_id: logId(), ...extra } } };
}

export function fieldViolation(field: string, description: string): LarkReply {
  return larkError(400, 99992402, 'field validation failed', { field_violations: [{ field, description }] });
}

export function missingToken(): LarkReply {
  return larkError(
    400,
    99991661,
    'Missing access token for authorization. Please make a request with token attached.',
  );
}

/** Body of open_api/error.token_invalid.json. */
export function invalidToken(): LarkReply {
  return larkError(
    400,
    99991663,
    'Invalid access token for authorization. Please make a request with token attached.',
    {
      message:
        'Refer to the documentation to fix the error: https://open.feishu.cn/document/uAjLw4CM/ugTN1YjL4UTN24CO1UjN/trouble-shooting/how-to-fix-99991663-error',
    },
  );
}

export function rateLimited(limit: number, resetSeconds: number): LarkReply {
  return {
    status: 429,
    body: { code: 99991400, msg: 'request trigger frequency limit' },
    headers: { 'x-ogw-ratelimit-limit': String(limit), 'x-ogw-ratelimit-reset': String(resetSeconds) },
  };
}

export function notFound(method: string, path: string): LarkReply {
  return { status: 404, body: { code: 404, msg: 'not found in fake', method, path } };
}
