-- The holiday calendar (snapshot and estimate, services/calendar-coverage.ts) the tenant's open items
-- were last counted with; a process starting with another one recounts the provisional deadlines.
ALTER TABLE tenants ADD COLUMN calendar_coverage text;
