import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { type BundlingOptions, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { BuildOptions } from 'esbuild';

/**
 * How every function is bundled, in one place: the CDK construct deploys with these options and
 * `npm run bench` measures bundle sizes with the same ones, so the sizes it reports are the sizes
 * that deploy. NodejsFunction turns `lambdaBundling` into esbuild flags; `esbuildOptions` below
 * is the same list spelt as esbuild's API takes it.
 */

/** The code must also run on Node 20 in CI; 22 is the nearest Lambda runtime (see the construct). */
export const LAMBDA_RUNTIME = Runtime.NODEJS_22_X;
/** What NodejsFunction derives from LAMBDA_RUNTIME when `target` is not set. */
const TARGET = 'node22';

// ESM has no `require`; CommonJS dependencies get one back (aliased so it can't clash with a bundled import).
const BANNER =
  "import { createRequire as __mentorflowCreateRequire } from 'node:module'; const require = __mentorflowCreateRequire(import.meta.url);";

/**
 * The Node 22 Lambda runtime ships AWS SDK v3: using it instead of bundling ours takes ~400 KB
 * (two thirds of a function once zod is tree-shaken) out of every bundle, at the price of running
 * the runtime's SDK version rather than the one in package-lock.json. See docs/decisions.md.
 */
const EXTERNAL_MODULES = ['@aws-sdk/*'];

// Prefer dependencies' ESM builds, which esbuild can tree-shake.
const MAIN_FIELDS = ['module', 'main'];

export const lambdaBundling: BundlingOptions = {
  // The code is ESM (top-level await, `import.meta`), so the bundle is too.
  format: OutputFormat.ESM,
  target: TARGET,
  banner: BANNER,
  mainFields: MAIN_FIELDS,
  // Smaller bundles load faster on a cold start.
  minify: true,
  // Source maps for NODE_OPTIONS=--enable-source-maps; without sources inlined they stay small.
  sourceMap: true,
  sourcesContent: false,
  externalModules: EXTERNAL_MODULES,
};

/**
 * The esbuild options NodejsFunction runs for `lambdaBundling` (it adds `--bundle --platform=node`
 * and writes the source map next to the bundle). The map is left out: it is not part of the code a
 * cold start loads, and the bundle size is what the benchmark reports.
 */
export function esbuildOptions(entry: string): BuildOptions & { entryPoints: string[] } {
  return {
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: TARGET,
    banner: { js: BANNER },
    mainFields: MAIN_FIELDS,
    minify: true,
    external: EXTERNAL_MODULES,
  };
}
