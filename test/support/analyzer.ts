/** One shared Analyzer for tests, loading grammars from node_modules like the CLI does from dist/. */
import { Analyzer } from '../../server/src/core/analyzer';
import { createNodeHost } from '../../server/src/node/host';
import type { AnalyzerHost } from '../../server/src/core/host';

let shared: Promise<Analyzer> | undefined;

export function testAnalyzer(): Promise<Analyzer> {
  // No Hugging Face cache look-ups: results must not depend on what this machine downloaded.
  shared ??= Analyzer.create({
    ...createNodeHost({ log: (message) => { throw new Error(`analyser logged: ${message}`); } }),
    resolveHuggingFaceRevision: () => undefined,
  });
  return shared;
}

/** An analyser whose host resolves Hugging Face revisions from a fixed table (no disk). */
export async function analyzerWithHost(overrides: Partial<AnalyzerHost>): Promise<Analyzer> {
  return Analyzer.create({ ...createNodeHost(), ...overrides });
}
