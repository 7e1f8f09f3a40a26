import { ResponseError } from '@backstage/errors';

/** The HTTP status of an error from the client, when it carries one. */
export function statusOf(error: unknown): number | undefined {
  if (error instanceof ResponseError) return error.response.status;
  const status = (error as { response?: { status?: unknown } } | undefined)
    ?.response?.status;
  return typeof status === 'number' ? status : undefined;
}

/** The backend said 403: the user may not see this. */
export function isPermissionDenied(error: unknown): boolean {
  return statusOf(error) === 403;
}

/** The backend said 404: nothing applies to this entity. */
export function isNotFound(error: unknown): boolean {
  return statusOf(error) === 404;
}

/** The backend's own message (`ResponseError` keeps it in `body.error.message`). */
export function messageOf(error: unknown): string {
  if (error instanceof ResponseError) {
    return error.body?.error?.message ?? error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
