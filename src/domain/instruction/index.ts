export type { Directory } from './aliases.ts';
export { type InstructionReading, type ReadContext, readInstruction } from './reader.ts';
export { readSource } from './source.ts';
export { readUnits, type UnitReading } from './units.ts';
