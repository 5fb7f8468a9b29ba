import {
  isDlxError,
  vendorRequest,
  z,
  type HealthContext,
  type HealthResult,
} from '@dealix/connector-core';
import type { ContractIntelConfig, ContractIntelState } from './connectorConfig';
import { PARTITION_PATH, unstructuredApi } from './unstructuredApi';

/** FastAPI's answer to a form without `files`: the key passed, nothing was partitioned. */
const filesMissing = z.object({
  detail: z.array(z.object({ loc: z.array(z.union([z.string(), z.number()])) })).min(1),
});

/**
 * The partition API has no free authenticated read, and a real partition bills pages. So the
 * probe posts a form without a file: the service checks the key (401 when it refuses it) and
 * answers 422 "files: Field required" without partitioning anything. It runs under the
 * runtime's short probe timeout.
 */
export async function checkHealth(
  ctx: HealthContext<ContractIntelConfig, ContractIntelState>,
): Promise<HealthResult> {
  try {
    await vendorRequest(ctx, {
      ...unstructuredApi(ctx),
      method: 'POST',
      url: PARTITION_PATH,
      multipart: { strategy: 'fast' },
      acceptStatus: (status) => status === 422,
      schema: filesMissing,
    });
    return { status: 'ok' };
  } catch (error) {
    if (!isDlxError(error)) throw error;
    // A refused key needs a person; a busy or briefly unreachable service only degrades us.
    const status = error.kind === 'auth' || error.kind === 'egress_denied' ? 'error' : 'degraded';
    return { status, detail: `partition probe failed: ${error.code}` };
  }
}
