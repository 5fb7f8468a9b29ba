export * from './discovery';
export * from './readConnectorPackage';
export * from './loadConnectors';
export * from './startupReport';
