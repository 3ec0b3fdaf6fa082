/** Feishu's requests, built and signed: they live in src/ so the sandbox plays Feishu with the same code. */
export * from '../../src/lark/emulator/events.ts';
