import type { ConnectorNames } from '../connectorNames';

/**
 * .changeset/<name>-connector.md: the new package's first release. `none` keeps 0.1.0, as the
 * stripe connector's changeset does; the gate's diff requires a changeset naming a new package.
 */
export function changesetTemplate(names: ConnectorNames): string {
  return `---
'${names.packageName}': none
---

Introduced ${names.packageName} 0.1.0, the ${names.displayName} connector scaffolded by \`npm run new-connector\`; this version is its first release.
`;
}
