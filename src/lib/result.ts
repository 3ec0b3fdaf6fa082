/** Expected failures are values; exceptions are for bugs. */
export type Ok<T> = { ok: true; value: T };
export type Err<E> = { ok: false; error: E };
export type Result<T, E> = Ok<T> | Err<E>;

export const ok = <T>(value: T): Ok<T> => ({ ok: true, value });
export const err = <E>(error: E): Err<E> => ({ ok: false, error });

/** An expected failure with a machine code and a message a person can read (Chinese when users see it). */
export type Failure<C extends string = string> = { code: C; message: string };
export const fail = <C extends string>(code: C, message: string): Err<Failure<C>> => err({ code, message });
