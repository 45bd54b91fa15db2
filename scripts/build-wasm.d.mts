// Types for scripts/build-wasm.mjs, so the test that keeps the committed module in step imports it checked.
export declare const WAT: string;
export declare const GENERATED: string;
export declare function assemble(): Promise<Buffer>;
export declare function generatedSource(bytes: Buffer): string;
