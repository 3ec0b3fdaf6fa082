import type { Context } from 'hono';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { verifyInbound } from '../../lark/inbound.ts';
import { secondsSince } from '../../metrics/metrics.ts';
import { handleCardAction } from '../../services/handle-card-action.ts';
import { receiveLarkEvent } from '../../services/receive-event.ts';
import type { AppEnv } from '../context.ts';

/** Feishu events are a few KB; anything near this is not from Feishu. */
export const MAX_BODY_BYTES = 256 * 1024;

async function larkWebhook(c: Context<AppEnv>) {
  const { deps, logger } = c.var;
  const raw = await c.req.text();
  const headers = Object.fromEntries(c.req.raw.headers);
  const verified = verifyInbound(raw, headers, deps.secrets, deps.now().getTime());
  if (!verified.ok) {
    const { code, message, detail, status } = verified.error;
    deps.metrics.refused(code);
    logger.warn({ code, reason: detail ?? message }, 'webhook request refused');
    return c.json({ error: code, message }, status);
  }
  const inbound = verified.value;
  if (inbound.kind === 'challenge') {
    deps.metrics.webhook('challenge');
    return c.json({ challenge: inbound.challenge });
  }
  const { envelope } = inbound;
  if (envelope.eventType === 'card.action.trigger') {
    // Callbacks are answered synchronously (toast + refreshed card) and are never re-pushed.
    deps.metrics.webhook('card');
    const started = performance.now();
    const answer = await handleCardAction(deps, envelope, logger).finally(() =>
      deps.metrics.cardCallback(secondsSince(started)),
    );
    return c.json(answer);
  }
  const outcome = await receiveLarkEvent({ ...deps, logger }, envelope);
  deps.metrics.webhook(outcome);
  return c.json({ ok: true, outcome });
}

const limit = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  // The rest of the body is never read, so the connection cannot carry another request: close it.
  onError: (c) => {
    c.var.deps.metrics.refused('PAYLOAD_TOO_LARGE');
    return c.json({ error: 'PAYLOAD_TOO_LARGE', message: `body over ${MAX_BODY_BYTES} bytes` }, 413, {
      Connection: 'close',
    });
  },
});

export const larkRoutes = new Hono<AppEnv>()
  .post('/events', limit, larkWebhook)
  .post('/cards', limit, larkWebhook);
