-- Architecture document section 09, "Session Log Schema (PostgreSQL)", verbatim apart from IF NOT EXISTS.
CREATE TABLE IF NOT EXISTS ssh_sessions (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  session_id UUID NOT NULL,          -- MCP session reference
  target_host TEXT NOT NULL,         -- anonymized: [HOST_001]
  target_user TEXT NOT NULL,         -- anonymized: [USER_REDACTED]
  initiated_by TEXT NOT NULL,        -- operator ID (internal)
  started_at TIMESTAMPTZ NOT NULL,
  ended_at TIMESTAMPTZ,
  duration_ms INTEGER,
  status TEXT NOT NULL,              -- 'active', 'completed', 'error', 'quarantined'
  escalated BOOLEAN DEFAULT false,
  created_at TIMESTAMPTZ DEFAULT now()
);

CREATE TABLE IF NOT EXISTS ssh_commands (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  session_id UUID REFERENCES ssh_sessions(id),
  sequence INTEGER NOT NULL,         -- command order within session
  command_hash TEXT NOT NULL,        -- SHA-256 of anonymized command
  command_anon TEXT NOT NULL,        -- anonymized command text
  stdout_anon JSONB,                 -- anonymized stdout (JSONB for structure)
  stderr_anon JSONB,                 -- anonymized stderr
  exit_code INTEGER,
  duration_ms INTEGER,
  resolved_by TEXT NOT NULL,         -- 'minimax' or 'claude_escalation'
  anonymization JSONB NOT NULL,      -- metadata: {layer1_redactions: N, layer2_redactions: N, canary_passed: true, processing_ms: N}
  executed_at TIMESTAMPTZ NOT NULL
);

CREATE INDEX IF NOT EXISTS idx_commands_session ON ssh_commands(session_id, sequence);

-- Not in section 09, added for idempotent activity retries: one audit row per MCP session, one row per command.
CREATE UNIQUE INDEX IF NOT EXISTS uq_sessions_session_id ON ssh_sessions(session_id);
CREATE UNIQUE INDEX IF NOT EXISTS uq_commands_session_sequence ON ssh_commands(session_id, sequence);
