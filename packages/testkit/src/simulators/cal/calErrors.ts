import type { SimResponse } from '../../http/types';

// Nest exception names Cal.com's HttpExceptionFilter puts in error.code, by status.
const EXCEPTION_BY_STATUS: Record<number, string> = {
  400: 'BadRequestException',
  401: 'UnauthorizedException',
  403: 'ForbiddenException',
  404: 'NotFoundException',
  409: 'ConflictException',
  429: 'ThrottlerException',
  500: 'InternalServerErrorException',
  502: 'BadGatewayException',
  503: 'ServiceUnavailableException',
};

/** `{status:"error", timestamp, path, error:{code, message}}` (filters/http-exception.filter.ts). */
export function calError(
  status: number,
  path: string,
  message: string,
  code?: string,
): SimResponse {
  return {
    status,
    body: {
      status: 'error',
      timestamp: new Date().toISOString(),
      path,
      error: { code: code ?? EXCEPTION_BY_STATUS[status] ?? 'HttpException', message },
    },
  };
}

export function calSuccess(status: number, data: unknown): SimResponse {
  return { status, body: { status: 'success', data } };
}

export function calStatusError(status: number, path: string): SimResponse {
  const message =
    status === 429 ? 'ThrottlerException: Too Many Requests' : `simulated status ${status}`;
  return calError(status, path, status === 404 ? `Cannot find ${path}` : message);
}
