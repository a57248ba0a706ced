/** The standalone environment validator `npm run build` writes beside schema-validation.js in dist/environments/. */
export const STANDALONE_VALIDATOR_FILE = 'environment-schema-validator.js';
