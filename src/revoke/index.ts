// Revocation at the provider for leaked values: GitHub's credential revocation API, Slack auth.revoke, GitLab self-revocation.
export { revokeCandidates, auditLine, REVOKERS, type RevokeOptions } from './revoke.js';
export type { RevokeCandidate, RevokeOutcome, RevokeStatus, Revoker } from './types.js';
