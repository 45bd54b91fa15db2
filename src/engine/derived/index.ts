export type { DerivedChunk } from './types.js';
export { kubernetesSecretValues } from './kubernetes-secret.js';
export { unescapeNotebook } from './notebook.js';
