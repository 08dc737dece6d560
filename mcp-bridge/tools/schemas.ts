/** zod schemas shared by several tools (one definition per wire field). @module */
import { z } from 'zod/v4';

/** An inventory host alias (what ssh_list_hosts shows). */
export const HostAlias = z
  .string()
  .min(1)
  .max(63)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/)
  .describe('Host alias from ssh_list_hosts');

/** A session id returned by ssh_connect. */
export const SessionId = z.string().uuid().describe('session_id returned by ssh_connect');
