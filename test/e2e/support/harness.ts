/**
 * End-to-end harness: the real app (`src/main.ts` on a new PGlite folder), the Microsoft 365
 * Agents Playground pointed at it with our development personas (playground/m365agentsplayground.yml),
 * and headless Debian Chromium driven by playwright-core through the Playground's web UI.
 *
 * Every process runs in its own process group, and stop() kills each group by PID. A process
 * 'exit'/signal hook does the same if a test run dies before stop(). Ports are free ports picked
 * at random, so two runs do not collide. Logs are written to test-results/e2e/<run>/ and
 * screenshots to test-results/.
 *
 * Assertions read the text that is VISIBLE in the chat, never the HTTP traffic.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { playgroundPersonasAs, type PlaygroundPersona } from '../../../scripts/playground-personas';

export const repoRoot = path.resolve(__dirname, '..', '..', '..');
export const resultsDir = path.join(repoRoot, 'test-results');
export const playgroundConfigFile = path.join(repoRoot, 'playground', 'm365agentsplayground.yml');
export const chromiumPath = '/usr/bin/chromium';

/** Must match playground/m365agentsplayground.yml and config/organisations.json. */
export const devTenantId = '00000000-0000-4000-8000-00000000a001';
export const annaObjectId = '6f1c2d3e-0001-4a5b-8c9d-000000000001';
/** The Playground uses personalChat.id from the config file and ignores --conversation-id; we pass the same value. */
export const personalChatId = 'samsyn-dev-personal-chat';

export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const composerSelector = 'div[role="textbox"][data-lexical-editor="true"]';
/** A bot message bubble (text or card) in the conversation pane. User messages and the chat list don't use it. */
const botBubbleSelector = '.fai-OutputCard';

/**
 * A card input's label; `{ label, nth }` picks the nth (0-based) of inputs that share a label, as in
 * forms that repeat a group (the plan's actions: "Vem", "Senast", …).
 */
export type CardLabel = string | { readonly label: string; readonly nth: number };
const labelText = (label: CardLabel) => (typeof label === 'string' ? label : `${label.label} (#${label.nth})`);

export interface HarnessOptions {
  /** Names the log folder (test-results/e2e/<name>-<id>/). */
  readonly name?: string;
  /** The checkout whose src/main.ts is started. Default: this repository (or $E2E_APP_ROOT). */
  readonly appRoot?: string;
  /** The app's LOG_LEVEL (default $E2E_LOG_LEVEL or 'info'). */
  readonly logLevel?: string;
  /** Extra environment for the app. */
  readonly appEnv?: Readonly<Record<string, string>>;
  /** Default timeout of the wait helpers (ms). */
  readonly timeoutMs?: number;
  /** The Playground's current user (default: Anna Lind, as in playground/m365agentsplayground.yml). */
  readonly currentUser?: PlaygroundPersona;
}

export type { PlaygroundPersona };

export interface PlaygroundTestConfig {
  readonly config: {
    readonly tenantId: string;
    readonly bot: { readonly id: string; readonly name: string };
    readonly currentUser: { readonly id: string; readonly name: string; readonly aadObjectId: string };
    readonly users: readonly { readonly id: string; readonly name: string; readonly aadObjectId: string }[];
    readonly personalChat: { readonly id: string };
    readonly groupChats: readonly { readonly id: string; readonly name: string }[];
    readonly teams: readonly {
      readonly id: string;
      readonly name: string;
      readonly channels: readonly { readonly id: string; readonly name: string }[];
    }[];
  };
}

// ---------------------------------------------------------------------------------------------
// Process bookkeeping: everything we start is killed by process group, even on a crash.

const running = new Set<ChildProcess>();
const tempDirs = new Set<string>();
let hooksInstalled = false;

/** Signals the child's whole process group (its helpers too, even if the leader is gone). */
function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is gone.
  }
}

function installExitHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  const killAll = () => {
    for (const child of running) killGroup(child, 'SIGKILL');
    for (const dir of tempDirs) {
      try {
        fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
      } catch {
        // best effort while exiting
      }
    }
  };
  process.on('exit', killAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = () => {
      killAll();
      process.removeListener(signal, onSignal);
      process.kill(process.pid, signal);
    };
    process.on(signal, onSignal);
  }
}

const spawnErrors = new WeakMap<ChildProcess, Error>();

function track(child: ChildProcess): ChildProcess {
  running.add(child);
  child.once('exit', () => running.delete(child));
  // E.g. ENOENT: recorded (reported by the readiness wait) instead of crashing the test run.
  child.on('error', (err) => {
    spawnErrors.set(child, err);
    running.delete(child);
  });
  return child;
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || spawnErrors.has(child)) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', () => resolve());
  });
}

/** Signal the group, wait up to graceMs, then SIGKILL the group and wait for the exit. */
async function terminate(child: ChildProcess | undefined, signal: NodeJS.Signals, graceMs: number): Promise<void> {
  if (!child) return;
  killGroup(child, signal);
  const done = exited(child);
  const inTime = await Promise.race([done.then(() => true), grace(graceMs).then(() => false)]);
  if (!inTime) {
    killGroup(child, 'SIGKILL');
    await Promise.race([done, grace(5_000)]);
  }
  running.delete(child);
}

// ---------------------------------------------------------------------------------------------
// Small helpers.

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
/** A delay that does not keep the process alive (for races against a timeout). */
const grace = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/** A port nobody listens on right now (the OS picks it, so parallel runs get different ones). */
export function freePort(host = '0.0.0.0'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitFor<T>(
  what: string,
  timeoutMs: number,
  probe: () => Promise<T | undefined>,
  alive?: () => string | undefined,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const dead = alive?.();
    if (dead) throw new Error(`${what}: ${dead}`);
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch {
      // not there yet
    }
    if (Date.now() > until) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(150);
  }
}

function tail(file: string, lines = 25): string {
  try {
    const text = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
    return text
      .slice(-lines)
      .map((l) => `    | ${l.length > 400 ? `${l.slice(0, 400)}…` : l}`)
      .join('\n');
  } catch {
    return '    | (no log)';
  }
}

const normalize = (s: string) => s.replace(/\s+/g, ' ').trim();
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function matches(pattern: string | RegExp, text: string): boolean {
  return typeof pattern === 'string' ? normalize(text).includes(normalize(pattern)) : pattern.test(text);
}

// ---------------------------------------------------------------------------------------------

export class E2eHarness {
  page!: Page;
  appUrl = '';
  playgroundUrl = '';
  testConfig!: PlaygroundTestConfig;
  readonly logDir: string;
  /** How long each start-up step took (ms). */
  readonly timings: Record<string, number> = {};

  private readonly tempDir: string;
  private readonly timeoutMs: number;
  private app?: ChildProcess;
  private playground?: ChildProcess;
  /** The port and the number of the Playground's current start (a restart keeps the port). */
  private playgroundPort?: number;
  private playgroundStarts = 0;
  private chromiumProcess?: ChildProcess;
  private browser?: Browser;
  private readonly logStreams: fs.WriteStream[] = [];
  /** Index of the first bot bubble that counts as an answer to the last sendMessage(). */
  private baseline = 0;
  private stopping?: Promise<void>;

