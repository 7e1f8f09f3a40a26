import {
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  AGENT_PLATFORM_SPEND_PLATFORM_RESOURCE,
  agentPlatformSpendIngestPermission,
  decodeOtlpMetrics,
  OtlpValidationError,
  SpendIngestResult,
} from '@agent-platform/plugin-agent-platform-common';
import express from 'express';
import Router from 'express-promise-router';
import { isError } from '@backstage/errors';
import {
  decodeOtlpMetricsProtobuf,
  encodeOtlpMetricsResponse,
  encodeRpcStatus,
  grpcCodeForHttpStatus,
  OtlpProtobufError,
} from './otlp/otlpProtobuf';
import { requirePermission } from '../services/requirePermission';
import { SpendIngestor } from './SpendIngestor';
import { SpendQueryService } from './SpendQueryService';
import { AgentPlatformClock } from '../services/clock';
import {
  isRetryableStorageError,
  RETRY_AFTER_SECONDS,
} from './retryableStorageError';

/**
 * Limits of the OTLP endpoint (`agentPlatform.spend.ingestion`).
 *
 * @public
 */
export interface SpendIngestionLimits {
  /** Largest request body, in bytes (after decompression). */
  maxBodyBytes: number;
  /** Most data points in one request. */
  maxDataPoints: number;
  /** Data points older than this many days are ignored. */
  maxAgeDays: number;
  /** Data points further than this many minutes in the future are ignored. */
  maxFutureMinutes: number;
}

const PROTOBUF = 'application/x-protobuf';
const JSON_TYPE = 'application/json';

function isProtobufRequest(req: express.Request): boolean {
  return (req.headers['content-type'] ?? '')
    .toLocaleLowerCase('en-US')
    .startsWith(PROTOBUF);
}

/**
 * An OTLP error response. OTLP/HTTP wants a `google.rpc.Status` in the
 * request's encoding: protobuf for a protobuf request; for anything else,
 * JSON holding the Status fields (`code`, `message`) next to Backstage's
 * usual `error: { name, message }`.
 */
function sendError(
  req: express.Request,
  res: express.Response,
  status: number,
  name: string,
  message: string,
) {
  const code = grpcCodeForHttpStatus(status);
  if (isProtobufRequest(req)) {
    res
      .status(status)
      .type(PROTOBUF)
      .send(Buffer.from(encodeRpcStatus({ code, message })));
    return;
  }
  res.status(status).json({ code, message, error: { name, message } });
}

/** HTTP statuses of the errors thrown on the OTLP route (as Backstage's error handler maps them). */
const ERROR_STATUS: Record<string, number> = {
  InputError: 400,
  AuthenticationError: 401,
  NotAllowedError: 403,
  NotFoundError: 404,
  ConflictError: 409,
  NotModifiedError: 304,
  ServiceUnavailableError: 503,
};

function partialSuccess(result: SpendIngestResult, errors: string[]) {
  const rejected = Object.values(result.ignored).reduce((a, b) => a + b, 0);
  if (rejected === 0) return undefined;
  const reasons = Object.entries(result.ignored)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([reason, n]) => `${reason} ${n}`)
    .join(', ');
  return {
    rejectedDataPoints: rejected,
    errorMessage: `Ignored ${rejected} data point${
      rejected === 1 ? '' : 's'
    }: ${reasons}${errors.length ? `. Invalid: ${errors.join('; ')}` : ''}`,
  };
}

/**
 * The spend routes: OTLP/HTTP metrics ingestion (JSON and protobuf) at
 * `/otlp/v1/metrics`, and the spend reports under `/spend`.
 *
 * @public
 */
