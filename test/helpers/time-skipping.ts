/**
 * Temporal's time-skipping test environment, backed by the Java test server that scripts/setup.sh installs from Maven
 * Central (io.temporal:temporal-test-server, wrapper `.tools/bin/temporal-test-server`) instead of a web download.
 * @module
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { temporal } from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';

import { SEARCH_ATTRIBUTES } from '../../workflows/api';
import { REPO_ROOT, STACK_ENV_PATH, loadStackEnv } from './stack';

const { INDEXED_VALUE_TYPE_KEYWORD: KEYWORD, INDEXED_VALUE_TYPE_BOOL: BOOL } = temporal.api.enums.v1.IndexedValueType;

/**
 * The custom search attributes of workflows/api.ts with their types, as temporal-config/namespace-setup.sh registers
 * them on the dev server. The Java test server rejects upserts of unregistered attributes ("search attribute
 * SshHostAlias is not defined"), so {@link createTimeSkippingEnv} registers them too.
 */
export const CUSTOM_SEARCH_ATTRIBUTES: Readonly<Record<string, temporal.api.enums.v1.IndexedValueType>> = {
  [SEARCH_ATTRIBUTES.hostAlias]: KEYWORD,
  [SEARCH_ATTRIBUTES.sessionStatus]: KEYWORD,
  [SEARCH_ATTRIBUTES.escalated]: BOOL,
  [SEARCH_ATTRIBUTES.quarantined]: BOOL,
};

/** Where scripts/setup.sh puts the test-server wrapper. */
export const DEFAULT_TEST_SERVER_BIN = join(REPO_ROOT, '.tools', 'bin', 'temporal-test-server');

/**
 * The test-server executable: `$TEMPORAL_TEST_SERVER_BIN`, else `.run/stack.env`'s, else {@link DEFAULT_TEST_SERVER_BIN}.
 * @throws Error telling you to run `bash scripts/setup.sh` when none exists.
 */
export function testServerExecutable(): string {
  const candidates = [
    process.env.TEMPORAL_TEST_SERVER_BIN,
    existsSync(STACK_ENV_PATH) ? loadStackEnv().TEMPORAL_TEST_SERVER_BIN : undefined,
    DEFAULT_TEST_SERVER_BIN,
  ];
  const found = candidates.find((path): path is string => !!path && existsSync(path));
  if (!found) {
    throw new Error(
      `Temporal's time-skipping test server is not installed (${DEFAULT_TEST_SERVER_BIN}): run \`bash scripts/setup.sh\`.`,
    );
  }
  return found;
}

/**
 * Starts a time-skipping {@link TestWorkflowEnvironment} on a free port, with {@link CUSTOM_SEARCH_ATTRIBUTES}
 * registered in its `default` namespace. sdk-core runs the executable as `<path> <port>` and gives it 5 s to accept
 * connections (the JVM needs about 2 s here); call `teardown()` when done.
 * @throws whatever `TestWorkflowEnvironment.createTimeSkipping` throws (e.g. a start-up timeout), the error of
 *   {@link testServerExecutable}, or the gRPC error of registering the search attributes (the env is torn down then).
 */
export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: testServerExecutable() } },
  });
  try {
    await env.connection.operatorService.addSearchAttributes({
      namespace: env.namespace ?? 'default',
      searchAttributes: CUSTOM_SEARCH_ATTRIBUTES,
    });
  } catch (err) {
    await env.teardown();
    throw err;
  }
  return env;
}
