import {
  AuditorService,
  HttpAuthService,
  LoggerService,
  PermissionsService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { InputError, ServiceUnavailableError } from '@backstage/errors';
import {
  AdminApiReportError,
  adminApiUploadToSpendPoints,
  agentPlatformSpendImportPermission,
} from '@agent-platform/plugin-agent-platform-common';
import express from 'express';
import Router from 'express-promise-router';
import { requirePermission } from '../../services/requirePermission';
import { SpendIngestFunction } from './scheduleAdminApiFetch';
import {
  isRetryableStorageError,
  RETRY_AFTER_SECONDS,
} from '../retryableStorageError';

/** Default upload limit: a month of a large organisation's report fits. */
const DEFAULT_MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

/**
 * The path of the upload endpoint, relative to the plugin's base URL
 * (`/api/agent-platform`).
 *
 * @public
 */
export const ADMIN_API_IMPORT_PATH = '/spend/import/admin-api';

/**
 * The answer of the upload endpoint: what was read, and what the ingestor did.
 *
 * @public
 */
export interface AdminApiImportResponse {
  pages: number;
  records: number;
  points: number;
  accepted: number;
  duplicates: number;
  ignored: Record<string, number>;
}

/**
 * The upload endpoint for Anthropic Admin API Claude Code usage reports,
 * `POST /spend/import/admin-api`: the body is one report page as the API
 * returned it, or an array of pages. Re-uploading a day changes nothing (the
 * points carry the same idempotency keys).
 *
 * Callers: users and services allowed `agent-platform.spend.import`
 * ({@link @agent-platform/plugin-agent-platform-common#agentPlatformSpendImportPermission}):
 * the portal's policy allows the platform team; services are allowed unless
 * their token's access restrictions leave the permission out (the OTLP
 * ingestion token is limited to `agent-platform.spend.ingest`). Bodies over `maxUploadBytes`
 * (`agentPlatform.spend.adminApi.maxUploadBytes`, default 20 MiB) get a 413.
 *
 * Mount it before any router whose `express.json()` would read the body first
 * with a smaller limit.
 *
 * @public
 */
export function createAdminApiImportRouter(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  config: RootConfigService;
  ingest: SpendIngestFunction;
  logger: LoggerService;
  /** Each upload, allowed or not, is an auditor event `spend-import`. */
  auditor?: AuditorService;
}): express.Router {
  const { httpAuth, permissions, config, logger, auditor } = options;
  const maxUploadBytes =
    config.getOptionalNumber('agentPlatform.spend.adminApi.maxUploadBytes') ??
    DEFAULT_MAX_UPLOAD_BYTES;

  const router = Router();

  router.post(
    ADMIN_API_IMPORT_PATH,
    // Authorize before the body is read, so that nobody else can make the
    // backend parse 20 MiB.
    async (req, res, next) => {
      if (auditor) {
        const audit = await auditor.createEvent({
          eventId: 'spend-import',
          severityLevel: 'medium',
          request: req,
          meta: { source: 'admin-api-upload' },
        });
        res.locals.audit = audit;
      }
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      await requirePermission(
        permissions,
        credentials,
        { permission: agentPlatformSpendImportPermission },
        'import Admin API usage reports',
      );
      next();
    },
    express.json({ limit: maxUploadBytes, type: () => true, strict: false }),
    async (req, res) => {
      if (req.body === undefined || req.headers['content-length'] === '0') {
        throw new InputError(
          'The body must be an Admin API Claude Code usage report page ({data, has_more, next_page}) or an array of pages',
        );
      }
      let read: ReturnType<typeof adminApiUploadToSpendPoints>;
      try {
        read = adminApiUploadToSpendPoints(req.body);
      } catch (e) {
        if (e instanceof AdminApiReportError) {
          throw new InputError(`Not an Admin API usage report: ${e.message}`);
        }
        throw e;
      }
      let result;
      try {
        result =
          read.points.length > 0
            ? await options.ingest(read.points)
            : { accepted: 0, duplicates: 0, ignored: {} };
      } catch (error) {
        if (!isRetryableStorageError(error)) throw error;
        res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
        throw new ServiceUnavailableError(
          `The spend store is busy; retry in ${RETRY_AFTER_SECONDS} seconds`,
          error,
        );
      }
      await res.locals.audit?.success({
        meta: {
          pages: read.pages,
          records: read.records,
          accepted: result.accepted,
          duplicates: result.duplicates,
        },
      });
      logger.info(
        `Imported an Admin API usage report: ${read.pages} pages, ${read.records} records, ${result.accepted} points stored, ${result.duplicates} already stored`,
      );
      const body: AdminApiImportResponse = {
        pages: read.pages,
        records: read.records,
        points: read.points.length,
        ...result,
      };
      res.json(body);
    },
  );

  // body-parser's own errors, with a message that says what to do
  router.use(
    ADMIN_API_IMPORT_PATH,
    (
      error: any,
      _req: express.Request,
      res: express.Response,
      next: express.NextFunction,
    ) => {
      let out = error;
      if (error?.type === 'entity.too.large') {
        out = new Error(
          `The upload is larger than ${maxUploadBytes} bytes (agentPlatform.spend.adminApi.maxUploadBytes); split it into several uploads`,
        );
        out.statusCode = 413;
      } else if (error?.type === 'entity.parse.failed') {
        out = new InputError(`The upload is not valid JSON: ${error.message}`);
      }
      Promise.resolve(res.locals.audit?.fail({ error: out })).finally(() =>
        next(out),
      );
    },
  );

  return router;
}
