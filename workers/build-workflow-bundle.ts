/**
 * Builds the production workflow bundle (`dist/workflow-bundle.js`). Production workers load it through
 * SSM_WORKFLOW_BUNDLE instead of bundling `workflows/` at start-up (Temporal's "production" sample).
 * @module
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { WORKFLOW_BUNDLER_OPTIONS } from './bundler-options';

async function main(): Promise<void> {
  const root = join(__dirname, '..', __dirname.includes('dist') ? '..' : '');
  const { code } = await bundleWorkflowCode({
    workflowsPath: require.resolve(join(root, 'workflows')),
    ...WORKFLOW_BUNDLER_OPTIONS,
  });
  mkdirSync(join(root, 'dist'), { recursive: true });
  const out = join(root, 'dist', 'workflow-bundle.js');
  writeFileSync(out, code);
  process.stdout.write(`wrote ${out} (${code.length} bytes)\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bundle failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
