import { callLinkStoreContract } from '@dealix/connector-core/testing';
import { useTempDatabases } from './__fixtures__/tempDatabases';
import { openDatabase } from './openDatabase';
import { SqliteCallLinkStore } from './sqliteCallLinkStore';

const temp = useTempDatabases();

callLinkStoreContract(() => new SqliteCallLinkStore(temp.track(openDatabase(temp.file()))));
