import { readFileSync } from 'node:fs';
import { validateXML } from 'xmllint-wasm';

const XSD = readFileSync(new URL('../../../test/fixtures/junit.xsd', import.meta.url), 'utf8');

/** Validates a JUnit document against test/fixtures/junit.xsd with libxml2's xmllint (WebAssembly, no download). */
export async function junitProblems(xml: string): Promise<string[]> {
  const result = await validateXML({ xml: [{ fileName: 'report.xml', contents: xml }], schema: [{ fileName: 'junit.xsd', contents: XSD }] });
  return result.valid ? [] : result.errors.map((e) => e.rawMessage);
}
