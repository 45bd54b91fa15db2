// Types for scripts/build-stamp.mjs, so the test suite's global setup imports it checked.
export declare const REPO: string;
export declare const STAMP: string;
export declare function sourceHash(): string;
export declare function distIsFresh(): boolean;
