// The public surface of @dealix/connector-host.
export { startHost, type HostOptions, type RunningHost } from './host';
export { main } from './cli/main';
export { hostConfigSchema, type HostConfig } from './config/hostConfig';
export { buildBoard, type BoardTenant } from './board/boardData';
export * from './stores';
