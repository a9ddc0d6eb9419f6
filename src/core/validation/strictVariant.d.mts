/** The strict variant of a schema: objects marked `x-closedInStrictMode` get `additionalProperties: false`. */
export declare function strictVariant<T>(schema: T): T;
