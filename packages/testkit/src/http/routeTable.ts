import type { RouteDef } from './types';

interface CompiledRoute {
  def: RouteDef;
  method: string;
  segments: string[];
}

export interface RouteMatch {
  def: RouteDef;
  params: Record<string, string>;
}

function splitPath(path: string): string[] {
  return path.split('/').filter((segment) => segment.length > 0);
}

/**
 * Matches a method + path against route patterns with `:name` segments. A parameter may carry a
 * literal suffix (`/Calls/:sid.json`), which Twilio-style paths need.
 */
export class RouteTable {
  private readonly routes: CompiledRoute[];

  constructor(defs: readonly RouteDef[]) {
    const ids = new Set<string>();
    for (const def of defs) {
      if (ids.has(def.id)) throw new Error(`duplicate simulator route id "${def.id}"`);
      ids.add(def.id);
    }
    this.routes = defs.map((def) => ({
      def,
      method: def.method.toUpperCase(),
      segments: splitPath(def.path),
    }));
  }

  has(routeId: string): boolean {
    return this.routes.some((route) => route.def.id === routeId);
  }

  match(method: string, path: string): RouteMatch | null {
    const actual = splitPath(path);
    for (const route of this.routes) {
      if (route.method !== method.toUpperCase() || route.segments.length !== actual.length)
        continue;
      const params = matchSegments(route.segments, actual);
      if (params) return { def: route.def, params };
    }
    return null;
  }
}

function matchSegments(pattern: string[], actual: string[]): Record<string, string> | null {
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i += 1) {
    const expected = pattern[i] as string;
    const segment = decodeSegment(actual[i] as string);
    if (!expected.startsWith(':')) {
      if (expected !== segment) return null;
      continue;
    }
    const dot = expected.indexOf('.');
    const name = dot === -1 ? expected.slice(1) : expected.slice(1, dot);
    const suffix = dot === -1 ? '' : expected.slice(dot);
    if (!segment.endsWith(suffix)) return null;
    const value = segment.slice(0, segment.length - suffix.length);
    if (value.length === 0) return null;
    params[name] = value;
  }
  return params;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
