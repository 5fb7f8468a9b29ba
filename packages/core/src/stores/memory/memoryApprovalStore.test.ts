import { approvalStoreContract } from '../__contract__/approvalStoreContract';
import { MemoryApprovalStore } from './memoryApprovalStore';

approvalStoreContract(() => new MemoryApprovalStore());
