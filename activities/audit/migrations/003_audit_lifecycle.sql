-- Issue 7: embed-and-purge. After a session ends, its anonymized stdout/stderr are embedded into the vector store and
-- then set to NULL in ssh_commands; these columns record when and how that happened. `embedded` is false when the
-- purge deadline (5 minutes after the session end) passed first; `purge_note` then says "purged without embedding".
ALTER TABLE ssh_sessions ADD COLUMN IF NOT EXISTS purged_at TIMESTAMPTZ;
ALTER TABLE ssh_sessions ADD COLUMN IF NOT EXISTS embedded BOOLEAN;
ALTER TABLE ssh_sessions ADD COLUMN IF NOT EXISTS embedded_chunks INTEGER;
ALTER TABLE ssh_sessions ADD COLUMN IF NOT EXISTS purge_note TEXT;
