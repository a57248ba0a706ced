// Types of bin/build-layout.js (plain JavaScript: bin/socle.js needs it before anything is compiled).
export declare const BUILD_STAMP: string;
export declare const BUNDLE_DIR: string;
export declare const BUNDLE_METAFILE: string;
export declare function buildLayout(root: string): { outDir: string; sourceDirs: string[] };
export declare function buildInputs(root: string, sourceDirs: readonly string[]): string[];
export declare function staleBuild(root: string): string | undefined;
