-- A send claim is a lease. The sender renews lease_until while its call to Feishu is in flight; once
-- it has passed, the claimer is taken for dead and another sender may claim the row (same id, so the
-- same Feishu uuid, which Feishu drops if the first call went out).
ALTER TABLE outbox ADD COLUMN lease_until timestamptz;
-- Claims made before leases existed keep the 60 s they were given.
UPDATE outbox SET lease_until = claimed_at + interval '60 seconds' WHERE status = 'sending';
