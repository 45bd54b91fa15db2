export type { DerivedChunk } from './types.js';
export { kubernetesSecretValues } from './kubernetes-secret.js';
export { unescapeNotebook } from './notebook.js';
export {
  encodedValues,
  decodedValues,
  encodedCandidates,
  encodedScope,
  packCandidates,
  unpackCandidates,
  MAX_DECODE_DEPTH,
  type DecodedValue,
  type EncodedCandidate,
  type Encoding,
} from './encoded.js';
