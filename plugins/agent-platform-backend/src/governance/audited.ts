import {
  AuditorService,
  AuditorServiceEventSeverityLevel,
} from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/types';
import { Request } from 'express';

/**
 * Runs a write as one auditor event: created before it (with the request,
 * for the actor, when there is one), then `success` with what the write
 * returns as meta, or `fail` with its error, which is thrown on.
 *
 * @public
 */
export async function audited<T>(
  auditor: AuditorService,
  event: {
    eventId: string;
    severityLevel: AuditorServiceEventSeverityLevel;
    request?: Request<any, any, any, any, any>;
    meta: JsonObject;
  },
  write: () => Promise<T>,
  outcome: (result: T) => JsonObject = () => ({}),
): Promise<T> {
  const audit = await auditor.createEvent(event);
  try {
    const result = await write();
    await audit.success({ meta: outcome(result) });
    return result;
  } catch (error) {
    await audit.fail({ error: error as Error });
    throw error;
  }
}
