import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { AppEnv } from './context.ts';

/**
 * DUBAN_ADMIN_TOKEN checks. Tools send `Authorization: Bearer TOKEN`. A browser cannot, so opening
 * `/admin/queues?token=TOKEN` once trades the token for an HttpOnly, SameSite=Strict session cookie
 * (8 hours, bound to the token: changing the token ends every session) and redirects to the bare URL,
 * so the token leaves the address bar and the history.
 */
export const ADMIN_COOKIE = 'duban_admin';
const SESSION_SECONDS = 8 * 3600;

const digest = (v: string): Buffer => createHash('sha256').update(v).digest();
/** Constant-time and length-blind: both sides are hashed to 32 bytes first. */
const same = (a: string, b: string): boolean => timingSafeEqual(digest(a), digest(b));

const sessionMac = (token: string, expires: number): string =>
  createHmac('sha256', token).update(`duban-admin-session:${expires}`).digest('base64url');

function sessionCookie(token: string, nowMs: number): string {
  const expires = Math.floor(nowMs / 1000) + SESSION_SECONDS;
  return `${expires}.${sessionMac(token, expires)}`;
}

function validSession(token: string, value: string | undefined, nowMs: number): boolean {
  const [exp, mac] = (value ?? '').split('.');
  const expires = Number(exp);
  if (!mac || !Number.isInteger(expires) || expires * 1000 <= nowMs) return false;
  return same(mac, sessionMac(token, expires));
}

export function bearerMatches(c: Context, token: string): boolean {
  const header = c.req.header('authorization') ?? '';
  const m = /^Bearer\s+(\S+)$/i.exec(header);
  return m?.[1] !== undefined && same(m[1], token);
}

export const unauthorized = (c: Context) => {
  c.header('WWW-Authenticate', 'Bearer realm="duban-admin"');
  return c.json(
    {
      error: 'unauthorized',
      message:
        'DUBAN_ADMIN_TOKEN required: Authorization: Bearer TOKEN, or open the page once with ?token=TOKEN',
    },
    401,
  );
};

export function adminAuth(token: string): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const now = c.var.deps.now().getTime();
    if (bearerMatches(c, token) || validSession(token, getCookie(c, ADMIN_COOKIE), now)) return next();
    const offered = c.req.query('token');
    if (c.req.method !== 'GET' || offered === undefined || !same(offered, token)) return unauthorized(c);
    const url = new URL(c.req.url);
    url.searchParams.delete('token');
    const https = url.protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https';
    setCookie(c, ADMIN_COOKIE, sessionCookie(token, now), {
      path: '/admin',
      httpOnly: true,
      sameSite: 'Strict',
      secure: https,
      maxAge: SESSION_SECONDS,
    });
    return c.redirect(`${url.pathname}${url.search}`, 303);
  };
}
