import type { ESLint, Linter } from 'eslint';

/** Package folders (globs, relative to the lint root) whose runtime source the rules check. */
export interface RuntimeSourceFolders {
  packages: readonly string[];
  connectors: readonly string[];
}

declare const plugin: ESLint.Plugin & {
  runtimeSourceBlocks(folders: RuntimeSourceFolders): Linter.Config[];
  configs: { repository: Linter.Config[] };
};
export = plugin;
