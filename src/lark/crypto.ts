import { createDecipheriv, createHash, timingSafeEqual } from 'node:crypto';

/** AES-256-CBC, key = sha256(encryptKey), base64(iv ‖ ciphertext), PKCS#7. Null when it does not decrypt. */
export function decryptLark(encryptKey: string, encrypted: string): string | null {
  try {
    const key = createHash('sha256').update(encryptKey).digest();
    const buf = Buffer.from(encrypted, 'base64');
    if (buf.length < 32 || buf.length % 16 !== 0) return null;
    const decipher = createDecipheriv('aes-256-cbc', key, buf.subarray(0, 16));
    return Buffer.concat([decipher.update(buf.subarray(16)), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}

/** hex sha256(timestamp + nonce + encryptKey + rawBody), over the bytes Feishu sent, never re-serialised JSON. */
export function larkSignature(timestamp: string, nonce: string, encryptKey: string, rawBody: string): string {
  return createHash('sha256')
    .update(timestamp + nonce + encryptKey + rawBody)
    .digest('hex');
}

export function constantTimeEqual(a: string, b: string): boolean {
  // Hash first so unequal lengths compare in constant time too (timingSafeEqual throws on them).
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb) && a.length === b.length;
}
