import { idempotencyStoreContract } from '../__contract__/idempotencyStoreContract';
import { MemoryIdempotencyStore } from './memoryIdempotencyStore';

idempotencyStoreContract(() => new MemoryIdempotencyStore());
