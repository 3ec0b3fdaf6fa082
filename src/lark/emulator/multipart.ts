export type MultipartPart = {
  name: string;
  /** Only set when the sender gave one (form-data does for streams, not for Buffers). */
  filename?: string;
  contentType?: string;
  data: Buffer;
};

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');

export function multipartBoundary(contentType: string): string | undefined {
  const match = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return match?.[1] ?? match?.[2];
}

/** Parses a multipart/form-data body (RFC 7578); throws on a malformed body. */
export function parseMultipart(body: Buffer, boundary: string): MultipartPart[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const nextDelimiter = Buffer.from(`\r\n--${boundary}`);
  const start = body.indexOf(delimiter);
  if (start < 0) throw new Error('multipart: no opening boundary');
  const parts: MultipartPart[] = [];
  let pos = start + delimiter.length;
  while (body.subarray(pos, pos + 2).toString() !== '--') {
    if (!body.subarray(pos, pos + 2).equals(CRLF))
      throw new Error('multipart: boundary not followed by CRLF');
    const headerEnd = body.indexOf(HEADER_END, pos + 2);
    if (headerEnd < 0) throw new Error('multipart: part without header end');
    const dataEnd = body.indexOf(nextDelimiter, headerEnd + HEADER_END.length);
    if (dataEnd < 0) throw new Error('multipart: part without closing boundary');
    const headers = parsePartHeaders(body.subarray(pos + 2, headerEnd).toString('utf8'));
    parts.push(toPart(headers, body.subarray(headerEnd + HEADER_END.length, dataEnd)));
    pos = dataEnd + nextDelimiter.length;
  }
  return parts;
}

function parsePartHeaders(block: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return headers;
}

function toPart(headers: Map<string, string>, data: Buffer): MultipartPart {
  const disposition = headers.get('content-disposition') ?? '';
  const name = dispositionParam(disposition, 'name');
  if (name === undefined) throw new Error('multipart: part without a name');
  const part: MultipartPart = { name, data: Buffer.from(data) };
  const filename = dispositionParam(disposition, 'filename');
  if (filename !== undefined) part.filename = filename;
  const contentType = headers.get('content-type');
  if (contentType !== undefined) part.contentType = contentType;
  return part;
}

function dispositionParam(disposition: string, key: string): string | undefined {
  const match = new RegExp(`(?:^|;)\\s*${key}="((?:[^"\\\\]|\\\\.)*)"`, 'i').exec(disposition);
  return match?.[1]?.replace(/\\(.)/g, '$1');
}
