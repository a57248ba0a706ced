/**
 * What GitHub code scanning requires of an uploaded SARIF file, ported from its documentation
 * ("SARIF support for code scanning", docs.github.com/en/code-security/reference/code-scanning/
 * sarif-files/sarif-support-for-code-scanning): the properties it marks required, the limits it
 * states, and how it places a result — `artifactLocation.uri` relative to the repository root,
 * `region.startLine`. GitHub itself can't run here; this is the list a result must pass to become
 * an alert on the right line. Returns one message per problem.
 */
interface Sarif {
  version?: string;
  runs?: {
    tool?: { driver?: { name?: string; rules?: { id?: string; shortDescription?: { text?: string }; fullDescription?: { text?: string }; help?: { text?: string }; properties?: Record<string, unknown> }[] } };
    results?: {
      ruleId?: string;
      level?: string;
      message?: { text?: string };
      partialFingerprints?: Record<string, string>;
      locations?: { physicalLocation?: { artifactLocation?: { uri?: string; uriBaseId?: string }; region?: { startLine?: number; startColumn?: number } } }[];
    }[];
  }[];
}

// "Limits on uploading SARIF" in the same page.
const MAX_RUNS = 20;
const MAX_RESULTS = 25_000;
const MAX_TAGS = 20;
const MAX_DESCRIPTION = 1024;

export function codeScanningProblems(log: Sarif): string[] {
  const problems: string[] = [];
  if (log.version !== '2.1.0') problems.push(`version must be 2.1.0 (got ${log.version})`);
  if (!Array.isArray(log.runs) || log.runs.length > MAX_RUNS) problems.push(`runs: 1 to ${MAX_RUNS} runs`);
  (log.runs ?? []).forEach((run, r) => {
    if (!run.tool?.driver?.name) problems.push(`runs[${r}].tool.driver.name is required`);
    const rules = run.tool?.driver?.rules ?? [];
    for (const rule of rules) {
      const where = `rule ${rule.id}`;
      if (!rule.id) problems.push('a rule has no id');
      if (!rule.shortDescription?.text || rule.shortDescription.text.length > MAX_DESCRIPTION) problems.push(`${where}: shortDescription.text is required, at most ${MAX_DESCRIPTION} characters`);
      if (!rule.fullDescription?.text || rule.fullDescription.text.length > MAX_DESCRIPTION) problems.push(`${where}: fullDescription.text is required, at most ${MAX_DESCRIPTION} characters`);
      if (!rule.help?.text) problems.push(`${where}: help.text is required`);
      const tags = rule.properties?.['tags'];
      if (Array.isArray(tags) && tags.length > MAX_TAGS) problems.push(`${where}: at most ${MAX_TAGS} tags`);
      // "security-severity: a string representing a score between 0.0 and 10.0" — GitHub's severity scale.
      const score = rule.properties?.['security-severity'];
      if (typeof score !== 'string' || !/^\d+(\.\d+)?$/.test(score) || Number(score) > 10) problems.push(`${where}: properties.security-severity must be a string score 0.0–10.0`);
    }
    const ids = new Set(rules.map((rule) => rule.id));
    const results = run.results;
    if (!Array.isArray(results) || results.length > MAX_RESULTS) problems.push(`runs[${r}].results: required, at most ${MAX_RESULTS}`);
    (results ?? []).forEach((result, i) => {
      const where = `result ${i} (${result.ruleId})`;
      if (!result.ruleId || !ids.has(result.ruleId)) problems.push(`${where}: ruleId must name a rule of the run`);
      if (!['error', 'warning', 'note', 'none'].includes(result.level ?? '')) problems.push(`${where}: level must be error, warning, note or none`);
      if (!result.message?.text) problems.push(`${where}: message.text is required`);
      if (!result.partialFingerprints || Object.keys(result.partialFingerprints).length === 0) problems.push(`${where}: partialFingerprints is required (alerts are matched across runs by it)`);
      const location = result.locations?.[0]?.physicalLocation;
      const uri = location?.artifactLocation?.uri;
      if (!uri) problems.push(`${where}: locations[0].physicalLocation.artifactLocation.uri is required`);
      // Placed only when relative to the repository root: no scheme, no leading slash, no way out.
      else if (/^[a-z][a-z0-9+.-]*:/i.test(uri) || uri.startsWith('/') || uri.split('/').includes('..')) problems.push(`${where}: uri ${uri} is not relative to the repository root`);
      if (location?.artifactLocation?.uriBaseId !== undefined) problems.push(`${where}: uriBaseId ${location.artifactLocation.uriBaseId} is not resolved by GitHub`);
      if (!Number.isInteger(location?.region?.startLine) || location!.region!.startLine! < 1) problems.push(`${where}: region.startLine is required (1 or more)`);
    });
  });
  return problems;
}
