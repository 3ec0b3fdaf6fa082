export { type InstructionReading, type ReadContext, readInstruction } from './reader.ts';
export { readSource } from './source.ts';
export { type Directory, readUnits, type UnitReading } from './units.ts';
