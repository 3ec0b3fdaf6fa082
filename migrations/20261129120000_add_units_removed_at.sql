-- A unit left out of a re-imported directory is removed, not deleted: its items keep their lead unit,
-- the instruction reader and the unit pickers no longer offer it, and a later import can restore it.
ALTER TABLE units ADD COLUMN removed_at timestamptz;
