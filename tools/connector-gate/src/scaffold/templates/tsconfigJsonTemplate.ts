/** tsconfig.json: the typecheck of src/ with the tests (no output), as every package has it. */
export function tsconfigJsonTemplate(): string {
  return `{
  "extends": "../../../tsconfig.base.json",
  "compilerOptions": { "noEmit": true, "types": ["node", "jest"] },
  "include": ["src"]
}
`;
}
