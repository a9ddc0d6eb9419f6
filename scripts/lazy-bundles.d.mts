export declare const LAZY_BUNDLES: string[];
