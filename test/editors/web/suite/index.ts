/**
 * Entry point the web extension host calls (`extensionTestsPath`): runs the mocha suite in the
 * browser, with mocha's browser build. Its default HTML reporter needs a `document`, which the
 * extension host's worker lacks, so the Spec reporter prints to the console (which the page
 * forwards to the test through `codeAutomationLog`).
 */
interface BrowserMocha {
  setup(options: { ui: string; reporter: unknown; timeout: number; color: boolean }): void;
  run(done: (failures: number) => void): void;
}

export async function run(): Promise<void> {
  // The browser build sets the globals `mocha` (the instance) and `Mocha` (the class).
  require('mocha/mocha');
  const { mocha, Mocha } = globalThis as unknown as { mocha: BrowserMocha; Mocha: { reporters: { Spec: unknown } } };
  mocha.setup({ ui: 'bdd', reporter: Mocha.reporters.Spec, timeout: 30_000, color: false });
  require('./extension');
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  if (failures > 0) throw new Error(`${failures} web extension test(s) failed`);
}
