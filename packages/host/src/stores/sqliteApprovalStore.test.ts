import { approvalStoreContract } from '@dealix/connector-core/testing';
import { useTempDatabases } from './__fixtures__/tempDatabases';
import { openDatabase } from './openDatabase';
import { SqliteApprovalStore } from './sqliteApprovalStore';

const temp = useTempDatabases();

approvalStoreContract(() => new SqliteApprovalStore(temp.track(openDatabase(temp.file()))));
