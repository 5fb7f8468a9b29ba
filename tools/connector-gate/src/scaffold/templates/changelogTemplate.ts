import type { ConnectorNames } from '../connectorNames';

/** CHANGELOG.md: the 0.1.0 entry. */
export function changelogTemplate(names: ConnectorNames): string {
  return `# ${names.packageName}

## 0.1.0

### Initial release

- Scaffolded by \`npm run new-connector\`: the sample operations \`get_item\`, \`create_item\`
  (compensated by \`delete_item\`) and \`delete_item\`, an error table, a health probe and the
  conformance suite against a generic simulator.
`;
}
