/** A card a deputy receives for the person they stand in for (委托) says so on its first line. */
import { md } from './escape.ts';
import { notation, withTopLine } from './ui.ts';

export function withStandInLine(card: object, delegatorName: string): object {
  return withTopLine(card, notation(md`代${delegatorName}接收（委托期间）`));
}
