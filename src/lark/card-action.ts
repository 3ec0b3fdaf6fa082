import { z } from 'zod';

/** The parts of a card.action.trigger callback the bot uses; the operator is the verified identity. */
export const CardActionEventSchema = z.object({
  operator: z.object({ open_id: z.string().min(1) }),
  action: z.object({
    value: z.unknown(),
    form_value: z.record(z.string(), z.unknown()).nullish(),
    name: z.string().nullish(),
  }),
  context: z
    .object({ open_message_id: z.string().nullish(), open_chat_id: z.string().nullish() })
    .partial()
    .nullish(),
});

export type CardActionEvent = z.infer<typeof CardActionEventSchema>;
