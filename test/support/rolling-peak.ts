/** The most timestamps (ms) within any rolling second: what Feishu's per-second limits count. */
export function rollingPeak(times: readonly number[]): number {
  const t = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; j < t.length; j += 1) {
    while ((t[j] ?? 0) - (t[i] ?? 0) >= 1000) i += 1;
    best = Math.max(best, j - i + 1);
  }
  return best;
}
