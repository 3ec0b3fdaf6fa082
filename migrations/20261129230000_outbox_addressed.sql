-- How a card message was addressed beyond its receiver: the people a group card @-mentioned, and whom
-- a deputy received it for (委托). Updates of the card are addressed the same way, so a card redrawn in
-- place keeps its @-mention line and its 代X接收 line (services/lifecycle/refresh-cards.ts).
ALTER TABLE outbox ADD COLUMN addressed jsonb;
