import { syncStateStoreContract } from '@dealix/connector-core/testing';
import { useTempDatabases } from './__fixtures__/tempDatabases';
import { openDatabase } from './openDatabase';
import { SqliteSyncStateStore } from './sqliteSyncStateStore';

const temp = useTempDatabases();

syncStateStoreContract(() => new SqliteSyncStateStore(temp.track(openDatabase(temp.file()))));
