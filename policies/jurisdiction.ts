/**
 * Jurisdiction arithmetic: is a country (of a data centre, or of an operator's incorporation)
 * inside the environment's `residency.jurisdiction`? `FR` means France only; `EU` means the 27 EU
 * member states (EEA and adequacy countries — Norway, Switzerland, the UK — are outside: an
 * adequacy decision permits transfers, it doesn't make the data resident).
 */
import type { Jurisdiction } from '../environments/environment.js';

// EU member states, ISO 3166-1 alpha-2 (europa.eu/principles-countries-history/eu-countries, 2026).
const EU_MEMBERS = new Set(['AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE', 'IT', 'LV', 'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE']);

export function inJurisdiction(country: string, jurisdiction: Jurisdiction): boolean {
  const code = country.toUpperCase();
  return jurisdiction === 'FR' ? code === 'FR' : EU_MEMBERS.has(code);
}

export function jurisdictionName(jurisdiction: Jurisdiction): string {
  return jurisdiction === 'FR' ? 'France' : 'the EU';
}
