/** jest.config.js: the repository's preset (@swc/jest), tests under src/. */
export function jestConfigTemplate(): string {
  return `module.exports = { ...require('../../../jest.preset.js'), roots: ['<rootDir>/src'] };
`;
}
