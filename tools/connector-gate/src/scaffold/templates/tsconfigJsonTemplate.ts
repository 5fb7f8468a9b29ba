/** tsconfig.json: the typecheck of src/ with the tests (no output); tsconfig.build.json extends it. */
export function tsconfigJsonTemplate(): string {
  return `{
  "extends": "../../../tsconfig.base.json",
  "compilerOptions": { "noEmit": true, "types": ["node", "jest"] },
  "include": ["src"]
}
`;
}
