import type { FunctionSpec, HttpRoute } from '#infra/manifest.ts';
import { triggersOf } from './local-manifest.ts';

interface CompiledRoute {
  fn: FunctionSpec;
  route: HttpRoute;
  /** `POST /programs/{programId}/cohorts`, as API Gateway names it in the event. */
  routeKey: string;
  segments: Segment[];
}

type Segment =
  | { kind: 'literal'; value: string }
  | { kind: 'param'; name: string }
  | { kind: 'greedy'; name: string };

export interface RouteMatch {
  route: CompiledRoute;
  /** URL-decoded, as API Gateway passes them. */
  pathParameters: Record<string, string>;
}

/** Every `http` route of the manifest; two functions claiming one route is a manifest error. */
export function compileRoutes(functions: readonly FunctionSpec[]): CompiledRoute[] {
  const routes = triggersOf(functions, 'http').flatMap(({ fn, trigger }) =>
    trigger.routes.map((route) => ({
      fn,
      route,
      routeKey: `${route.method} ${route.path}`,
      segments: parsePath(route.path),
    })),
  );
  const seen = new Map<string, string>();
  for (const route of routes) {
    const owner = seen.get(route.routeKey);
    if (owner) throw new Error(`Route ${route.routeKey} is claimed by both ${owner} and ${route.fn.name}`);
    seen.set(route.routeKey, route.fn.name);
  }
  return routes;
}

function parsePath(path: string): Segment[] {
  return splitPath(path).map((part) => {
    const param = /^\{([A-Za-z0-9_.-]+)(\+?)\}$/.exec(part);
    if (!param) return { kind: 'literal', value: part };
    return param[2] ? { kind: 'greedy', name: param[1]! } : { kind: 'param', name: param[1]! };
  });
}

function splitPath(path: string): string[] {
  return path.split('/').filter((part) => part !== '');
}

/**
 * API Gateway's route selection: the method must match, and among matching paths the most
 * specific wins — a literal segment beats `{param}`, which beats `{proxy+}` — compared from
 * the left.
 */
export function matchRoute(
  routes: readonly CompiledRoute[],
  method: string,
  rawPath: string,
): RouteMatch | undefined {
  const parts = splitPath(rawPath);
  let best: { match: RouteMatch; rank: number[] } | undefined;
  for (const route of routes) {
    if (route.route.method !== method) continue;
    const match = matchSegments(route, parts);
    if (!match) continue;
    const rank = route.segments.map((segment) => ({ literal: 2, param: 1, greedy: 0 })[segment.kind]);
    if (!best || compareRanks(rank, best.rank) > 0) best = { match, rank };
  }
  return best?.match;
}

function matchSegments(route: CompiledRoute, parts: string[]): RouteMatch | undefined {
  const pathParameters: Record<string, string> = {};
  for (const [index, segment] of route.segments.entries()) {
    if (segment.kind === 'greedy') {
      const rest = parts.slice(index);
      if (rest.length === 0) return undefined;
      pathParameters[segment.name] = decode(rest.join('/'));
      return { route, pathParameters };
    }
    const part = parts[index];
    if (part === undefined) return undefined;
    if (segment.kind === 'literal' && segment.value !== part) return undefined;
    if (segment.kind === 'param') pathParameters[segment.name] = decode(part);
  }
  return parts.length === route.segments.length ? { route, pathParameters } : undefined;
}

function compareRanks(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const difference = (a[i] ?? -1) - (b[i] ?? -1);
    if (difference !== 0) return difference;
  }
  return 0;
}

/** A malformed escape (`%zz`) is passed through as it came rather than failing the request. */
function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
