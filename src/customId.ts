/**
 * Versioned, compact button/modal state: `<namespace>:v<version>:<arg>:<arg>...`.
 * Every decode is validated with zod; anything that does not parse is treated as forged or stale.
 * No discord.js here, so commands and tests can use it freely.
 */
import { z } from "zod";

/**
 * Discord's limit on a component's custom id. It lives with the codec, not in discord/limits.ts,
 * because core modules (quiz, daily, review) define their ids and must not import the Discord layer.
 */
export const CUSTOM_ID_MAX_LENGTH = 100;

const NAMESPACE = /^[a-z][a-z0-9-]{0,23}$/;
const ARG = /^[A-Za-z0-9_.-]*$/;
const SEPARATOR = ":";

/** Ids already known to decode, per codec; a small bound keeps memory flat. */
const CHECKED_IDS_MAX = 1_024;

export type ArgValue = string | number | boolean;

/** A node of an encoder's cache: the id of the arguments that lead here, and the next argument. */
interface EncodedNode {
  id?: string;
  next?: Map<ArgValue, EncodedNode>;
}

export interface CustomIdCodec<Args extends readonly ArgValue[]> {
  readonly namespace: string;
  readonly version: number;
  encode(...args: Args): string;
  /** The typed arguments, or undefined when the id is not a valid id of this codec and version. */
  decode(customId: string): Args | undefined;
}

/** The namespace of any custom id, used by the router to find its handler. */
export function namespaceOf(customId: string): string | undefined {
  const namespace = customId.split(SEPARATOR, 1)[0];
  return namespace !== undefined && NAMESPACE.test(namespace) ? namespace : undefined;
}

export function defineCustomId<const Schemas extends readonly z.ZodType<ArgValue, string>[]>(
  namespace: string,
  version: number,
  args: Schemas,
): CustomIdCodec<{ -readonly [K in keyof Schemas]: z.output<Schemas[K]> } & readonly ArgValue[]> {
  if (!NAMESPACE.test(namespace)) throw new Error(`customId: bad namespace ${JSON.stringify(namespace)}`);
  const prefix = `${namespace}${SEPARATOR}v${version}`;
  type Args = { -readonly [K in keyof Schemas]: z.output<Schemas[K]> } & readonly ArgValue[];
  // Ids already built and checked, by their exact arguments: a tree with one level per argument.
  let checked: EncodedNode = {};
  let checkedCount = 0;
  const tuple = z.tuple(args as unknown as [z.ZodType, ...z.ZodType[]]);
  const decode = (customId: string): Args | undefined => {
    if (customId.length === 0 || customId.length > CUSTOM_ID_MAX_LENGTH) return undefined;
    const parts = customId.split(SEPARATOR);
    if (`${parts[0] ?? ""}${SEPARATOR}${parts[1] ?? ""}` !== prefix) return undefined;
    const raw = parts.slice(2);
    if (raw.length !== args.length) return undefined;
    const parsed = tuple.safeParse(raw);
    return parsed.success ? (parsed.data as unknown as Args) : undefined;
  };
  return {
    namespace,
    version,
    encode(...values: Args): string {
      if (values.length !== args.length) {
        throw new Error(`customId ${namespace}: expected ${args.length} args, got ${values.length}`);
      }
      // The same few ids are encoded over and over (one per answer): found by their arguments, each
      // is built and checked once. Map keys compare like ===, and the same arguments give the same id.
      let node: EncodedNode | undefined = checked;
      for (let index = 0; index < values.length && node !== undefined; index++) {
        node = node.next?.get(values[index] as ArgValue);
      }
      if (node?.id !== undefined) return node.id;

      const parts = values.map((value, index) => {
        const text = typeof value === "boolean" ? (value ? "1" : "0") : String(value);
        if (!ARG.test(text)) throw new Error(`customId ${namespace}: arg ${index} has a forbidden character`);
        return text;
      });
      const id = [prefix, ...parts].join(SEPARATOR);
      if (id.length > CUSTOM_ID_MAX_LENGTH) {
        throw new Error(`customId ${namespace}: ${id.length} characters is over ${CUSTOM_ID_MAX_LENGTH}`);
      }
      // Arguments the decoder would reject (out of range, wrong shape) must fail now, not on click.
      if (decode(id) === undefined) {
        throw new Error(`customId ${namespace}: arguments do not satisfy the codec's schemas`);
      }
      if (checkedCount >= CHECKED_IDS_MAX) {
        checked = {};
        checkedCount = 0;
      }
      let into = checked;
      for (const value of values) {
        into.next ??= new Map();
        let child = into.next.get(value);
        if (child === undefined) {
          child = {};
          into.next.set(value, child);
        }
        into = child;
      }
      into.id = id;
      checkedCount += 1;
      return id;
    },
    decode,
  };
}

/** Common argument schemas: ids arrive as strings and are parsed back into typed values. */
const ID_ARG = /^[A-Za-z0-9_-]{1,40}$/;
export const idArg = z.string().regex(ID_ARG);
/**
 * Whether `text` is a valid idArg: the same pattern as the schema, without zod's parse, for the
 * checks that run on every answer before encoding (decoding always goes through zod).
 */
export const isIdArg = (text: string): boolean => ID_ARG.test(text);
export const snowflakeArg = z.string().regex(/^\d{17,20}$/);
/** An integer written canonically: no leading zeros, no "-0", so every id has exactly one spelling. */
export const intArg = (min: number, max: number) =>
  z
    .string()
    .regex(/^(?:0|-?[1-9]\d{0,8})$/)
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));
export const flagArg = z.enum(["0", "1"]).transform((value) => value === "1");
