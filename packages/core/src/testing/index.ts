// @dealix/connector-core/testing: what connector, core and host tests share. Not part of the
// main entry; nothing here touches jest until a test file calls it.
export {
  outputOf,
  startConnectorHarness,
  useConnectorHarness,
  type ConnectorHarness,
  type ConnectorHarnessOptions,
  type HarnessCallOptions,
  type SimulatorHandle,
} from './connectorHarness';
export { loadConnectorManifest, readPackageVersion } from './connectorPackage';
export { VirtualClock } from '../runtime/clock';
export { RecordingLogger } from '../runtime/recordingLogger';
export * from '../stores/__contract__';
export { rejectionOf } from '../stores/__contract__/rejectionOf';
export { callLinkStoreContract } from '../stores/__contract__/callLinkStoreContract';
