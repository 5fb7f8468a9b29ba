import { callLinkStoreContract } from '../__contract__/callLinkStoreContract';
import { MemoryCallLinkStore } from './memoryCallLinkStore';

callLinkStoreContract(() => new MemoryCallLinkStore());
