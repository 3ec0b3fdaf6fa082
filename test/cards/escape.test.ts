import { describe, expect, it } from 'vitest';
import { buildAckCard, escapeMarkdown, md, trusted } from '../../cards/index.ts';
import { NASTY } from './fixtures.ts';
import { expectValid, markdownOf } from './helpers.ts';

describe('escapeMarkdown', () => {
  it('turns a mention of everyone into literal text', () => {
    const out = escapeMarkdown('<at id=all></at>');
    expect(out).toBe('&#60;at id&#61;all&#62;&#60;&#47;at&#62;');
    expect(out).not.toMatch(/[<>]/);
  });

  it('neutralises emphasis, links, fonts, code and headings', () => {
    const out = escapeMarkdown(NASTY);
    // Apart from the entities themselves, no character with a markdown meaning is left.
    expect(out.replace(/&#\d+;/g, '')).not.toMatch(/[<>*[\]()`#_~|\\$&:]/);
    // A typed entity stays literal rather than becoming '<'.
    expect(out).toContain('&#38;&#35;60;');
  });

  it('escapes list markers at line starts but leaves dates alone', () => {
    expect(escapeMarkdown('- 一\n  + 二\n2026-07-01')).toBe('&#45; 一\n  &#43; 二\n2026-07-01');
  });

  it('drops control characters and normalises line ends', () => {
    expect(escapeMarkdown('a\r\nb\u0007c')).toBe('a\nbc');
  });
});

describe('md', () => {
  it('escapes interpolations but not the template or trusted parts', () => {
    expect(md`**牵头单位**：${'*住建局*'}${trusted(" <font color='red'>逾期</font>")}`).toBe(
      "**牵头单位**：&#42;住建局&#42; <font color='red'>逾期</font>",
    );
  });
});

describe('injection through a card', () => {
  it('keeps <at id=all> and friends literal in the ack card', () => {
    const card = expectValid(buildAckCard({ text: NASTY, senderName: '<at id=all></at>张三' }));
    const text = markdownOf(card);
    expect(text).not.toContain('<at');
    expect(text).not.toContain('<font color=red>');
    expect(text).not.toContain('](https://');
    expect(text).toContain('&#60;at id&#61;all&#62;');
  });
});
