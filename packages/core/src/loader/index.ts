export * from './discovery';
export * from './manifestLocation';
export * from './readConnectorPackage';
export * from './loadConnectors';
export * from './startupReport';