  private constructor(private readonly options: HarnessOptions) {
    const name = options.name ?? 'run';
    const id = `${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}`;
    this.logDir = path.join(resultsDir, 'e2e', `${name}-${id}`);
    E2eHarness.pruneLogs(name);
    this.tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'samsyn-e2e-'));
    tempDirs.add(this.tempDir);
    this.timeoutMs = options.timeoutMs ?? 15_000;
  }

  /** Keeps the log folders of the last 5 runs of this name. */
  private static pruneLogs(name: string): void {
    const dir = path.join(resultsDir, 'e2e');
    const runs = fs.existsSync(dir)
      ? fs.readdirSync(dir).filter((d) => d.startsWith(`${name}-`) && /^\d{4}-/.test(d.slice(name.length + 1)))
      : [];
    for (const old of runs.sort().slice(0, -4)) fs.rmSync(path.join(dir, old), { recursive: true, force: true });
  }

  /** Starts app, Playground and Chromium, and opens the Playground UI on the personal chat. */
  static async start(options: HarnessOptions = {}): Promise<E2eHarness> {
    installExitHooks();
    const h = new E2eHarness(options);
    try {
      fs.mkdirSync(h.logDir, { recursive: true });
      const timed = async (step: string, run: () => Promise<void>) => {
        const started = Date.now();
        await run();
        h.timings[step] = Date.now() - started;
      };
      h.appUrl = `http://127.0.0.1:${await freePort('127.0.0.1')}`;
      // The three start in parallel (the Playground only calls the app once the UI loads);
      // allSettled, so that stop() below sees every process that was started.
      const results = await Promise.allSettled([
        timed('app', () => h.startApp()),
        timed('playground', () => h.startPlayground(options.currentUser)),
        timed('browser', () => h.startBrowser()),
      ]);
      for (const r of results) if (r.status === 'rejected') throw r.reason;
      await timed('ui', () => h.openUi());
      return h;
    } catch (err) {
      await h.stop();
      const message = err instanceof Error ? err.message : String(err);
      throw new Error(
        `e2e harness failed to start: ${message}\n  logs in ${path.relative(repoRoot, h.logDir)}\n  app.log:\n${tail(path.join(h.logDir, 'app.log'))}\n  playground.log:\n${tail(path.join(h.logDir, 'playground.log'), 10)}`,
        { cause: err },
      );
    }
  }

  private logStream(name: string): fs.WriteStream {
    const stream = fs.createWriteStream(path.join(this.logDir, name), { flags: 'a' });
    this.logStreams.push(stream);
    return stream;
  }

  /** Copies the child's output to a log file (never writing after stop() closed it). */
  private pipeTo(child: ChildProcess, file: string): void {
    const out = this.logStream(file);
    const copy = (chunk: Buffer) => {
      if (!out.writableEnded) out.write(chunk);
    };
    child.stdout?.on('data', copy);
    child.stderr?.on('data', copy);
  }

  private static exitNote(child: ChildProcess | undefined): string | undefined {
    if (!child) return 'not started';
    const spawnError = spawnErrors.get(child);
    if (spawnError) return `could not start: ${spawnError.message}`;
    if (child.exitCode !== null) return `exited with code ${child.exitCode}`;
    if (child.signalCode !== null) return `killed by ${child.signalCode}`;
    return undefined;
  }

  private async startApp(): Promise<void> {
    const appRoot = path.resolve(this.options.appRoot ?? process.env.E2E_APP_ROOT ?? repoRoot);
    const port = new URL(this.appUrl).port;
    const env: NodeJS.ProcessEnv = { ...process.env };
    // Local mode on PGlite, whatever the developer's shell has set.
    for (const key of [
      'MicrosoftAppId',
      'MicrosoftAppPassword',
      'MicrosoftAppTenantId',
      'MicrosoftAppType',
      'DATABASE_URL',
      'BASE_URL',
    ])
      delete env[key];
    Object.assign(env, {
      PORT: port,
      DATA_DIR: path.join(this.tempDir, 'data'),
      LOG_LEVEL: this.options.logLevel ?? process.env.E2E_LOG_LEVEL ?? 'info',
      ...this.options.appEnv,
    });
    this.app = track(
      spawn(process.execPath, ['--import', 'tsx', path.join(appRoot, 'src', 'main.ts')], {
        cwd: appRoot,
        env,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );
    this.pipeTo(this.app, 'app.log');
    await waitFor(
      `the app at ${this.appUrl}/readyz`,
      60_000,
      async () =>
        (await fetch(`${this.appUrl}/readyz`, { signal: AbortSignal.timeout(5_000) })).status === 200
          ? true
          : undefined,
      () => E2eHarness.exitNote(this.app),
    );
  }

  /**
   * "As another person": stops the Playground and starts it again, on the same port, with `user` as
   * its current user (Anna Lind when omitted), then opens its UI on that user's personal chat. The
   * app keeps running; the Playground forgets every conversation. `listing`: personas its file does not
   * list that it should offer as other users (e.g. in the people picker), in place of the last ones.
   */
  async restartPlaygroundAs(
    user?: PlaygroundPersona,
    options: { readonly listing?: readonly PlaygroundPersona[] } = {},
  ): Promise<void> {
    await this.page.close().catch(() => undefined);
    await terminate(this.playground, 'SIGINT', 3_000);
    await this.startPlayground(user, options.listing);
    await this.openUi();
  }

  private async startPlayground(
    user: PlaygroundPersona | undefined,
    listing: readonly PlaygroundPersona[] = [],
  ): Promise<void> {
    if (!fs.existsSync(playgroundConfigFile)) throw new Error(`${playgroundConfigFile} is missing`);
    const configFile =
      user || listing.length > 0
        ? playgroundPersonasAs(user ?? 'Anna Lind', this.tempDir, playgroundConfigFile, { listing }).file
        : playgroundConfigFile;
    const cli = path.join(path.dirname(require.resolve('@microsoft/m365agentsplayground/package.json')), 'cli.js');
    this.playgroundStarts += 1;
    const logFile = path.join(
      this.logDir,
      this.playgroundStarts === 1 ? 'playground.log' : `playground-${this.playgroundStarts}.log`,
    );
    const requested = this.playgroundPort ?? (await freePort());
    this.playground = track(
      spawn(
        process.execPath,
        [
          cli,
          '-e',
          `${this.appUrl}/api/messages`,
          '-c',
          'msteams',
          '-p',
          String(requested),
          '--conversation-id',
          personalChatId,
          '--disable-telemetry',
        ],
        {
          // Its working directory gets ./devTools/ and would be searched for .m365agentsplayground.yml.
          cwd: this.tempDir,
          env: {
            ...process.env,
            TEAMSAPPTESTER_BROWSER: 'none', // else it spawns xdg-open and dies
            M365_AGENTS_PLAYGROUND_LOGFILE: logFile,
            M365_AGENTS_PLAYGROUND_CONFIG_PATH: configFile,
          },
          detached: true,
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      ),
    );
    this.pipeTo(this.playground, 'playground.out');
    // It falls back to a random port when the requested one is taken: read the real one from its log.
    const port = await waitFor(
      'the Playground to listen',
      30_000,
      async () => /Listening on (\d+)/.exec(fs.readFileSync(logFile, 'utf8'))?.[1],
      () => E2eHarness.exitNote(this.playground),
    );
    this.playgroundPort = Number(port);
    this.playgroundUrl = `http://localhost:${port}`;
    await waitFor('the Playground /_debug/ping', 30_000, async () =>
      (await (await fetch(`${this.playgroundUrl}/_debug/ping`, { signal: AbortSignal.timeout(5_000) })).text()) ===
      'pong'
        ? true
        : undefined,
    );
    this.testConfig = (await (
      await fetch(`${this.playgroundUrl}/_internal/v1/testConfig`, { signal: AbortSignal.timeout(10_000) })
    ).json()) as PlaygroundTestConfig;
    const c = this.testConfig.config;
    if (c.tenantId !== devTenantId || c.currentUser.aadObjectId !== (user?.aadObjectId ?? annaObjectId)) {
      throw new Error(
        `the Playground did not load ${path.relative(repoRoot, configFile)} (tenant ${c.tenantId}, current user ${c.currentUser.name}); it falls back to built-in fake users when the file is missing or invalid`,
      );
    }
  }

  private async startBrowser(): Promise<void> {
    if (!fs.existsSync(chromiumPath))
      throw new Error(`${chromiumPath} is missing; run: bash scripts/ensure-chromium.sh`);
    const profile = path.join(this.tempDir, 'chromium-profile');
    // Started by us (not chromium.launch) so that we own the PID, the process group and the profile folder.
    const proc = track(
      spawn(
        chromiumPath,
        [
          ...chromiumArgs,
          '--remote-debugging-port=0',
          `--user-data-dir=${profile}`,
          '--window-size=1400,1000',
          'about:blank',
        ],
        {
          detached: true,
          stdio: ['ignore', 'ignore', 'pipe'],
        },
      ),
    );
    this.chromiumProcess = proc;
    const log = this.logStream('chromium.log');
    let stderr = '';
    const endpoint = new Promise<string>((resolve) => {
      proc.stderr?.on('data', (chunk: Buffer) => {
        if (!log.writableEnded) log.write(chunk);
        if (stderr.length < 100_000) stderr += chunk.toString();
        const m = /DevTools listening on (ws:\/\/\S+)/.exec(stderr);
        if (m?.[1]) resolve(m[1]);
      });
    });
    const ws = await waitFor(
      'Chromium DevTools endpoint',
      30_000,
      () => Promise.race([endpoint, sleep(200).then(() => undefined)]),
      () => E2eHarness.exitNote(proc),
    );
    this.browser = await chromium.connectOverCDP(ws, { timeout: 30_000 });
  }

  private async openUi(): Promise<void> {
    const context = this.browser?.contexts()[0];
    if (!context) throw new Error('Chromium has no default context');
    this.page = await context.newPage();
    this.page.setDefaultTimeout(this.timeoutMs);
    await this.page.setViewportSize({ width: 1400, height: 1000 });
    // Offline: the only external fetches are Segoe UI fonts from the Office CDN.
    await this.page.route(/cdn\.office\.net/, (route) => route.abort());
    await this.page.goto(this.playgroundUrl, { waitUntil: 'domcontentloaded', timeout: 30_000 });
    await this.page.locator(composerSelector).first().waitFor({ state: 'visible', timeout: 30_000 });
    // Each page load sends installationUpdate and conversationUpdate to the bot, which may answer
    // (a welcome card). Wait for both turns (the log panel shows "<type> <status>") so that such
    // answers don't count as answers to the first sendMessage().
    await waitFor('the install turns', 10_000, async () => {
      const text = await this.page.locator('body').innerText();
      return /installationUpdate \d{3}/.test(text) && /conversationUpdate \d{3}/.test(text) ? true : undefined;
    }).catch(() => undefined);
    await this.settle();
  }

  /** Waits until no new bot message has appeared for 500 ms (at most 3 s), then starts counting from there. */
  private async settle(): Promise<void> {
    const until = Date.now() + 3_000;
    let count = await this.botBubbles().count();
    let stableSince = Date.now();
    while (Date.now() - stableSince < 500 && Date.now() < until) {
      await sleep(100);
      const now = await this.botBubbles().count();
      if (now !== count) [count, stableSince] = [now, Date.now()];
    }
    this.baseline = count;
  }

  // -------------------------------------------------------------------------------------------
  // Chat helpers.

  private botBubbles(): Locator {
    return this.page.locator(botBubbleSelector);
  }

  /** Switches the conversation: "Personal Chat", "Samverkansgrupp", "Samsyn planer - General", "Samsyn planer - Samordning". */
  async openChat(name: string): Promise<void> {
    const installs = async () =>
      ((await this.page.locator('body').innerText()).match(/installationUpdate \d{3}/g) ?? []).length;
    const before = await installs();
    await this.page.getByRole('treeitem', { name, exact: true }).click();
    await this.page.locator(composerSelector).first().waitFor({ state: 'visible' });
    // Opening a group chat or channel the first time installs the bot there (and it may greet).
    await waitFor('an install turn', 3_000, async () => ((await installs()) > before ? true : undefined)).catch(
      () => undefined,
    );
    await this.settle();
  }

  /**
   * Types text into the chat composer as the current user and presses Enter. In group chats and channels
   * the bot only gets messages that @mention it: pass { mentionBot: true } (picks the bot in the
   * composer's @-typeahead, as a user would).
   */
  async sendMessage(text: string, options: { mentionBot?: boolean } = {}): Promise<void> {
    const composer = this.page.locator(composerSelector).first();
    this.baseline = await this.botBubbles().count();
    await composer.click();
    if (options.mentionBot) {
      const botName = this.testConfig.config.bot.name;
      await this.page.keyboard.type(`@${botName}`);
      await this.page.locator('#typeahead-menu').getByRole('menuitem').filter({ hasText: botName }).first().click();
      await this.page.keyboard.type(' ');
    }
    await this.page.keyboard.type(text);
    await this.page.keyboard.press('Enter');
    // The composer is emptied once the message has gone.
    await waitFor('the composer to clear after sending', this.timeoutMs, async () =>
      normalize(await composer.innerText()) === '' ? true : undefined,
    );
  }

  /**
   * Waits until a bot message shown after the last sendMessage() (text bubble or card) visibly
   * contains `pattern` (a string: substring, whitespace-normalised, case-sensitive), and returns it.
   * Personal and group chats only: a channel shows posts newest-first with replies in threads and
   * without the `.fai-OutputCard` bubbles (use page.getByText there).
   */
  async waitForBotText(pattern: string | RegExp, timeoutMs = this.timeoutMs): Promise<Locator> {
    const bubbles = this.botBubbles();
    const until = Date.now() + timeoutMs;
    for (;;) {
      const count = await bubbles.count();
      const seen: string[] = [];
      for (let i = this.baseline; i < count; i++) {
        const bubble = bubbles.nth(i);
        const text = await bubble.innerText().catch(() => '');
        seen.push(normalize(text));
        if (matches(pattern, text) && (await bubble.isVisible())) return bubble;
      }
      if (Date.now() > until) {
        throw new Error(
          `no visible bot message matching ${String(pattern)} within ${timeoutMs} ms; bot messages since the last sendMessage: ${JSON.stringify(seen)}`,
        );
      }
      await sleep(100);
    }
  }

  /** The Adaptive Card shown last in the conversation. */
  lastCard(): Locator {
    return this.page.locator('.ac-adaptiveCard').last();
  }

  /**
   * The control an input's label belongs to. Inputs are found by their `label` (the text shown
   * above them; a trailing required "*" is ignored), Input.Toggle also by its title, else by
   * aria-label/placeholder.
   */
  private async cardControl(label: CardLabel, card: Locator): Promise<Locator> {
    await card.waitFor({ state: 'visible' });
    const [text, nth] = typeof label === 'string' ? [label, undefined] : [label.label, label.nth];
    const labelled = await E2eHarness.labelledBy(card, text, nth);
    if (labelled) return labelled;
    const byName = card.getByLabel(text, { exact: true }).or(card.getByPlaceholder(text, { exact: true }));
    if (nth === undefined && (await byName.count()) === 1) return byName;
    throw new Error(`no card input labelled "${text}"${nth === undefined ? '' : ` (#${nth})`}`);
  }

  /**
   * The element a <label for> with exactly this text (a trailing required "*" ignored) points to.
   * The renderer's aria-labelledby lists the input's label first, so accessible names of
   * expanded-choice checkboxes are "<input label> <choice>", and getByLabel/getByRole name
   * matching is unreliable for them; the <label for> pairs are not.
   */
  private static async labelledBy(container: Locator, text: string, nth?: number): Promise<Locator | undefined> {
    const labels = container
      .locator('label[for]')
      .filter({ hasText: new RegExp(`^\\s*${escapeRegExp(text)}\\s*\\*?\\s*$`) });
    const n = await labels.count();
    if (nth === undefined && n > 1)
      throw new Error(`${n} card elements are labelled "${text}" (say which: { label, nth })`);
    const index = nth ?? 0;
    const id = n > index ? await labels.nth(index).getAttribute('for') : null;
    return id ? container.locator(`[id="${id}"]`) : undefined;
  }

  /** What kind of Adaptive Card input a control is, from the Fluent UI markup the Playground renders. */
  private static async kindOf(
    control: Locator,
  ): Promise<'text' | 'number' | 'date' | 'toggle' | 'compact' | 'radio' | 'checkboxes'> {
    const role = await control.getAttribute('role');
    const type = await control.getAttribute('type');
    if (role === 'radiogroup') return 'radio';
    if (role === 'spinbutton') return 'number';
    if (role === 'combobox') return (await control.getAttribute('aria-haspopup')) === 'dialog' ? 'date' : 'compact';
    if (type === 'checkbox') return 'toggle';
    if ((await control.locator('input[type="checkbox"]').count()) > 0) return 'checkboxes';
    return 'text';
  }

  /**
   * Fills a card input: Input.Text (also multiline), Input.Number, Input.Date (e.g. "2026-05-01"),
   * Input.Toggle ("true"/"false"); for an Input.ChoiceSet it calls chooseCardOption.
   */
  async fillCardInput(label: CardLabel, value: string, card: Locator = this.lastCard()): Promise<void> {
    const control = await this.cardControl(label, card);
    switch (await E2eHarness.kindOf(control)) {
      case 'text':
      case 'number':
        await control.fill(value);
        return;
      case 'date':
        await control.fill(value);
        await control.press('Enter');
        await this.page.keyboard.press('Escape'); // close the calendar, which would cover the inputs below
        return;
      case 'toggle':
        await control.setChecked(value === 'true');
        return;
      default:
        await this.chooseCardOption(label, value, card);
    }
  }

  /**
   * Selects an option (by its visible title) of an Input.ChoiceSet:
   * - compact (default style): a Fluent combobox; the options pop up in a portal outside the
   *   card, role "option" (single) or "menuitemcheckbox" (isMultiSelect);
   * - expanded single: a radiogroup of radios; expanded isMultiSelect: checkboxes.
   * For multi-select sets it ticks the option (call once per option); it never unticks.
   */
  async chooseCardOption(label: CardLabel, option: string, card: Locator = this.lastCard()): Promise<void> {
    const control = await this.cardControl(label, card);
    const kind = await E2eHarness.kindOf(control);
    if (kind === 'radio' || kind === 'checkboxes') {
      const choice = await E2eHarness.labelledBy(control, option);
      if (!choice) throw new Error(`card input "${labelText(label)}" has no choice "${option}"`);
      await choice.check();
    } else if (kind === 'compact') {
      if ((await control.getAttribute('aria-expanded')) !== 'true') await control.click();
      const popup = this.page.locator('.fui-Listbox:visible');
      const single = popup.getByRole('option', { name: option, exact: true });
      const multi = popup.getByRole('menuitemcheckbox', { name: option, exact: true });
      const item = single.or(multi);
      await item.waitFor({ state: 'visible' });
      if ((await multi.count()) > 0) {
        if ((await multi.getAttribute('aria-checked')) !== 'true') await multi.click();
        await this.page.keyboard.press('Escape');
      } else {
        await single.click();
      }
      await popup.waitFor({ state: 'hidden' }).catch(() => this.page.keyboard.press('Escape'));
    } else {
      throw new Error(`card input "${labelText(label)}" is not an Input.ChoiceSet (it looks like ${kind})`);
    }
  }

  /** Unticks every ticked option of an expanded multi-select Input.ChoiceSet (checkboxes); returns their titles. */
  async untickAll(label: CardLabel, card: Locator = this.lastCard()): Promise<string[]> {
    const control = await this.cardControl(label, card);
    if ((await E2eHarness.kindOf(control)) !== 'checkboxes')
      throw new Error(`card input "${labelText(label)}" is not a set of checkboxes`);
    const ticked = control.locator('input[type="checkbox"]:checked');
    const titles = await ticked.evaluateAll((boxes) => boxes.map((b) => b.getAttribute('aria-label') ?? ''));
    while ((await ticked.count()) > 0) await ticked.first().uncheck();
    return titles;
  }

  /**
   * Picks people, as a user does, in an Input.ChoiceSet bound to the people picker
   * (`choices.data` with dataset graph.microsoft.com/users). The Playground renders it as a Fluent UI
   * NormalPeoplePicker: a combobox (aria-label "People Picker") in the input's container, whose
   * suggestions pop up in the layer #test-tool-people-picker-layer-host as role "option" buttons with
   * the person's name. Types the first name, clicks the suggestion, and waits for the chosen person
   * to show in the field. (The picker then sends the Playground's Teams user ids, `29:…`.)
   */
  async pickPeople(label: string, names: readonly string[], card: Locator = this.lastCard()): Promise<void> {
    await card.waitFor({ state: 'visible' });
    const labels = card.locator('label').filter({ hasText: new RegExp(`^\\s*${escapeRegExp(label)}\\s*\\*?\\s*$`) });
    if ((await labels.count()) !== 1) throw new Error(`no single card input labelled "${label}"`);
    const field = labels.locator('xpath=following-sibling::div[contains(@class, "ac-input-container")][1]');
    const input = field.locator('input[role="combobox"]');
    if ((await input.getAttribute('aria-label')) !== 'People Picker')
      throw new Error(`card input "${label}" is not a people picker`);
    for (const name of names) {
      await input.click();
      await input.pressSequentially(name.split(' ')[0] ?? name);
      const suggestion = this.page
        .locator('#test-tool-people-picker-layer-host')
        .getByRole('option')
        .filter({ hasText: name })
        .first();
      await suggestion.click();
      // A chosen person is a selected item of the picker (Fluent marks them with data-selection-index).
      await field.locator('[data-selection-index]').filter({ hasText: name }).first().waitFor({ state: 'visible' });
    }
  }

  /** Clicks a card action button (Action.Execute / Action.Submit / ...) by its title. */
  async clickCardButton(name: string, card: Locator = this.lastCard()): Promise<void> {
    await card.getByRole('button', { name, exact: true }).click();
  }

  /**
   * Clicks a card action by its title, also a secondary one (`mode: "secondary"`): the Adaptive Cards
   * renderer puts those behind the card's overflow button ("...", tooltip "More options"), whose
   * menu lists them as menu items.
   */
  async clickCardAction(name: string, card: Locator = this.lastCard()): Promise<void> {
    await card.waitFor({ state: 'visible' });
    const button = card.getByRole('button', { name, exact: true });
    if ((await button.count()) > 0) {
      await button.click();
      return;
    }
    await card.getByRole('button', { name: 'More options' }).or(card.getByTitle('More options')).first().click();
    await this.page.getByRole('menuitem', { name, exact: true }).click();
  }

  /** Saves a screenshot of the page to test-results/<name>.png and returns its path. */
  async screenshot(name: string): Promise<string> {
    const file = path.join(resultsDir, `${name.replace(/[^\w.-]+/g, '-')}.png`);
    fs.mkdirSync(resultsDir, { recursive: true });
    await this.page.screenshot({ path: file });
    return file;
  }

  /** Stops Chromium, the Playground and the app (by process group) and removes the temp folder. Safe to call twice. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      if (this.browser) await Promise.race([this.browser.close().catch(() => undefined), grace(5_000)]);
      await Promise.all([
        terminate(this.chromiumProcess, 'SIGTERM', 3_000),
        // The Playground exits on SIGINT; it does not always exit on SIGTERM.
        terminate(this.playground, 'SIGINT', 3_000),
        // The app closes PGlite on SIGTERM.
        terminate(this.app, 'SIGTERM', 10_000),
      ]);
      await Promise.all(this.logStreams.map((s) => new Promise<void>((resolve) => s.end(() => resolve()))));
      fs.rmSync(this.tempDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
      tempDirs.delete(this.tempDir);
    })();
    return this.stopping;
  }
}
