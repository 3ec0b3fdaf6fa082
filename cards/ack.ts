/** Acknowledges a message the bot cannot act on yet, quoting it back so the sender can check it. */
import type { Card, CardElement } from './components.ts';
import { md, quote, trusted } from './escape.ts';
import { card, markdown, notation } from './ui.ts';

export type AckCardInput = {
  text: string;
  senderName?: string | null;
  /** 'YYYY-MM-DD HH:mm' */
  receivedAt?: string | null;
  /** Replaces the default footnote. */
  note?: string | null;
};

export const ACK_QUOTE_MAX = 500;

export function buildAckCard(input: AckCardInput): Card {
  const greeting = input.senderName ? md`${input.senderName}，您好，` : '';
  const when = input.receivedAt ? md`（${input.receivedAt}）` : '';
  const elements: CardElement[] = [
    markdown(`${greeting}已收到您的消息${when}：`),
    markdown(md`${trusted(quote(input.text, ACK_QUOTE_MAX))}`),
    notation(md`${input.note ?? '督查室将及时处理。发送“帮助”可查看可用功能。'}`),
  ];
  return card({ title: '已收到您的消息', template: 'turquoise' }, '已收到您的消息', elements);
}
