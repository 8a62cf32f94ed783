// Cost of the /usage chart: `node bench/chart-bench.ts` (optionally BENCH_CHART_RENDERS=N). Informative, not a test:
// RSS before and after loading the chart stack (Chart.js, skia, fonts), and the time of one render.
import { performance } from 'node:perf_hooks';

const renders = Math.max(1, Math.min(500, Number(process.env.BENCH_CHART_RENDERS ?? 50) || 50));
const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MB`;
const rss = (): number => process.memoryUsage().rss;

const bars = Array.from({ length: 20 }, (_, i) => ({ label: `member ${i + 1} 🎬`, usd: 3 + ((i * 37) % 41) }));
const input = { title: 'Spending by member — November 2026', subtitle: '1–30 Nov · 312 tasks', bars };

const before = rss();
const importStart = performance.now();
const { renderSpendChart } = await import('../src/usage/spend-chart.ts');
const importMs = performance.now() - importStart;
const afterImport = rss();

const firstStart = performance.now();
await renderSpendChart(input); // registers the fonts, so this one pays for reading them
const firstMs = performance.now() - firstStart;
const afterFirst = rss();

const times: number[] = [];
for (let i = 0; i < renders; i++) {
  const start = performance.now();
  await renderSpendChart(input);
  times.push(performance.now() - start);
}
times.sort((a, b) => a - b);
const at = (q: number): string => (times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0).toFixed(1);

console.log(`node ${process.version}, ${renders} renders of a 20-bar chart`);
console.log(`import chart stack      ${importMs.toFixed(0)} ms, RSS ${mb(before)} → ${mb(afterImport)} (+${mb(afterImport - before)})`);
console.log(`first render (+ fonts)  ${firstMs.toFixed(0)} ms, RSS → ${mb(afterFirst)} (+${mb(afterFirst - before)} since start)`);
console.log(`each render after that  median ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${at(1)} ms`);
console.log(`RSS after all renders   ${mb(rss())} (+${mb(rss() - before)} since start)`);
