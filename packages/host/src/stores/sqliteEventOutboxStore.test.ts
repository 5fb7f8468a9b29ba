import { eventOutboxStoreContract } from '@dealix/connector-core/testing';
import { useTempDatabases } from './__fixtures__/tempDatabases';
import { openDatabase } from './openDatabase';
import { SqliteEventOutboxStore } from './sqliteEventOutboxStore';

const temp = useTempDatabases();

eventOutboxStoreContract(() => new SqliteEventOutboxStore(temp.track(openDatabase(temp.file()))));
