-- The written 专报 as a Feishu document: made once per bulletin, then filled batch by batch and
-- shared, each step recorded, so a retried delivery goes on where it stopped rather than making a
-- second document.
CREATE TABLE bulletin_documents (
  tenant_key text NOT NULL,
  bulletin_id bigint NOT NULL,
  document_id text NOT NULL,
  batches_done integer NOT NULL DEFAULT 0,
  shared_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_key, bulletin_id)
);
