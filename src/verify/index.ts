// Verification: asks each finding's provider, read-only, whether the value works.
export { verifyFindings, verifySpecsOf, hostsToContact, type VerifyOptions } from './verify.js';
export { VerifyCache } from './cache.js';
export { createSender, type HttpLimits } from './http.js';
export { parseEndpointOverrides, providerId, isLoopbackHost } from './endpoints.js';
export type { CheckResult, VerifiableFinding, Send } from './types.js';
