-- 人大代表建议、政协委员提案 (issue #13): one row per item of kind 'npc_cppcc', its own fields beside
-- the shared item (title, text, 主办 = items.lead_unit_id, 会办 = item_co_units, deadline = reply limit).
CREATE TABLE proposals (
  item_id bigint PRIMARY KEY,
  tenant_key text NOT NULL,
  -- The 两会 year the number belongs to.
  year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  category text NOT NULL CHECK (category IN ('npc_suggestion', 'cppcc_proposal')),
  -- 第N号建议 / 第N号提案.
  seq integer NOT NULL CHECK (seq > 0),
  -- Names of the deputies or members, 、-joined.
  proposers text NOT NULL DEFAULT '',
  -- 代表团 (deputies) or 界别 (members).
  delegation text NOT NULL DEFAULT '',
  -- 类别 (e.g. 城乡建设、教育卫生).
  topic text NOT NULL DEFAULT '',
  -- 重点 (true) or 一般.
  key_item boolean NOT NULL DEFAULT false,
  -- The proposal's own sub-stage beside items.state; see src/domain/proposal.ts.
  stage text NOT NULL DEFAULT 'draft' CHECK (stage IN (
    'draft', 'assigned', 'adjusting', 'handling', 'checking', 'replied', 'closed', 'cancelled')),
  -- 会办 opinions are due by this date (1 month after 交办 by default).
  opinions_due_on date,
  -- Contact with the deputy or member before replying (required before a reply).
  contacted_on date,
  contact_method text,
  contact_note text,
  contacted_by text,
  -- A 已解决或采纳, B 正在解决或列入计划, C 因条件限制留作参考.
  answer_category text CHECK (answer_category IN ('A', 'B', 'C')),
  -- 答复函.
  reply_file_id bigint REFERENCES stored_files (id) ON DELETE SET NULL,
  reply_summary text,
  replied_at timestamptz,
  checked_at timestamptz,
  sent_at timestamptz,
  -- B: the date by which the promised work is checked; followup_told_at once reminded.
  followup_on date,
  followup_told_at timestamptz,
  satisfaction text CHECK (satisfaction IN ('satisfied', 'basically', 'unsatisfied')),
  satisfaction_at timestamptz,
  redo_count integer NOT NULL DEFAULT 0 CHECK (redo_count >= 0),
  -- 申请调整: why, and when (refused after the set working days of 交办).
  adjust_reason text,
  adjust_requested_at timestamptz,
  -- Which import (duban proposals import, or an .xlsx sent to the bot) made the draft.
  import_batch text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_key, year, category, seq),
  UNIQUE (tenant_key, item_id),
  CHECK (answer_category IS DISTINCT FROM 'B' OR followup_on IS NOT NULL),
  FOREIGN KEY (tenant_key, item_id) REFERENCES items (tenant_key, id) ON DELETE CASCADE
);
CREATE INDEX proposals_stage ON proposals (tenant_key, year, stage);
CREATE INDEX proposals_followup ON proposals (followup_on) WHERE followup_on IS NOT NULL AND followup_told_at IS NULL;
CREATE INDEX proposals_import ON proposals (tenant_key, import_batch) WHERE import_batch IS NOT NULL;

-- 会办意见: a co-unit's opinion sent to the 主办 unit, one per item and unit (a later one replaces it;
-- each sending is also in item_events). Not item_reports: an opinion is a single answer with its own
-- deadline, addressed to the 主办, not a progress report to the office.
CREATE TABLE proposal_opinions (
  id bigserial PRIMARY KEY,
  tenant_key text NOT NULL,
  item_id bigint NOT NULL,
  unit_id bigint NOT NULL,
  text text NOT NULL,
  file_id bigint REFERENCES stored_files (id) ON DELETE SET NULL,
  author text NOT NULL,
  on_behalf_of text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_key, item_id, unit_id),
  FOREIGN KEY (tenant_key, item_id) REFERENCES proposals (tenant_key, item_id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_key, unit_id) REFERENCES units (tenant_key, id)
);
