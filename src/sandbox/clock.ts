import type { Calendar } from '../domain/calendar/index.ts';
import { beijingDate, beijingInstant } from '../domain/calendar/index.ts';

/**
 * The sandbox's world clock: what the follow-up engine (deps.now), the signed requests and the chat
 * all read. It only moves forward, by jumps a visitor asks for, and runs on in real time between
 * them. It exists only in the sandbox; production's deps.now is the system time.
 */
export type SandboxClock = {
  now(): Date;
  /** Sandbox time of a real moment (when a message was sent), by the jumps in effect then. */
  at(realMs: number): Date;
  /** Moves the clock to `to`; refuses to go back, since the engine's steps cannot be unfired. */
  advanceTo(to: Date): boolean;
  jumps(): number;
};

export function createSandboxClock(realNow: () => number = Date.now): SandboxClock {
  const shifts: Array<{ from: number; offset: number }> = [{ from: 0, offset: 0 }];
  const offsetAt = (realMs: number) => shifts.findLast((s) => s.from <= realMs)?.offset ?? 0;
  const clock: SandboxClock = {
    now: () => clock.at(realNow()),
    at: (realMs) => new Date(realMs + offsetAt(realMs)),
    advanceTo(to) {
      const real = realNow();
      if (to.getTime() <= clock.now().getTime()) return false;
      shifts.push({ from: real, offset: to.getTime() - real });
      return true;
    },
    jumps: () => shifts.length - 1,
  };
  return clock;
}

/** The moves the clock control offers, in the tenant's working-day calendar (Beijing time). */
export const CLOCK_MOVES = {
  hour: '前进 1 小时',
  nextWorkday: '到下一个工作日 09:00',
  week: '前进 7 天（09:00）',
} as const;
export type ClockMove = keyof typeof CLOCK_MOVES;

export function moveTarget(move: ClockMove, now: Date, calendar: Calendar): Date {
  const today = beijingDate(now);
  if (move === 'hour') return new Date(now.getTime() + 3_600_000);
  if (move === 'nextWorkday') return beijingInstant(calendar.nextWorkday(today), '09:00');
  const inAWeek = new Date(now.getTime() + 7 * 86_400_000);
  return beijingInstant(beijingDate(inAWeek), '09:00');
}
