/**
 * `npm run bench` (second part): the matching solvers on synthetic cohorts (bench/matching-cohort.ts)
 * of 2,000 × 400, 10,000 × 2,000 and 50,000 × 10,000 seekers × supporters, 50 candidates per
 * seeker-role. Writes bench/results/matching-<time>.json.
 *
 * - ours: `matchCohort` end to end (scoring, candidate graph, exact solver, explanations), timed
 *   as a whole;
 * - greedy, Gale–Shapley with capacities and a plain successive-shortest-path min-cost flow
 *   (bench/matching-baselines.ts) on the same candidates, read back from ours' `candidates`
 *   output as an outside checker would. Their time is the solve alone.
 * Each runs in a fresh process, so its peak memory (maxRSS) is its own. Numbers compare runs on
 * one machine; tests never time anything.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { matchCohort } from '#shared/domain/matching/match-cohort.ts';
import { galeShapley, graphFrom, greedy, plainMinCostFlow } from './matching-baselines.ts';
import { syntheticCohort } from './matching-cohort.ts';

const SIZES = [
  [2_000, 400],
  [10_000, 2_000],
  [50_000, 10_000],
] as const;
const SOLVERS = ['ours', 'greedy', 'gale-shapley', 'plain-min-cost-flow'] as const;
type Solver = (typeof SOLVERS)[number];

interface Run {
  solver: Solver;
  seekers: number;
  supporters: number;
  /** Seeker-roles to match. */
  demand: number;
  matched: number;
  score: number;
  /** Wall-clock time of the timed part. */
  ms: number;
  /** CPU time of the timed part: steadier than wall time on a busy machine. */
  cpuMs: number;
  peakRssMb: number;
}

const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

function runChild(solver: Solver, seekers: number, supporters: number): Run {
  const input = syntheticCohort(seekers, supporters);
  if (solver === 'ours') {
    const cpu = process.cpuUsage();
    const started = performance.now();
    const result = matchCohort(input);
    const ms = Math.round(performance.now() - started);
    const cpuMs = Math.round(process.cpuUsage(cpu).user / 1000);
    return {
      solver,
      seekers,
      supporters,
      demand: result.totals.demand,
      matched: result.totals.matched,
      score: result.totals.score,
      ms,
      cpuMs,
      peakRssMb: peakRssMb(),
    };
  }
  const graph = graphFrom(input, matchCohort(input, { includeCandidates: true }).candidates ?? []);
  const solve = { greedy, 'gale-shapley': galeShapley, 'plain-min-cost-flow': plainMinCostFlow }[solver];
  const cpu = process.cpuUsage();
  const started = performance.now();
  const chosen = solve(graph);
  const ms = Math.round(performance.now() - started);
  const cpuMs = Math.round(process.cpuUsage(cpu).user / 1000);
  let matched = 0;
  let cents = 0;
  for (const e of chosen) {
    if (e < 0) continue;
    matched += 1;
    cents += graph.edgeScore[e]!;
  }
  return {
    solver,
    seekers,
    supporters,
    demand: graph.count,
    matched,
    score: cents / 100,
    ms,
    cpuMs,
    peakRssMb: peakRssMb(),
  };
}

const self = fileURLToPath(import.meta.url);
const [, , mode, solverArg, seekersArg, supportersArg] = process.argv;
if (mode === '--child') {
  const run = runChild(solverArg as Solver, Number(seekersArg), Number(supportersArg));
  process.stdout.write(`${JSON.stringify(run)}\n`);
} else {
  const runs: Run[] = [];
  for (const [seekers, supporters] of SIZES) {
    for (const solver of SOLVERS) {
      const out = execFileSync(
        process.execPath,
        [...process.execArgv, self, '--child', solver, String(seekers), String(supporters)],
        { encoding: 'utf8', maxBuffer: 1 << 20 },
      );
      const run = JSON.parse(out.trim().split('\n').at(-1)!) as Run;
      runs.push(run);
      process.stdout.write(
        `${`${seekers} × ${supporters}`.padEnd(16)}${solver.padEnd(21)}${`${run.ms} ms`.padStart(10)}` +
          `${`(cpu ${run.cpuMs} ms)`.padStart(17)}` +
          `${`${run.peakRssMb} MB`.padStart(9)}  matched ${run.matched}/${run.demand}  score ${run.score}\n`,
      );
    }
  }
  const bySize = SIZES.map(([seekers, supporters]) => {
    const of = (solver: Solver) => runs.find((r) => r.solver === solver && r.seekers === seekers)!;
    const ours = of('ours');
    const plain = of('plain-min-cost-flow');
    return {
      seekers,
      supporters,
      oursEqualsOptimum: ours.matched === plain.matched && ours.score === plain.score,
      speedUpOverPlainMinCostFlow: Math.round((plain.ms / Math.max(1, ours.ms)) * 10) / 10,
      speedUpOverPlainMinCostFlowCpu: Math.round((plain.cpuMs / Math.max(1, ours.cpuMs)) * 10) / 10,
      greedyScoreGapPercent: Math.round((1 - of('greedy').score / ours.score) * 1000) / 10,
      galeShapleyScoreGapPercent: Math.round((1 - of('gale-shapley').score / ours.score) * 1000) / 10,
      // Seeker-roles the optimum matches and the heuristic leaves unmatched.
      greedyShortOfOptimum: ours.matched - of('greedy').matched,
      galeShapleyShortOfOptimum: ours.matched - of('gale-shapley').matched,
    };
  });
  const at = new Date().toISOString();
  const results = { at, node: process.version, candidatesPerSeeker: 50, runs, bySize };
  const dir = join(fileURLToPath(new URL('.', import.meta.url)), 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `matching-${at.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(bySize, null, 2)}\nwritten to ${file}\n`);
}
