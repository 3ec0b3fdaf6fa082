import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDb } from '../support/db.ts';
import { createTestDb } from '../support/db.ts';
import { SAMPLE } from '../support/directory.ts';
import type { ServeProcess } from '../support/serve-process.ts';
import { ROOT, startServe } from '../support/serve-process.ts';

/**
 * `duban serve` with no Feishu app, as a user starts it, driven in headless Chromium: a leader's
 * instruction becomes an item the office issues, the unit accepts and reports, the office closes.
 * Every step goes through the web chat; the sandbox turns it into signed requests to the bot.
 */

const OUTPUT = path.join(ROOT, 'test-output');
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const STEP_MS = 20_000;

let db: TestDb;
let server: ServeProcess;
let base: string;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  // An empty database: the sandbox imports the sample county itself. No LARK_* at all, as a user has.
  db = await createTestDb({ migrate: false });
  server = await startServe({ DATABASE_URL: db.url }, 11);
  base = server.base;
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_FLAGS });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  // 报结 asks for confirmation, as Feishu's client does.
  page.on('dialog', (d) => void d.accept());
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await db?.drop();
});

async function become(openId: string, chatName: string): Promise<void> {
  await page.goto(`${base}/sandbox`);
  await Promise.all([page.waitForURL(/as=/), page.selectOption('#as', openId)]);
  await page.click(`a.chat[data-chat-name="${chatName}"]`);
  await expect.poll(() => page.textContent('#chat-name')).toBe(chatName);
}

/** The last card in the chat whose title contains `title`. */
async function card(title: string): Promise<Locator> {
  const cards = page.locator('.msg .card').filter({ has: page.locator('.card-title', { hasText: title }) });
  await cards.last().waitFor({ timeout: STEP_MS });
  return cards.last();
}

async function click(scope: Locator, label: string): Promise<string> {
  const toast = page.locator('#toast');
  // A toast from the last click may still be showing.
  await page.evaluate("document.getElementById('toast').style.display = 'none'");
  await scope.locator('button.btn', { hasText: label }).first().click();
  await toast.waitFor({ state: 'visible', timeout: STEP_MS });
  return (await toast.textContent()) ?? '';
}

describe('the sandbox in a browser', () => {
  it('says where it is in its first log line', () => {
    const first = JSON.parse(server.logs.join('').split('\n')[0] ?? '{}') as { msg?: string };
    expect(first.msg).toContain(`${base}/sandbox`);
  });

  it('walks an item from a leader’s message to 办结', async () => {
    const instruction = '请县住建局牵头，于12月15日前完成老旧小区改造摸底。';
    await become(SAMPLE.leaders.li, '督查督办助手');
    await page.fill('#composer textarea[name=text]', instruction);
    await page.click('#send');
    await page.locator('.msg.mine', { hasText: '老旧小区改造摸底' }).waitFor();

    // The office issues the draft from the supervision group.
    await become(SAMPLE.office.zhou, '督查室工作群');
    const draft = await card('拟办单');
    expect(await draft.textContent()).toContain(instruction);
    expect(await click(draft, '交办')).toMatch(/^已交办：督〔\d{4}〕\d+号$/);
    await expect.poll(() => draft.textContent()).toContain('已交办');

    // The unit head accepts the notice, then reports the result.
    await become(SAMPLE.housing.head, '督查督办助手');
    const notice = await card('督查通知单');
    expect(await click(notice, '签收')).toContain('签收');
    await expect.poll(() => notice.locator('button.btn', { hasText: '签收' }).count()).toBe(0);
    await notice.locator('textarea[name=text]').fill('已完成全部 12 个小区入户摸底，台账已建立。');
    expect(await click(notice, '报结')).toContain('审核');
    await expect.poll(() => notice.textContent()).toContain('等待督查室审核');

    // The office closes it; the card says so.
    await become(SAMPLE.office.zhou, '督查室工作群');
    const review = await card('审核');
    expect(await review.textContent()).toContain('已完成全部 12 个小区入户摸底');
    expect(await click(review, '办结')).toContain('办结');
    await expect.poll(() => review.locator('button.btn', { hasText: '办结' }).count()).toBe(0);

    // 果必报: the leader reads the result in the private chat.
    await become(SAMPLE.leaders.li, '督查督办助手');
    await page.locator('.msg.bot', { hasText: '已办结' }).last().waitFor({ timeout: STEP_MS });
    mkdirSync(OUTPUT, { recursive: true });
    await page.screenshot({ path: path.join(OUTPUT, 'sandbox-final.png'), fullPage: true });
  }, 180_000);
});
