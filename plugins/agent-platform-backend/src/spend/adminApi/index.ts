export {
  AdminApiFetchError,
  ClaudeCodeUsageReportClient,
  type ClaudeCodeUsageReportClientOptions,
} from './ClaudeCodeUsageReportClient';
export {
  ADMIN_API_FETCH_TASK_ID,
  adminApiFetchDays,
  runAdminApiFetch,
  scheduleAdminApiFetch,
  type AdminApiDayResult,
  type SpendIngestFunction,
} from './scheduleAdminApiFetch';
export {
  ADMIN_API_IMPORT_PATH,
  createAdminApiImportRouter,
  type AdminApiImportResponse,
} from './createAdminApiImportRouter';
