// The bot as a real process: exactly what `npm start` runs (package.json's start script: node with its
// flags on the compiled dist/), with the bench's environment; or any other node entry (the bare receiver).
import { execSync, spawn, type ChildProcess } from 'node:child_process';
import { fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { sleep, within } from './stats.ts';

let built = false;

/** The node arguments of package.json's `start` script, after `npm run build` (once per bench run). */
export function npmStartArgs(): string[] {
  if (!built) {
    execSync('npm run build', { stdio: 'ignore' });
    built = true;
  }
  const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;
  const words = (scripts.start ?? '').split(/\s+/).filter(Boolean);
  if (words[0] !== 'node') throw new Error(`package.json start script does not start with node: ${scripts.start}`);
  return words.slice(1);
}

export interface BotProcess {
  child: ChildProcess;
  pid: number;
  /** Every line the process wrote (stdout and stderr) up to the last read (logs() and errors() read on). */
  output: string[];
  /** The JSON log lines whose text contains `needle`, parsed. */
  logs(needle?: string): Array<Record<string, unknown>>;
  /** Spawn → the "ready" log line (ms). */
  startupMs: number;
  /** performance.now() when the process was spawned. */
  spawnedAt: number;
  port: number;
  /** What the ready line said this process is: 'holder' of the Discord gateway or 'standby'. */
  role(): string | undefined;
  /** Resident memory now and its peak (/proc/<pid>/status VmRSS, VmHWM), in MB. */
  memoryMb(): { rss: number; hwm: number };
  /** CPU time the process used so far (user + system, ms), from /proc/<pid>/stat. */
  cpuMs(): number;
  /** Log lines at error level or above. */
  errors(): string[];
  stop(): Promise<void>;
  kill9(): Promise<void>;
}

export interface SpawnOptions {
  env: Record<string, string>;
  port: number;
  /** Node arguments; default: npm start's. */
  args?: string[];
  readyTimeoutMs?: number;
  /** Where the process's log file goes (a directory the bench removes). */
  logDir: string;
}

/**
 * The process writes its log to a file (as under a service manager), never to a pipe the bench must
 * drain: pino writes synchronously and sleeps 100 ms whenever a full pipe answers EAGAIN
 * (node_modules/sonic-boom/index.js), which would time the bench's reading, not the bot.
 */
class LogFile {
  readonly path: string;
  readonly lines: string[] = [];
  #fd: number;
  #offset = 0;
  #rest = '';

  constructor(path: string) {
    this.path = path;
    this.#fd = openSync(path, 'w+');
  }

  get fd(): number {
    return this.#fd;
  }

  /** Reads what was appended since the last call; resolves with the new complete lines. */
  poll(): string[] {
    const size = fstatSync(this.#fd).size;
    if (size <= this.#offset) return [];
    const buffer = Buffer.alloc(size - this.#offset);
    readSync(this.#fd, buffer, 0, buffer.length, this.#offset);
    this.#offset = size;
    const lines = (this.#rest + buffer.toString('utf8')).split('\n');
    this.#rest = lines.pop() ?? '';
    const fresh = lines.filter((l) => l.trim() !== '');
    this.lines.push(...fresh);
    return fresh;
  }
}

let spawned = 0;

export async function spawnBot(options: SpawnOptions): Promise<BotProcess> {
  const args = options.args ?? npmStartArgs();
  const log = new LogFile(join(options.logDir, `bench-process-${process.pid}-${++spawned}.log`));
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, args, { env: { PATH: process.env.PATH ?? '', ...options.env }, stdio: ['ignore', log.fd, log.fd] });
  const output = log.lines;
  let readyAt: number | undefined;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = performance.now() + (options.readyTimeoutMs ?? 60_000);
  while (readyAt === undefined && child.exitCode === null && child.signalCode === null && performance.now() < deadline) {
    if (log.poll().some((line) => line.includes('"msg":"ready'))) readyAt = performance.now();
    else await sleep(2);
  }
  if (readyAt === undefined || child.pid === undefined) {
    child.kill('SIGKILL');
    log.poll();
    throw new Error(`bot process not ready (exit ${String(child.exitCode)}):\n${output.slice(-30).join('\n')}`);
  }
  const pid = child.pid;
  const logs = (needle = '') =>
    (log.poll(), output).filter((line) => line.startsWith('{') && line.includes(needle)).map((line) => JSON.parse(line) as Record<string, unknown>);
  const status = () => readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (text: string, name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? Number.NaN) / 1024;
  return {
    child,
    pid,
    output,
    logs,
    startupMs: readyAt - spawnedAt,
    spawnedAt,
    port: options.port,
    role: () => {
      const ready = logs('"msg":"ready')[0];
      return typeof ready?.role === 'string' ? ready.role : undefined;
    },
    memoryMb: () => {
      const text = status();
      return { rss: field(text, 'VmRSS'), hwm: field(text, 'VmHWM') };
    },
    cpuMs: () => {
      // Fields 14 and 15 (utime, stime) after the command name, in clock ticks (100 a second on Linux x86-64).
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      return (Number(fields[11]) + Number(fields[12])) * 10;
    },
    errors: () => (log.poll(), output).filter((line) => /"level":(50|60)/.test(line) || line.startsWith('Error') || line.includes('    at ')),
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      if (!(await within(exited, 12_000))) {
        child.kill('SIGKILL');
        await exited;
      }
      log.poll();
    },
    kill9: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await exited;
      log.poll();
    },
  };
}
