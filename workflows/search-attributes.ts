/**
 * Typed keys of the custom search attributes (registered by temporal-config/namespace-setup.sh). Shared by the
 * session workflow (upserts) and the bridge (initial values at start, visibility queries).
 * @module
 */
import { SearchAttributeType, defineSearchAttributeKey } from '@temporalio/common';
import { SEARCH_ATTRIBUTES } from './api';

/** Search attribute keys. */
export const SA = {
  hostAlias: defineSearchAttributeKey(SEARCH_ATTRIBUTES.hostAlias, SearchAttributeType.KEYWORD),
  sessionStatus: defineSearchAttributeKey(SEARCH_ATTRIBUTES.sessionStatus, SearchAttributeType.KEYWORD),
  escalated: defineSearchAttributeKey(SEARCH_ATTRIBUTES.escalated, SearchAttributeType.BOOL),
  quarantined: defineSearchAttributeKey(SEARCH_ATTRIBUTES.quarantined, SearchAttributeType.BOOL),
};
