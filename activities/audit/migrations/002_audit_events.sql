-- Operator-relevant events that are not commands: pipeline halts and releases, session quarantine and release, with
-- the reason a person gave (issue 6: "the required reason text that is recorded in the audit"). Value-free by
-- construction: reasons name canary ids and sessions, never values.
CREATE TABLE IF NOT EXISTS audit_events (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  event TEXT NOT NULL,               -- 'pipeline-halted', 'pipeline-released', 'session-quarantined', 'session-released'
  subject TEXT NOT NULL,             -- 'pipeline' or the MCP session id
  operator TEXT,
  reason TEXT,
  at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS idx_audit_events_subject ON audit_events(subject, at);
