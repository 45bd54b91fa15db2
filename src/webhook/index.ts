// The revocation service: HTTP, partner signature verification, report HMAC, store, notifier.
export { startWebhook, GITHUB_KEYS_URL, type ServeOptions, type RunningWebhook } from './serve.js';
export { buildWebhookServer, DEFAULT_BODY_LIMIT, DEFAULT_RATE_LIMIT, type WebhookServerOptions } from './server.js';
export { openStore, DEFAULT_DB, type StoreOptions } from './store/open.js';
export type { IssuedKey, KeyStore, RevokeOutcome, AuditEntry, Notification } from './store/types.js';
export { generateKey } from './keys/issue-key.js';
export { sha256Hex } from './hash.js';
export { signReport, checkReportSignature, REPORT_HEADERS, REPORT_WINDOW_SECONDS } from './report-signature.js';
export { revokeAll } from './revoke.js';
export { PublicKeySource } from './partner-keys.js';