export function createSpendRouter(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  ingestor: SpendIngestor;
  query: SpendQueryService;
  limits: SpendIngestionLimits;
  clock: AgentPlatformClock;
  logger: LoggerService;
}): express.Router {
  const { httpAuth, permissions, ingestor, query, limits, clock, logger } =
    options;
  const router = Router();

  const rawBody = express.raw({
    type: () => true,
    limit: limits.maxBodyBytes,
  });

  router.post(
    '/otlp/v1/metrics',
    async (req, _res, next) => {
      // Authenticate and authorize before reading the body.
      const credentials = await httpAuth.credentials(req, {
        allow: ['service'],
      });
      await requirePermission(
        permissions,
        credentials,
        { permission: agentPlatformSpendIngestPermission },
        'send telemetry',
      );
      next();
    },
    (req, res, next) => {
      const type = (req.headers['content-type'] ?? '')
        .split(';')[0]
        .trim()
        .toLocaleLowerCase('en-US');
      if (type !== PROTOBUF && type !== JSON_TYPE) {
        sendError(
          req,
          res,
          415,
          'UnsupportedMediaTypeError',
          `Content-Type must be ${JSON_TYPE} or ${PROTOBUF}, got ${
            type || 'none'
          }`,
        );
        return;
      }
      rawBody(req, res, error => {
        if (!error) {
          next();
          return;
        }
        const e = error as { type?: string; status?: number; message: string };
        if (e.type === 'entity.too.large') {
          sendError(
            req,
            res,
            413,
            'PayloadTooLargeError',
            `The request body is larger than the limit of ${limits.maxBodyBytes} bytes (agentPlatform.spend.ingestion.maxBodyBytes)`,
          );
        } else if (e.type === 'encoding.unsupported') {
          sendError(req, res, 415, 'UnsupportedMediaTypeError', e.message);
        } else if (!e.type && req.headers['content-encoding']) {
          // zlib failed: the body is not in the encoding it claims.
          sendError(
            req,
            res,
            400,
            'InputError',
            `Could not read the request body: it is not valid ${req.headers['content-encoding']} data`,
          );
        } else {
          sendError(
            req,
            res,
            e.status && e.status < 500 ? e.status : 400,
            'InputError',
            `Could not read the request body: ${e.message}`,
          );
        }
      });
    },
    async (req, res) => {
      const protobufRequest = isProtobufRequest(req);
      const body: Buffer = Buffer.isBuffer(req.body)
        ? req.body
        : Buffer.alloc(0);
      let message: unknown;
      try {
        if (protobufRequest) {
          message = decodeOtlpMetricsProtobuf(body);
        } else {
          message = JSON.parse(body.toString('utf8'));
        }
      } catch (error) {
        const why =
          error instanceof OtlpProtobufError
            ? error.message
            : `Invalid JSON: ${(error as Error).message}`;
        sendError(req, res, 400, 'InputError', why);
        return;
      }
      let decoded;
      try {
        decoded = decodeOtlpMetrics(message, {
          now: clock.now().getTime(),
          maxAgeMs: limits.maxAgeDays * 86_400_000,
          maxFutureMs: limits.maxFutureMinutes * 60_000,
        });
      } catch (error) {
        if (error instanceof OtlpValidationError) {
          sendError(
            req,
            res,
            400,
            'InputError',
            `Invalid OTLP metrics: ${error.message}`,
          );
          return;
        }
        throw error;
      }
      if (decoded.dataPoints > limits.maxDataPoints) {
        sendError(
          req,
          res,
          413,
          'PayloadTooLargeError',
          `The request holds ${decoded.dataPoints} data points; at most ${limits.maxDataPoints} are accepted per request (agentPlatform.spend.ingestion.maxDataPoints)`,
        );
        return;
      }
      const result = await ingestor.ingestOtlp(decoded);
      const partial = partialSuccess(result, decoded.errors);
      if (partial) {
        logger.debug(`OTLP metrics: ${partial.errorMessage}`);
      }
      if (protobufRequest) {
        res
          .status(200)
          .type(PROTOBUF)
          .send(Buffer.from(encodeOtlpMetricsResponse(partial)));
      } else {
        res.status(200).json({
          ...(partial
            ? {
                partialSuccess: {
                  rejectedDataPoints: String(partial.rejectedDataPoints),
                  errorMessage: partial.errorMessage,
                },
              }
            : {}),
          ...result,
        });
      }
    },
  );

  // Errors thrown on the OTLP route (credentials, the store) answer in
  // OTLP's error format too, instead of reaching Backstage's JSON handler.
  router.use(
    '/otlp/v1/metrics',
    (
      error: unknown,
      req: express.Request,
      res: express.Response,
      next: express.NextFunction,
    ) => {
      if (res.headersSent) {
        next(error);
        return;
      }
      if (isRetryableStorageError(error)) {
        logger.warn(
          `OTLP metrics: the store is busy, asked to retry: ${error}`,
        );
        res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
        sendError(
          req,
          res,
          503,
          'ServiceUnavailableError',
          `The spend store is busy; retry in ${RETRY_AFTER_SECONDS} seconds`,
        );
        return;
      }
      const name = isError(error) ? error.name : 'Error';
      const status = ERROR_STATUS[name] ?? 500;
      if (status >= 500) {
        logger.error(`OTLP metrics ingestion failed: ${error}`);
      }
      sendError(
        req,
        res,
        status,
        name,
        isError(error) ? error.message : String(error),
      );
    },
  );

  const authorize = async (
    req: express.Request,
    resourceRef: string,
    what: string,
  ) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    await query.authorizeRead(resourceRef, credentials, what);
    return credentials;
  };

  router.get('/spend/entities/:kind/:namespace/:name', async (req, res) => {
    const { kind, namespace, name } = req.params;
    const ref = query.normalizeRef(`${kind}:${namespace}/${name}`);
    const range = query.range(req.query);
    const credentials = await authorize(req, ref, ref);
    res.json(await query.entityReport(ref, range, credentials));
  });

  // The signed-in user's own spend, and nobody else's: the ref comes from
  // the credentials, never from the request.
  router.get('/spend/me', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const ref = query.normalizeRef(credentials.principal.userEntityRef);
    const range = query.range(req.query);
    await query.authorizeRead(ref, credentials, 'your own usage');
    res.json(await query.entityReport(ref, range, credentials));
  });

  router.get(
    '/spend/entities/:kind/:namespace/:name/reconciliation',
    async (req, res) => {
      const { kind, namespace, name } = req.params;
      const ref = query.normalizeRef(`${kind}:${namespace}/${name}`);
      const range = query.range(req.query);
      const credentials = await authorize(req, ref, ref);
      res.json(await query.reconciliation(ref, range, credentials));
    },
  );

  router.get('/spend/teams', async (req, res) => {
    const range = query.range(req.query);
    await authorize(req, AGENT_PLATFORM_SPEND_PLATFORM_RESOURCE, 'every team');
    // Serialized (2 MB for 2,000 teams) and gzipped once per table, not per
    // request; the root router's compression leaves an encoded body alone.
    res.type('application/json').vary('Accept-Encoding');
    if (req.acceptsEncodings('gzip', 'identity') === 'gzip') {
      res
        .set('Content-Encoding', 'gzip')
        .send(await query.platformTableGzippedJson(range));
      return;
    }
    res.send(await query.platformTableJson(range));
  });

  return router;
}
