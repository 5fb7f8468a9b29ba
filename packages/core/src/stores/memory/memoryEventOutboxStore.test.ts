import { eventOutboxStoreContract } from '../__contract__/eventOutboxStoreContract';
import { MemoryEventOutboxStore } from './memoryEventOutboxStore';

eventOutboxStoreContract(() => new MemoryEventOutboxStore());
