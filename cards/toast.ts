/** Answers to card callbacks (within 3 s): a toast, and optionally the card that replaces the clicked one. */
import type { Failure } from '../src/lib/result.ts';
import type { Card } from './components.ts';

export type ToastType = 'info' | 'success' | 'warning' | 'error';

export type CallbackResponse = {
  toast?: { type: ToastType; content: string };
  card?: { type: 'raw'; data: Card };
};

export const toast = (type: ToastType, content: string): CallbackResponse => ({ toast: { type, content } });

/** A toast plus the updated card; shared cards update for everyone who received them. */
export const toastWithCard = (type: ToastType, content: string, card: Card): CallbackResponse => ({
  toast: { type, content },
  card: { type: 'raw', data: card },
});

/** A refusal as a toast: a stale card or a clash is a warning, anything else an error. */
export function failureToast(failure: Failure): CallbackResponse {
  const warning =
    failure.code === 'STALE' || failure.code === 'CONFLICT' || failure.code === 'ILLEGAL_TRANSITION';
  return toast(warning ? 'warning' : 'error', failure.message);
}
