/** The standalone validators `npm run build` writes beside schema-compiler.js in dist/environments/, by schema. */
export const STANDALONE_VALIDATORS = {
  environment: 'environment-schema-validator.js',
  cloudCatalogue: 'cloud-catalogue-schema-validator.js',
} as const;

export type SchemaName = keyof typeof STANDALONE_VALIDATORS;
