/** Entry point VS Code's extension host calls (`extensionTestsPath`): runs the mocha suite. */
import { join } from 'node:path';

export async function run(): Promise<void> {
  // mocha 12 is ESM; its CommonJS face is the default export.
  const mochaModule = require('mocha') as { default?: typeof import('mocha') } & typeof import('mocha');
  const Mocha = mochaModule.default ?? mochaModule;
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: true });
  mocha.addFile(join(__dirname, 'extension.js'));
  await mocha.loadFilesAsync();
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  if (failures > 0) throw new Error(`${failures} extension test(s) failed`);
}
