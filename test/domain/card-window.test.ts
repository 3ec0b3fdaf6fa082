import { describe, expect, it } from 'vitest';
import {
  cardAgeing,
  cardPatchable,
  FEISHU_CARD_WINDOW_MS,
  PATCHABLE_FOR_MS,
  RESEND_AFTER_MS,
} from '../../src/domain/card-window.ts';

const DAY = 86_400_000;
const now = new Date('2026-11-29T12:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms);

describe("Feishu's 14-day card window", () => {
  it('keeps a day of margin and re-sends shared cards days before', () => {
    expect(PATCHABLE_FOR_MS).toBe(FEISHU_CARD_WINDOW_MS - DAY);
    expect(RESEND_AFTER_MS).toBeLessThan(PATCHABLE_FOR_MS);
  });

  it('a card is patchable until 13 days, unsent cards always', () => {
    expect(cardPatchable(null, now)).toBe(true);
    expect(cardPatchable(ago(12 * DAY), now)).toBe(true);
    expect(cardPatchable(ago(13 * DAY), now)).toBe(false);
    expect(cardPatchable(ago(16 * DAY), now)).toBe(false);
  });

  it('a card is ageing from 10 days; an unsent one is not', () => {
    expect(cardAgeing(null, now)).toBe(false);
    expect(cardAgeing(ago(9 * DAY), now)).toBe(false);
    expect(cardAgeing(ago(10 * DAY), now)).toBe(true);
  });
});
