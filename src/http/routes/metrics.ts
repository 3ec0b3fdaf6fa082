import { Hono } from 'hono';
import { bearerMatches, unauthorized } from '../admin-auth.ts';
import type { AppEnv } from '../context.ts';

/**
 * GET /metrics (Prometheus text). Open when the server listens on loopback only (a scraper on the same
 * host); otherwise it takes DUBAN_ADMIN_TOKEN as a Bearer token, and without a token it is refused.
 */
export function metricsRoutes(access: { open: boolean; token: string | undefined }): Hono<AppEnv> {
  return new Hono<AppEnv>().get('/metrics', async (c) => {
    if (!access.open) {
      if (!access.token) {
        return c.json(
          {
            error: 'metrics_protected',
            message: 'set DUBAN_ADMIN_TOKEN and send it as a Bearer token, or listen on HOST=127.0.0.1',
          },
          403,
        );
      }
      if (!bearerMatches(c, access.token)) return unauthorized(c);
    }
    const scraped = await c.var.deps.metrics.scrape();
    if (!scraped) return c.json({ error: 'not_found' }, 404);
    return c.body(scraped.text, 200, { 'content-type': scraped.contentType });
  });
}
