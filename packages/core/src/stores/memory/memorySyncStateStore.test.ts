import { syncStateStoreContract } from '../__contract__/syncStateStoreContract';
import { MemorySyncStateStore } from './memorySyncStateStore';

syncStateStoreContract(() => new MemorySyncStateStore());
