import { startEmulators } from '#infra/local/emulators.ts';
import { applyEnv, localAwsEnv } from '#infra/local/env.ts';
import { simulate } from '#cli/simulate/run-simulation.ts';
const em = await startEmulators();
applyEnv(localAwsEnv({ dynamoUrl: em.dynamoUrl, sesUrl: em.sesUrl }));
try {
  for (const i of [1, 2]) {
    const r = await simulate({ participants: 10, seed: '3' }, { progress: (l) => console.error(i, l) });
    console.log(i, r.ok, JSON.stringify(r.stages), JSON.stringify(r.failures));
  }
} finally { await em.stop(); }
