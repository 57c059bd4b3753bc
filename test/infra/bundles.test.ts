import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { esbuildOptions } from '#infra/constructs/bundling.ts';
import { REPO_ROOT } from '#infra/local/lambda.ts';
import { functions } from '#infra/manifest.ts';

/**
 * What goes into each deployed bundle, with the construct's own esbuild options: the two things
 * that took bundles from ~1 MB to under 300 KB must stay true (docs/decisions.md, Bundles). Sizes
 * themselves are reported by `npm run bench`, not asserted.
 */
describe.each(functions.map((spec) => [spec.name, spec.entry] as const))('the %s bundle', (_name, entry) => {
  it('leaves the AWS SDK to the Lambda runtime and keeps only the zod it uses', async () => {
    // Act
    const result = await build({
      ...esbuildOptions(join(REPO_ROOT, entry)),
      write: false,
      metafile: true,
      logLevel: 'silent',
    });

    // Assess
    // What ended up in the bundle (esbuild also lists modules it read and then shook out).
    const inputs = Object.values(result.metafile.outputs).flatMap((output) =>
      Object.entries(output.inputs)
        .filter(([, { bytesInOutput }]) => bytesInOutput > 0)
        .map(([input]) => input),
    );
    expect(inputs.filter((input) => input.includes('node_modules/@aws-sdk/'))).toEqual([]);
    // `import { z } from 'zod'` anywhere would pull in every locale; English is zod's default.
    expect(inputs.filter((input) => /node_modules\/zod\/.*locales\/(?!en\.)/.test(input))).toEqual([]);
  });
});
