/**
 * The value formats socle's schema names beyond ajv-formats', each checked by a maintained parser
 * rather than a regular expression: an IPv4 CIDR (Node's own address parser, `node:net`) and a
 * five-field cron schedule (croner). Values that reach a shell, a firewall or a scheduler are
 * refused here, at validation, with their position.
 */
import { isIPv4 } from 'node:net';
import { Cron } from 'croner';

/** `203.0.113.0/24`: an IPv4 address Node can parse, and a prefix length 0–32 written plainly. */
export function isCidrV4(value: string): boolean {
  const slash = value.indexOf('/');
  if (slash < 0) return false;
  const address = value.slice(0, slash);
  const prefix = value.slice(slash + 1);
  return isIPv4(address) && /^(0|[1-9][0-9]?)$/.test(prefix) && Number(prefix) <= 32;
}

/**
 * What Kubernetes CronJobs (robfig/cron's standard parser, `k8s.io/kubernetes/pkg/controller/cronjob`)
 * and socle's backup jobs accept: five fields of numbers, `*`, ranges, lists, steps and month or day
 * names — none of croner's extensions (`L`, `W`, `#`, `?`) nor a seconds field.
 */
const CRON_CHARACTERS = /^[0-9A-Za-z*,/-]+( [0-9A-Za-z*,/-]+){4}$/;
const CRON_NAMES = /[A-Za-z]+/g;
const CRON_NAME_WORDS = new Set(['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC', 'SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT']);

export function isCronSchedule(value: string): boolean {
  const normalised = value.trim().replace(/\s+/g, ' ');
  if (!CRON_CHARACTERS.test(normalised)) return false;
  if (!(normalised.match(CRON_NAMES) ?? []).every((w) => CRON_NAME_WORDS.has(w.toUpperCase()))) return false;
  try {
    new Cron(normalised, { paused: true });
    return true;
  } catch {
    return false;
  }
}

/** The formats, as ajv's `addFormat` takes them. */
export const SOCLE_FORMATS: Readonly<Record<string, (value: string) => boolean>> = {
  'cidr-v4': isCidrV4,
  cron: isCronSchedule,
};
