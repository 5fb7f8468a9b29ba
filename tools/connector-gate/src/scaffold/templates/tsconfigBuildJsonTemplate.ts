/** tsconfig.build.json: src/ to dist/ without tests and fixtures. */
export function tsconfigBuildJsonTemplate(): string {
  return `{
  "extends": "../../../tsconfig.base.json",
  "compilerOptions": { "rootDir": "src", "outDir": "dist" },
  "include": ["src"],
  "exclude": ["src/**/*.test.ts", "src/**/__fixtures__/**", "src/**/__contract__/**"]
}
`;
}
