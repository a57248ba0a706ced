/** socle's version, as package.json says (reports and fingerprints carry it). */
import pkg from '../package.json' with { type: 'json' };

export const SOCLE_VERSION: string = pkg.version;
