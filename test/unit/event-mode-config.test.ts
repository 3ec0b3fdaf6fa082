import { describe, expect, it } from 'vitest';
import { missingLarkSettings, parseEnv } from '../../src/config/env.ts';

describe('LARK_EVENT_MODE and HTTPS_PROXY', () => {
  it('defaults to the webhook', () => {
    const env = parseEnv({});
    expect(env.ok && env.value.LARK_EVENT_MODE).toBe('webhook');
  });

  it.each([
    [{ LARK_EVENT_MODE: 'ws' }, /^invalid configuration: LARK_APP_ID must be an App ID like cli_/],
    [{ LARK_EVENT_MODE: 'ws', LARK_APP_ID: 'cli_xxxxxxxxxxxxxxxx', LARK_APP_SECRET: 's' }, /LARK_APP_ID/],
    [
      { LARK_EVENT_MODE: 'ws', LARK_APP_ID: 'cli_a1b2c3d4e5f60718' },
      /^invalid configuration: LARK_APP_SECRET /,
    ],
    [{ LARK_EVENT_MODE: 'socket' }, /^invalid configuration: LARK_EVENT_MODE /],
    [{ HTTPS_PROXY: 'proxy:3128' }, /^invalid configuration: HTTPS_PROXY /],
  ])('a bad or incomplete setting is one line naming the variable (%o)', (source, expected) => {
    const env = parseEnv(source);
    expect(env.ok).toBe(false);
    if (!env.ok) expect(env.error).toMatch(expected);
  });

  it('in ws mode the webhook secrets are not asked for; either spelling of the proxy variable works', () => {
    const env = parseEnv({
      LARK_EVENT_MODE: 'ws',
      LARK_APP_ID: 'cli_a1b2c3d4e5f60718',
      LARK_APP_SECRET: 'secret',
      https_proxy: 'http://10.0.0.1:3128',
    });
    expect(env.ok).toBe(true);
    if (!env.ok) return;
    expect(missingLarkSettings(env.value)).toEqual([]);
    expect(env.value.HTTPS_PROXY).toBe('http://10.0.0.1:3128');
  });
});
