// @ts-check
'use strict';

/**
 * What a connector may not use to reach a vendor by itself: every vendor call goes through the
 * governed `ctx.http` (or `ctx.transport` for a library its manifest lists in
 * `direct_transports`). One list for the ESLint rule `dealix/facade-only` and the gate's
 * `direct_vendor_access` and `vendor_dependency` rules. Plain CommonJS so `npm run lint` can load
 * it before anything is built.
 */

/** Node's own modules that open sockets or run other programs (`node:` prefix or not). */
const NODE_MODULES = {
  http: 'opens HTTP connections',
  https: 'opens HTTPS connections',
  http2: 'opens HTTP/2 connections',
  net: 'opens TCP sockets',
  tls: 'opens TLS sockets',
  dgram: 'opens UDP sockets',
  child_process: 'runs other programs (curl and friends reach vendors unseen)',
};

/** npm packages by kind; a name ending in `/` stands for every package of that scope. */
const PACKAGE_KINDS = [
  {
    kind: 'an HTTP client',
    names: [
      'axios',
      'undici',
      'node-fetch',
      'got',
      'superagent',
      'request',
      'request-promise',
      'needle',
      'ky',
      'cross-fetch',
      'isomorphic-fetch',
      'make-fetch-happen',
      'phin',
      'centra',
      'bent',
      'ofetch',
      'wretch',
      '@hapi/wreck',
    ],
  },
  {
    kind: 'a network transport library',
    names: [
      'ws',
      'socket.io-client',
      '@grpc/grpc-js',
      'nodemailer',
      'emailjs',
      'imapflow',
      'ssh2',
      'basic-ftp',
      'mqtt',
      'amqplib',
    ],
  },
  {
    kind: 'a vendor SDK',
    names: [
      'stripe',
      'twilio',
      'jsforce',
      '@salesforce/',
      '@calcom/',
      'unstructured-client',
      '@sendgrid/',
      '@slack/',
      'googleapis',
      '@googleapis/',
      '@google-cloud/',
      'aws-sdk',
      '@aws-sdk/',
      '@azure/',
      'openai',
      '@anthropic-ai/',
      '@hubspot/',
      '@microsoft/microsoft-graph-client',
      'mailgun.js',
      'postmark',
      '@vonage/',
      'plaid',
      'square',
      'braintree',
      '@paypal/',
      'messagebird',
      'telnyx',
    ],
  },
];

/** Globals that reach the network without any import. */
const NETWORK_GLOBALS = ['fetch', 'XMLHttpRequest', 'WebSocket', 'EventSource'];

/** Objects through which a network global is reached (`globalThis.fetch`). */
const GLOBAL_OBJECTS = ['globalThis', 'global', 'window', 'self'];

/** The package a module specifier names: `axios/lib/x` → `axios`, `@aws-sdk/client-s3/x` → `@aws-sdk/client-s3`. */
function packageOf(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/**
 * Why a module specifier is a vendor binding, or undefined when it is not one. Relative paths
 * and ordinary packages are not; `node:http`, `http`, `axios`, `@aws-sdk/client-s3` are.
 */
function vendorBinding(specifier) {
  if (specifier.startsWith('.') || specifier.startsWith('/')) return undefined;
  const bare = specifier.startsWith('node:') ? specifier.slice(5) : specifier;
  const nodeModule = bare.split('/')[0];
  if (Object.prototype.hasOwnProperty.call(NODE_MODULES, nodeModule)) {
    return {
      package: `node:${nodeModule}`,
      why: `Node's ${nodeModule} module ${NODE_MODULES[nodeModule]}`,
    };
  }
  if (specifier.startsWith('node:')) return undefined;
  const name = packageOf(specifier);
  for (const { kind, names } of PACKAGE_KINDS) {
    const hit = names.some((n) => (n.endsWith('/') ? name.startsWith(n) : name === n));
    if (hit) return { package: name, why: `${name} is ${kind}` };
  }
  return undefined;
}

module.exports = {
  NODE_MODULES,
  PACKAGE_KINDS,
  NETWORK_GLOBALS,
  GLOBAL_OBJECTS,
  packageOf,
  vendorBinding,
};
