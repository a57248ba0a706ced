/**
 * `--lang fr`: the text, Markdown reports in French — policy titles, rationales, remediations
 * and the report's own words — with policy ids, resources and evidence exactly as in English.
 */
import { describe, expect, it } from 'vitest';
import { POLICY_TEXTS_FR } from '../../policies/policy-texts-fr.js';
import { policyTexts } from '../../policies/policy-texts.js';
import { POLICIES } from '../../policies/registry.js';
import { renderMarkdown } from '../../policies/renderers/markdown.js';
import { REPORT_WORDS } from '../../policies/renderers/report-words.js';
import { renderText } from '../../policies/renderers/text.js';
import { main } from '../../scripts/cli.js';
import { captureIo } from '../cli/capture-io.js';
import { renderOptions, report } from './waiver-scenario.js';

const r = report();
const options = renderOptions();

describe('report languages', () => {
  it('every policy has its title, rationale and remediation in English and in French, and French has no others', () => {
    expect(Object.keys(POLICY_TEXTS_FR).sort()).toEqual(POLICIES.map((p) => p.id).sort());
    for (const p of POLICIES) {
      const fr = policyTexts(p, 'fr');
      for (const field of ['title', 'rationale', 'remediation'] as const) {
        expect(fr[field].length, `${p.id} ${field}`).toBeGreaterThan(field === 'title' ? 10 : 30);
        expect(fr[field], `${p.id} ${field} is translated`).not.toBe(p[field]);
      }
      // Written French: its articles and accents, not English left in place.
      expect(`${fr.title} ${fr.rationale}`, p.id).toMatch(/\b(les?|la|des?|du|une?)\b/);
      expect(fr.rationale, p.id).toMatch(/[éèàêçôû]/);
      expect(fr.rationale, p.id).not.toMatch(/\b(the|and|with|which|every)\b/);
    }
  });

  it('the report’s own words exist in both languages, and differ', () => {
    const flat = (words: object): string[] => Object.values(words).flatMap((v) => (typeof v === 'string' ? [v] : typeof v === 'object' && v ? flat(v) : []));
    const [en, fr] = [flat(REPORT_WORDS.en), flat(REPORT_WORDS.fr)];
    expect(fr.length).toBe(en.length);
    const same = fr.filter((word, i) => word === en[i] && !/^(\W*|Verdict|Justification|Source|STUN\/TURN|avatars|Licences|#)$/.test(word));
    expect(same).toEqual([]);
  });

  it('Markdown in French: French headings, titles and rationales; ids, resources and evidence unchanged', () => {
    const [en, fr] = [renderMarkdown(r, options), renderMarkdown(r, { ...options, lang: 'fr' })];
    expect(fr.split('\n')[0]).toBe('# Rapport d’audit socle — pilot');
    expect(fr).toContain('## Verdict\u00a0: NON CONFORME');
    expect(fr).toContain('## Où vont les données');
    expect(fr).toContain('**Remédiation\u00a0:**');
    for (const english of ['Where the data goes', 'Checked:', 'Remediation', '## Waivers', 'Artifacts checked', 'not applicable']) expect(fr).not.toContain(english);
    for (const c of r.controls) expect(fr).toContain(POLICY_TEXTS_FR[c.id]!.title);
    const evidence = (md: string) => md.split('\n').filter((l) => /^\| (waived|dérogation|\*\*blocking|\*\*bloquant|open|ouvert)/.test(l)).map((l) => l.split(' | ').slice(1).join(' | '));
    expect(evidence(fr)).toEqual(evidence(en));
    expect(evidence(fr).length).toBeGreaterThan(2);
  });

  it('text in French, and --lang refuses a language it doesn’t have', async () => {
    const text = renderText(r, undefined, { lang: 'fr' });
    expect(text.trimEnd().split('\n').pop()).toBe('NON CONFORME — 2 constats sans dérogation de gravité haute ou plus (8 au total, 3 sous dérogation)');
    expect(text).toContain('BLOQUE environment/state.pulumi.backend');
    const io = captureIo();
    expect(await main(['check', 'pilot', '--lang', 'de'], io)).toBe(2);
    expect(io.err()).toMatch(/--lang must be one of en, fr \(got "de"\)/);
  });
});
