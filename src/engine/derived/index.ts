export type { DerivedChunk } from './types.js';
export { kubernetesSecretValues } from './kubernetes-secret.js';
export { unescapeNotebook } from './notebook.js';
export { encodedValues, decodedValues, MAX_DECODE_DEPTH, type DecodedValue, type Encoding } from './encoded.js';
