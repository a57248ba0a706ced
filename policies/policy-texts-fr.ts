/** Les textes des règles en français : titre, justification et remédiation, par identifiant de règle. */
import type { PolicyTexts } from './policy-texts.js';

export const POLICY_TEXTS_FR: Readonly<Record<string, PolicyTexts>> = {};
