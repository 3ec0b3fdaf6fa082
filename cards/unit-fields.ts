/**
 * Unit pickers. A county directory fits a pick-list; a big one (hundreds of units) does not fit
 * Feishu's 30 KB card once, let alone twice (lead and co-units), so those cards ask for names
 * instead — full name or alias, prefilled with what is known — which the server resolves
 * (src/services/lifecycle/unit-names.ts) and refuses when a name is not in the directory.
 */
import type { CardElement } from './components.ts';
import { cardBytes, MAX_CARD_BYTES } from './limits.ts';
import type { UnitRef } from './types.ts';
import { markdown, textInput } from './ui.ts';

export type UnitShape = 'pick' | 'name';

/** The first of the variants (fullest first) whose card fits 30 KB; the last one regardless. */
export function firstThatFits<C>(first: () => C, ...rest: Array<() => C>): C {
  let built = first();
  for (const next of rest) {
    if (cardBytes(built) <= MAX_CARD_BYTES) return built;
    built = next();
  }
  return built;
}

/** One unit by name: a label and a text input prefilled with `initial`'s name. */
export function unitNameField(
  name: string,
  label: string,
  initial: UnitRef | null,
  required: boolean,
): CardElement[] {
  return [
    markdown(`${label}（请填写单位全称或简称）`),
    textInput(name, '例如：县住房和城乡建设局', {
      required,
      maxLength: 100,
      ...(initial && { defaultValue: initial.name }),
    }),
  ];
}

/** Several units by name, separated by 、. */
export function unitNamesField(name: string, label: string, initial: readonly UnitRef[]): CardElement[] {
  return [
    markdown(`${label}（多个单位用“、”分隔，可不填）`),
    textInput(name, '例如：县财政局、县自然资源局', {
      ...(initial.length > 0 && { defaultValue: initial.map((u) => u.name).join('、') }),
    }),
  ];
}
