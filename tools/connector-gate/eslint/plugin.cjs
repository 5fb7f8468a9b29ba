// @ts-check
'use strict';

const { dirname, relative, resolve, sep } = require('node:path');
const {
  GLOBAL_OBJECTS,
  NETWORK_GLOBALS,
  packageOf,
  vendorBinding,
} = require('./vendorBindings.cjs');
const { LAYER_IMPORTS, layerOfName, namesOfLayer, packageOfFile } = require('./packageLayers.cjs');

/** The module specifier of an import-like node, when it is a string literal. */
function specifierOf(node) {
  const source = node.source ?? (node.moduleReference && node.moduleReference.expression);
  if (source && source.type === 'Literal' && typeof source.value === 'string') return source;
  return undefined;
}

/** `require('x')` with a literal argument. */
function requiredLiteral(node) {
  const callee = node.callee;
  const arg = node.arguments[0];
  if (callee.type !== 'Identifier' || callee.name !== 'require' || node.arguments.length !== 1)
    return undefined;
  return arg && arg.type === 'Literal' && typeof arg.value === 'string' ? arg : undefined;
}

/** Calls `check(literal)` for every static import, re-export, dynamic import and require(). */
function eachModuleSpecifier(check) {
  const fromNode = (node) => {
    const literal = specifierOf(node);
    if (literal) check(literal);
  };
  return {
    ImportDeclaration: fromNode,
    ExportNamedDeclaration: fromNode,
    ExportAllDeclaration: fromNode,
    ImportExpression: fromNode,
    TSImportEqualsDeclaration: fromNode,
    CallExpression(node) {
      const literal = requiredLiteral(node);
      if (literal) check(literal);
    },
  };
}

/** `process.env`, `process['env']`. */
function isProcessEnv(node) {
  if (
    node.type !== 'MemberExpression' ||
    node.object.type !== 'Identifier' ||
    node.object.name !== 'process'
  ) {
    return false;
  }
  const p = node.property;
  return node.computed
    ? p.type === 'Literal' && p.value === 'env'
    : p.type === 'Identifier' && p.name === 'env';
}

const facadeOnly = {
  meta: {
    type: 'problem',
    docs: {
      description:
        'A connector reaches its vendor only through ctx.http (or ctx.transport for a library its manifest lists in direct_transports) and reads no environment variables.',
    },
    schema: [],
    messages: {
      vendorImport:
        '{{why}}: a connector reaches its vendor only through ctx.http, or ctx.transport for a library its connector.json lists in direct_transports (which lists {{allowed}})',
      networkGlobal:
        '{{name}} reaches the network outside the governed ctx.http: use ctx.http (or vendorRequest) instead',
      environment:
        'a connector reads no environment variables: credentials and settings come from the validated config on ctx.config',
    },
  },
  create(context) {
    const file = context.filename ?? context.getFilename();
    const pkg = packageOfFile(file);
    const allowed = pkg ? pkg.directLibraries : [];
    const sourceCode = context.sourceCode ?? context.getSourceCode();
    return {
      ...eachModuleSpecifier((literal) => {
        const binding = vendorBinding(literal.value);
        if (binding === undefined) return;
        if (allowed.includes(binding.package) || allowed.includes(packageOf(literal.value))) return;
        context.report({
          node: literal,
          messageId: 'vendorImport',
          data: { why: binding.why, allowed: allowed.length > 0 ? allowed.join(', ') : 'nothing' },
        });
        // `import { env } from 'node:process'` is caught below as an environment read.
      }),
      ImportSpecifier(node) {
        const from = node.parent.source.value;
        const imported =
          node.imported.type === 'Identifier' ? node.imported.name : node.imported.value;
        if ((from === 'process' || from === 'node:process') && imported === 'env') {
          context.report({ node, messageId: 'environment' });
        }
      },
      MemberExpression(node) {
        if (isProcessEnv(node)) {
          context.report({ node, messageId: 'environment' });
          return;
        }
        const object = node.object;
        const property = node.property;
        const name = node.computed
          ? property.type === 'Literal' && String(property.value)
          : property.type === 'Identifier' && property.name;
        if (
          object.type === 'Identifier' &&
          GLOBAL_OBJECTS.includes(object.name) &&
          name &&
          NETWORK_GLOBALS.includes(name)
        ) {
          context.report({
            node,
            messageId: 'networkGlobal',
            data: { name: `${object.name}.${name}` },
          });
        }
      },
      VariableDeclarator(node) {
        // const { env } = process
        if (
          node.init &&
          node.init.type === 'Identifier' &&
          node.init.name === 'process' &&
          node.id.type === 'ObjectPattern'
        ) {
          const env = node.id.properties.find(
            (p) => p.type === 'Property' && p.key.type === 'Identifier' && p.key.name === 'env',
          );
          if (env) context.report({ node: env, messageId: 'environment' });
        }
      },
      'Program:exit'(node) {
        // A network global used without being declared in the file: unresolved, or resolved
        // to a global the configuration declares (which has no definition in the source).
        const global = sourceCode.getScope(node);
        const refs = global.through.filter((ref) => NETWORK_GLOBALS.includes(ref.identifier.name));
        for (const name of NETWORK_GLOBALS) {
          const variable = global.set.get(name);
          if (variable && variable.defs.length === 0) refs.push(...variable.references);
        }
        for (const ref of new Set(refs)) {
          context.report({
            node: ref.identifier,
            messageId: 'networkGlobal',
            data: { name: ref.identifier.name },
          });
        }
      },
    };
  },
};

