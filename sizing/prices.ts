/**
 * The comparison anchor of the cost estimate. The cloud list prices are data, per cloud, in
 * environments/catalogue/clouds/*.yaml (cloud-catalogue.ts reads them), each dated and sourced.
 */
import type { Price } from '../environments/catalogue/cloud-catalogue.js';

/**
 * Microsoft 365 E3, France list price per user per month, annual commitment (silicon.fr,
 * 2022-03). The 2023 euro realignment and the July 2026 USD rise ($36 → $39) are not in it:
 * the real figure today is higher.
 */
export const MICROSOFT_365_E3: Price = {
  eur: 35.4,
  unit: 'user-month',
  source: 'silicon.fr/office-365-nouveau-pricing-france-433418 (France list price)',
  date: '2022-03-01',
  uncertain: true,
};
