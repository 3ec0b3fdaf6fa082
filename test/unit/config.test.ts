import { describe, expect, it } from 'vitest';
import { missingLarkSettings, parseEnv } from '../../src/config/env.ts';
import { runCli } from '../../src/entry/cli.ts';

describe('configuration', () => {
  it('runs on defaults when nothing is set', () => {
    const env = parseEnv({});
    expect(env.ok).toBe(true);
    if (!env.ok) return;
    expect(env.value).toMatchObject({
      LARK_DOMAIN: 'https://open.feishu.cn',
      REDIS_URL: 'redis://127.0.0.1:6379',
      PORT: 3000,
      HOST: '0.0.0.0',
    });
    expect(env.value.DUBAN_ADMIN_TOKEN).toBeUndefined();
    expect(env.value.DATABASE_URL).toBeUndefined();
    expect(missingLarkSettings(env.value)).toHaveLength(4);
  });

  it.each([
    [{ PORT: 'eighty' }, /^invalid configuration: PORT /],
    [{ DATABASE_URL: 'mysql://x' }, /^invalid configuration: DATABASE_URL /],
    [{ REDIS_URL: 'localhost:6379' }, /^invalid configuration: REDIS_URL /],
    [{ LARK_DOMAIN: 'open.feishu.cn' }, /^invalid configuration: LARK_DOMAIN /],
    [{ DUBAN_ADMIN_TOKEN: 'short' }, /^invalid configuration: DUBAN_ADMIN_TOKEN must be at least 16/],
  ])('a bad value gives one line naming the variable (%o)', (source, expected) => {
    const env = parseEnv(source);
    expect(env.ok).toBe(false);
    if (!env.ok) {
      expect(env.error).toMatch(expected);
      expect(env.error).not.toContain('\n');
    }
  });

  it('strips a trailing slash from LARK_DOMAIN (the SDK would request //open-apis)', () => {
    const env = parseEnv({ LARK_DOMAIN: 'http://127.0.0.1:4010/' });
    expect(env.ok && env.value.LARK_DOMAIN).toBe('http://127.0.0.1:4010');
  });

  it('the CLI exits 1 with that line', async () => {
    const err: string[] = [];
    const code = await runCli(['migrate'], { PORT: '0x' }, { out: () => {}, err: (l) => err.push(l) });
    expect(code).toBe(1);
    expect(err).toEqual([expect.stringMatching(/^invalid configuration: PORT/)]);
  });

  it('an unknown command prints the usage and exits 2', async () => {
    const err: string[] = [];
    expect(await runCli(['frobnicate'], {}, { out: () => {}, err: (l) => err.push(l) })).toBe(2);
    expect(err.join('\n')).toContain('directory import FILE');
  });
});
