import { eventOutboxStoreContract } from '@dealix/connector-core/testing';
import { useTempDatabases } from './__fixtures__/tempDatabases';
import { openWorkerStores } from './__fixtures__/workerStores';

const temp = useTempDatabases();

// Against the worker-backed store the runtime sees: every call crosses to the store worker.
eventOutboxStoreContract(async () => (await openWorkerStores(temp)).outbox);