const packageBoundaries = {
  meta: {
    type: 'problem',
    docs: {
      description:
        'Runtime source imports only the packages its layer may depend on (connectors → core; host → core, testkit; testkit → core; gate → core; client → core) and never reaches into another package by a relative path.',
    },
    schema: [],
    messages: {
      layer: '{{from}} ({{layer}}) may import {{allowed}}; {{target}} is {{targetLayer}}',
      outside:
        '"{{specifier}}" reaches outside {{from}} into {{target}}: import another package by its name, and only one its layer may use',
    },
  },
  create(context) {
    const file = context.filename ?? context.getFilename();
    const pkg = packageOfFile(file);
    if (pkg === undefined || pkg.layer === undefined) return {};
    const from = pkg.name ?? relative(process.cwd(), pkg.dir);
    const allowedLayers = LAYER_IMPORTS[pkg.layer];
    return eachModuleSpecifier((literal) => {
      const specifier = literal.value;
      if (specifier.startsWith('.')) {
        const target = resolve(dirname(file), specifier);
        if (target !== pkg.dir && !target.startsWith(pkg.dir + sep)) {
          context.report({
            node: literal,
            messageId: 'outside',
            data: { specifier, from, target: relative(pkg.dir, target) },
          });
        }
        return;
      }
      const targetLayer = layerOfName(packageOf(specifier));
      if (targetLayer === undefined || packageOf(specifier) === pkg.name) return;
      if (allowedLayers.includes(targetLayer)) return;
      context.report({
        node: literal,
        messageId: 'layer',
        data: {
          from,
          layer: pkg.layer,
          allowed:
            allowedLayers.length > 0
              ? `only ${allowedLayers.flatMap(namesOfLayer).join(', ')} among our packages`
              : 'none of our packages',
          target: packageOf(specifier),
          targetLayer: targetLayer === 'connector' ? 'a connector' : `the ${targetLayer}`,
        },
      });
    });
  },
};

/** Runtime source: not tests, fixtures or the store contract suites' test helpers. */
const TEST_FILES = ['**/*.test.ts', '**/__fixtures__/**', '**/__contract__/**'];

const plugin = {
  meta: { name: '@dealix/connector-gate/eslint-plugin' },
  rules: { 'facade-only': facadeOnly, 'package-boundaries': packageBoundaries },
};

/**
 * The flat config blocks that turn both rules on for the runtime source of the given package
 * folders (globs): package boundaries everywhere, facade-only in connectors. The repository
 * config and the gate both build theirs here, so they cannot disagree on what is checked.
 */
function runtimeSourceBlocks({ packages, connectors }) {
  const ts = (dirs) => dirs.map((dir) => `${dir}/src/**/*.ts`);
  return [
    {
      files: ts([...packages, ...connectors]),
      ignores: TEST_FILES,
      plugins: { dealix: plugin },
      rules: { 'dealix/package-boundaries': 'error' },
    },
    {
      files: ts(connectors),
      ignores: TEST_FILES,
      plugins: { dealix: plugin },
      rules: { 'dealix/facade-only': 'error' },
    },
  ];
}

plugin.runtimeSourceBlocks = runtimeSourceBlocks;
plugin.configs = {
  /** This repository's layout (npm workspaces `packages/*`, `packages/connectors/*`, `tools/*`). */
  repository: runtimeSourceBlocks({
    packages: ['packages/*', 'tools/*'],
    connectors: ['packages/connectors/*'],
  }),
};

module.exports = plugin;
