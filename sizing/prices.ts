/**
 * The price catalogue: OVHcloud list prices, EUR excluding VAT, each with its date and source.
 * Flavor prices live with the flavors (environments/catalogue/flavors.ts).
 */

export interface Price {
  eur: number;
  unit: string;
  source: string;
  /** Date the price was read. */
  date: string;
  uncertain?: boolean;
}

const MIXXOR = 'mixxor/eu-cloud-prices prices/ovh.json (OVHcloud public order catalogue)';

export const OVHCLOUD_PRICES = {
  blockStorageHighSpeedGbMonth: { eur: 0.0964, unit: 'GB-month', source: MIXXOR, date: '2026-08-14' },
  blockStorageClassicGbMonth: { eur: 0.0482, unit: 'GB-month', source: MIXXOR, date: '2026-08-14' },
  objectStorageStandardGbMonth: { eur: 0.0081, unit: 'GiB-month', source: MIXXOR, date: '2026-08-14' },
  loadBalancer: {
    small: { eur: 6.94, unit: 'month', source: MIXXOR, date: '2026-08-14' },
    medium: { eur: 17.37, unit: 'month', source: MIXXOR, date: '2026-08-14' },
    large: { eur: 46.21, unit: 'month', source: MIXXOR, date: '2026-08-14' },
    xl: { eur: 168.19, unit: 'month', source: MIXXOR, date: '2026-08-14' },
  },
  floatingIp: { eur: 1.83, unit: 'month', source: 'feoche/public-cost-indicator (0.0025 €/h × 730) [rounded]', date: '2026-08-14', uncertain: true },
} as const satisfies Record<string, Price | Record<string, Price>>;

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
