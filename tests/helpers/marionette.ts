/**
 * Firefox driven through Marionette, its own remote protocol, for what WebDriver BiDi cannot reach in
 * Firefox 140: the browser's own windows (the "chrome"), where the context menu and the toolbar popup are.
 * A test there right-clicks a page and picks a menu item as a reader does. Written here, not taken from a
 * package: the protocol is length-prefixed JSON over TCP, and the clients on npm (geckodriver, selenium)
 * download a driver or bring a browser of their own.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export interface Marionette {
  /** Sends a command (`WebDriver:ExecuteScript`, `Marionette:SetContext`, …) and resolves with its result. */
  send<T = unknown>(command: string, params?: Record<string, unknown>): Promise<T>;
  /** Runs `script` (a function body) in the current context, chrome or content, and returns its value. */
  run<T = unknown>(script: string, ...args: unknown[]): Promise<T>;
  close(): Promise<void>;
}

/** A message is `<byte length>:<JSON>`; a command `[0, id, name, params]`, its answer `[1, id, error, result]`. */
function marionetteClient(socket: Socket): Omit<Marionette, 'close'> & { greeted: Promise<void> } {
  let buffer = Buffer.alloc(0);
  let nextId = 1;
  const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let greet!: () => void;
  const greeted = new Promise<void>((resolve) => (greet = resolve));
  socket.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const colon = buffer.indexOf(':');
      if (colon < 0) return;
      const length = Number(buffer.subarray(0, colon).toString());
      if (buffer.length < colon + 1 + length) return;
      const message: unknown = JSON.parse(buffer.subarray(colon + 1, colon + 1 + length).toString('utf8'));
      buffer = buffer.subarray(colon + 1 + length);
      if (!Array.isArray(message)) {
        greet(); // the server's hello
        continue;
      }
      const [, id, error, result] = message as [1, number, { error: string; message: string } | null, unknown];
      const caller = waiting.get(id);
      waiting.delete(id);
      if (error) caller?.reject(new Error(`Marionette: ${error.error}: ${error.message}`));
      else caller?.resolve(result);
    }
  });
  // A Firefox that dies mid-test resets the connection: 'close' follows and fails what waits, instead of
  // an error nobody listens for ending the test run.
  socket.on('error', () => undefined);
  socket.on('close', () => {
    for (const caller of waiting.values()) caller.reject(new Error('Marionette: the connection closed'));
    waiting.clear();
  });
  const send = <T>(command: string, params: Record<string, unknown> = {}) =>
    new Promise<T>((resolve, reject) => {
      if (socket.destroyed) return reject(new Error('Marionette: the connection closed'));
      const id = nextId++;
      waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      const body = JSON.stringify([0, id, command, params]);
      socket.write(`${Buffer.byteLength(body)}:${body}`);
    });
  const run = async <T>(script: string, ...args: unknown[]) => (await send<{ value: T }>('WebDriver:ExecuteScript', { script, args })).value;
  return { send, run, greeted };
}

/**
 * Starts a headless Firefox at `executablePath` with a new profile holding `prefs`, Marionette on a port
 * it chooses, and system access (the chrome context) allowed; resolves once a session is open.
 */
export async function launchMarionette(executablePath: string, prefs: Record<string, unknown> = {}): Promise<Marionette> {
  const profile = await mkdtemp(join(tmpdir(), 'method-lens-marionette-'));
  const allPrefs = { 'marionette.port': 0, 'browser.shell.checkDefaultBrowser': false, 'browser.startup.homepage_override.mstone': 'ignore', 'datareporting.policy.dataSubmissionEnabled': false, ...prefs };
  await writeFile(join(profile, 'user.js'), Object.entries(allPrefs).map(([name, value]) => `user_pref(${JSON.stringify(name)}, ${JSON.stringify(value)});\n`).join(''));
  const firefox = spawn(executablePath, ['-marionette', '-remote-allow-system-access', '-headless', '-no-remote', '-profile', profile], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => firefox.once('exit', () => resolve()));
  try {
    // With port 0 Marionette writes the port it took into the profile.
    let port: number | undefined;
    for (let tries = 0; port === undefined; tries++) {
      if (tries === 300 || firefox.exitCode !== null) throw new Error('Firefox did not start Marionette within 30 s');
      await sleep(100);
      port = await readFile(join(profile, 'MarionetteActivePort'), 'utf8').then(Number, () => undefined);
    }
    const socket = connect(port, '127.0.0.1');
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    const client = marionetteClient(socket);
    await client.greeted;
    await client.send('WebDriver:NewSession', { capabilities: {} });
    return {
      ...client,
      async close() {
        // A Firefox that hangs does not answer: it is stopped all the same.
        await Promise.race([client.send('WebDriver:DeleteSession').catch(() => undefined), sleep(5_000)]);
        socket.destroy();
        firefox.kill();
        await exited;
        await rm(profile, { recursive: true, force: true });
      },
    };
  } catch (error) {
    firefox.kill();
    await exited;
    await rm(profile, { recursive: true, force: true });
    throw error;
  }
}
