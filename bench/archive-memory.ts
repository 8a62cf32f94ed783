// Memory of rehosting a video that is over Discord's upload limit: `node --expose-gc bench/archive-memory.ts [MiB…]`.
// FakeS3 and the provider's video host run in a child process (FakeS3 keeps every object in memory), so
// this process holds only what VideoArchive itself holds while it streams the video into the bucket.
// Prints, per size, the peak growth over the baseline of RSS, V8 heap and Buffer memory (arrayBuffers).
import { fork } from 'node:child_process';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { ObjectStore } from '../src/media/object-store.ts';
import { VideoArchive } from '../src/media/video-archive.ts';
import { FakeVideo } from '../test/support/fake-video.ts';
import { FakeS3 } from '../test/support/s3/index.ts';
import { VideoHost } from '../test/support/video-host.ts';
import { makeTask } from '../test/support/tasks.ts';

const MiB = 1024 * 1024;
const KEYS = { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench-secret' };
type FromServers = { ready: { s3: string; videos: Record<string, string> } } | { stored: { key: string; size: number; sha256: string } | undefined };

if (process.argv.includes('--servers')) {
  const sizes = process.argv.slice(process.argv.indexOf('--servers') + 1).map(Number);
  const s3 = await FakeS3.start({ ...KEYS, region: 'auto', bucket: 'videos' });
  const host = await VideoHost.start();
  const videos = Object.fromEntries(
    sizes.map((size) => [String(size), host.serve(`/v${String(size)}.mp4`, new FakeVideo(`bench-${String(size)}`, size * MiB))]),
  );
  process.on('message', (key: string) => {
    const object = s3.object(key);
    const stored = object ? { key, size: object.bytes.byteLength, sha256: createHash('sha256').update(object.bytes).digest('hex') } : undefined;
    process.send?.({ stored } satisfies FromServers);
  });
  process.on('disconnect', () => void Promise.all([s3.close(), host.close()]).then(() => process.exit(0)));
  process.send?.({ ready: { s3: s3.url, videos } } satisfies FromServers);
} else {
  const sizes = process.argv
    .slice(2)
    .map(Number)
    .filter((n) => n > 0);
  if (sizes.length === 0) sizes.push(11, 100);
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) console.log('(run with node --expose-gc for a steadier baseline)');
  const child = fork(fileURLToPath(import.meta.url), ['--servers', ...sizes.map(String)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const next = () => new Promise<FromServers>((resolve) => child.once('message', (m) => resolve(m as FromServers)));
  const first = await next();
  if (!('ready' in first)) throw new Error('servers did not start');
  const store = new ObjectStore({
    endpoint: first.ready.s3,
    region: 'auto',
    bucket: 'videos',
    ...KEYS,
    publicUrl: 'https://cdn.example',
    forcePathStyle: true,
  });
  const quiet = { info: () => undefined, warn: console.warn, error: console.error, debug: () => undefined };
  const archive = new VideoArchive({ store, resultExpiry: () => undefined, log: quiet });
  console.log('size      peak RSS growth   peak heap growth   peak Buffer growth   copy');
  for (const size of sizes) {
    const task = makeTask({ id: `bench-${String(size)}`, status: 'succeeded', results: [{ id: 'r1', url: String(first.ready.videos[String(size)]) }] });
    gc?.();
    const base = process.memoryUsage();
    const peak = { rss: base.rss, heapUsed: base.heapUsed, arrayBuffers: base.arrayBuffers };
    const sample = setInterval(() => {
      const now = process.memoryUsage();
      peak.rss = Math.max(peak.rss, now.rss);
      peak.heapUsed = Math.max(peak.heapUsed, now.heapUsed);
      peak.arrayBuffers = Math.max(peak.arrayBuffers, now.arrayBuffers);
    }, 2);
    const plan = await archive.prepare(task);
    clearInterval(sample);
    child.send(`videos/${task.id}/0.mp4`);
    const check = await next();
    const stored = 'stored' in check ? check.stored : undefined;
    const expected = new FakeVideo(`bench-${String(size)}`, size * MiB).sha256();
    const mib = (n: number) => `${(n / MiB).toFixed(1)} MiB`.padEnd(19);
    const copy = plan.videos[0]?.permanent && stored?.sha256 === expected ? 'same bytes in the bucket' : 'NOT COPIED';
    console.log(
      `${`${String(size)} MiB`.padEnd(10)}${mib(peak.rss - base.rss)}${mib(peak.heapUsed - base.heapUsed)}${mib(peak.arrayBuffers - base.arrayBuffers)}  ${copy}`,
    );
  }
  store.close();
  child.disconnect();
}
