import { eventOutboxStoreContract } from '../../../core/src/stores/__contract__';
import { useTempDatabases } from './__fixtures__/tempDatabases';
import { openDatabase } from './openDatabase';
import { SqliteEventOutboxStore } from './sqliteEventOutboxStore';

const temp = useTempDatabases();

eventOutboxStoreContract(() => new SqliteEventOutboxStore(temp.track(openDatabase(temp.file()))));
