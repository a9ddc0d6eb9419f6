// Types for scripts/generate-validators.mjs, for the unit test that compares the generated validators with ajv's own.
import type Ajv from 'ajv';

export declare const SCHEMA_FILES: Record<'alert' | 'entity' | 'profile' | 'ledger', string>;
export declare function createValidatorAjv(options?: { fast?: boolean }): Ajv;
export declare function strictCopy<T extends object>(schema: T): T & { $id: string };
export declare function generateValidators(root: string): string[];
