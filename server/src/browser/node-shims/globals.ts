/**
 * Node globals the node modules use, injected into the web-worker bundle (esbuild `inject`):
 * `setImmediate` (the session's scheduler yields a turn with it; a MessageChannel runs the
 * callback after pending messages, without setTimeout's clamping) and a `process` with an
 * empty environment.
 */
const queue: (() => void)[] = [];
const channel = new MessageChannel();
// A browser MessagePort (Node's type, which the project compiles against, has no `onmessage`).
(channel.port1 as unknown as { onmessage: () => void }).onmessage = () => queue.shift()?.();

function setImmediateShim(callback: (...args: unknown[]) => void, ...args: unknown[]): number {
  queue.push(() => callback(...args));
  channel.port2.postMessage(undefined);
  return 0;
}

const processShim = { env: {} as Record<string, string | undefined>, platform: 'browser', pid: 0, cwd: () => '/' };

export { setImmediateShim as setImmediate, processShim as process };
