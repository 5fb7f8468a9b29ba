/**
 * tsconfig.build.json: tsconfig.json (src/ with the tests) emitted to dist/, so one tsc pass both
 * type-checks everything and builds; package.json's `files` keeps the tests out of the package.
 */
export function tsconfigBuildJsonTemplate(): string {
  return `{
  "extends": "./tsconfig.json",
  "compilerOptions": { "noEmit": false, "rootDir": "src", "outDir": "dist" }
}
`;
}
