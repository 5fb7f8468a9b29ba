import { LAYER_IMPORTS, layerOfName } from '../../eslint/packageLayers.cjs';
import { vendorBinding } from '../../eslint/vendorBindings.cjs';
import type { Finding } from '../findings/finding';
import { childPath, jsonLineIndex, lineOf } from '../locate/jsonLineIndex';
import type { ConnectorSide } from '../repo/connectorSide';
import { checkFinding } from './checkFinding';
import { subjectOf } from './repoRules';

/** The fields of package.json that install packages next to the connector at run time. */
const RUNTIME_FIELDS = ['dependencies', 'optionalDependencies', 'peerDependencies'] as const;

/**
 * A connector's declared runtime dependencies (devDependencies are for its tests): no HTTP
 * client, socket library or vendor SDK that its manifest's direct_transports does not list, and
 * none of our packages but core. Reported at the line of the entry in package.json.
 */
export function declaredDependencyFindings(side: ConnectorSide): Finding[] {
  const file = `${side.dir}/package.json`;
  const text = side.packageText;
  if (text === undefined || side.packageProblem !== undefined) return [];
  let pkg: Record<string, unknown>;
  try {
    pkg = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return [];
  }
  const allowed = side.validation?.ok
    ? (side.validation.manifest.direct_transports ?? []).map((t) => t.library)
    : [];
  // Where each entry sits in package.json, worked out only for a package with a finding.
  let index: ReturnType<typeof jsonLineIndex> | undefined;
  const findings: Finding[] = [];
  for (const field of RUNTIME_FIELDS) {
    const deps = pkg[field];
    if (typeof deps !== 'object' || deps === null) continue;
    for (const name of Object.keys(deps)) {
      const path = childPath(field, name);
      const place = () => {
        index ??= jsonLineIndex(text);
        return { path, line: lineOf(index, path), file };
      };
      const binding = vendorBinding(name);
      if (binding !== undefined && !allowed.includes(binding.package)) {
        findings.push(
          checkFinding(
            subjectOf(side),
            'vendor_dependency',
            `${file}: ${field} names ${name}, and ${binding.why}; list it in connector.json direct_transports with the reason, or reach the vendor through ctx.http`,
            place(),
          ),
        );
      }
      const layer = layerOfName(name);
      if (layer !== undefined && !LAYER_IMPORTS.connector.includes(layer)) {
        findings.push(
          checkFinding(
            subjectOf(side),
            'package_boundary',
            `${file}: ${field} names ${name}; a connector depends on @dealix/connector-core only (devDependencies may hold the rest, for tests)`,
            place(),
          ),
        );
      }
    }
  }
  return findings;
}
