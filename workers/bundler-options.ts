/**
 * Options every workflow bundle of this project is built with (the worker's start-up bundling and
 * `workers/build-workflow-bundle.ts`).
 * @module
 */
import type { BundleOptions } from '@temporalio/worker';

type WebpackConfiguration = Parameters<NonNullable<BundleOptions['webpackConfigHook']>>[0];

/**
 * Silences webpack's one warning about mvdan-sh (the shell parser the `run-command` validator uses): its GopherJS
 * runtime does `global.require = require`, which webpack cannot resolve statically and replaces by an empty context
 * that throws if called. The parser never calls it, and `workflows/command-policy/mvdan-sh.ts` removes the global
 * again; every other warning still shows.
 */
export function quietMvdanShRequireWarning(config: WebpackConfiguration): WebpackConfiguration {
  return {
    ...config,
    ignoreWarnings: [
      ...(config.ignoreWarnings ?? []),
      { module: /[\\/]mvdan-sh[\\/]index\.js$/, message: /Critical dependency: require function is used/ },
    ],
  };
}

/** Spread into `bundleWorkflowCode(…)` or pass as `WorkerOptions.bundlerOptions`. */
export const WORKFLOW_BUNDLER_OPTIONS = { webpackConfigHook: quietMvdanShRequireWarning } as const;
