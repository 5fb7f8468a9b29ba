// The public surface of @dealix/connector-host.
export { startHost, type HostOptions, type RunningHost } from './host';
export { main } from './cli/main';
export { hostConfigSchema, type HostConfig } from './config/hostConfig';
export { buildBoard, type BoardTenant, type HostBoardRow } from './board/boardData';
export { connectorHealth, type ConnectorHealth } from './board/connectorHealth';
export {
  approvalSlaCompliance,
  readApprovalSla,
  type ApprovalSlaCompliance,
  type ApprovalSlaFigure,
  type ApprovalSlaInput,
  type ApprovalSlaSources,
} from './board/approvalSlaCompliance';
export { approvalColumn, type ApprovalColumn } from './board/approvalColumn';
export { SANDBOX_TENANT } from './host';
export * from './stores';
