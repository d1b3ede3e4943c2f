/**
 * The gateway boundary for interactions. discord.js builds its Interaction objects straight from
 * the INTERACTION_CREATE packet, and a packet whose fields have the wrong shape makes it throw
 * inside its socket handler: an unhandled rejection, which ends a Node process. So the packet is
 * checked with zod first; one that does not fit, or that discord.js still cannot read, is logged
 * and ignored (with no trustworthy id and token there is nothing sane to answer) and never
 * reaches the router. Only the fields discord.js and the adapter read are checked; anything
 * else passes through untouched.
 */
import type { Client } from "discord.js";
import type { Logger } from "../log.js";
import { z } from "zod";

/** Discord's snowflakes are 64-bit integers written in decimal: at most 20 digits. */
const snowflake = z.string().regex(/^\d{1,20}$/);
/** Permission bit sets, as decimal strings; Discord defines fewer than 64 bits, 40 digits is ample. */
const bits = z.string().regex(/^\d{1,40}$/);
/** A token is an opaque string Discord makes; its real length is under 300 characters. */
const TOKEN_MAX = 500;
/** Discord's own limits: names 1–32, custom ids 1–100, 25 options per level, 10 values of a select. */
const NAME_MAX = 32;
const CUSTOM_ID_MAX = 100;
const OPTIONS_MAX = 25;
/** Option values: strings up to 6000 (a modal's or option's longest), finite numbers, booleans. */
const OPTION_VALUE_MAX = 6_000;

const user = z.looseObject({ id: snowflake, username: z.string(), bot: z.boolean().optional() });
const member = z.looseObject({ user, permissions: bits.optional(), roles: z.array(snowflake) });
const channel = z.looseObject({ id: snowflake, type: z.number().int() });

type Option = {
  name: string;
  type: number;
  value?: string | number | boolean | undefined;
  focused?: boolean | undefined;
  options?: Option[] | undefined;
};
const option: z.ZodType<Option> = z.lazy(() =>
  z.looseObject({
    name: z.string().min(1).max(NAME_MAX),
    type: z.number().int().min(1).max(11),
    value: z.union([z.string().max(OPTION_VALUE_MAX), z.number(), z.boolean()]).optional(),
    focused: z.boolean().optional(),
    options: z.array(option).max(OPTIONS_MAX).optional(),
  }),
);

const commandData = z.looseObject({
  id: snowflake,
  name: z.string().min(1).max(NAME_MAX),
  type: z.number().int(),
  options: z.array(option).max(OPTIONS_MAX).optional(),
  target_id: snowflake.optional(),
  resolved: z.record(z.string(), z.record(z.string(), z.looseObject({}))).optional(),
});
const message = z.looseObject({
  id: snowflake,
  channel_id: snowflake.optional(),
  embeds: z.array(z.looseObject({})),
  components: z.array(z.looseObject({})).optional(),
  author: user.optional(),
});
const componentData = z.looseObject({
  custom_id: z.string().min(1).max(CUSTOM_ID_MAX),
  component_type: z.number().int(),
  values: z.array(z.string().max(CUSTOM_ID_MAX)).max(OPTIONS_MAX).optional(),
});
const modalData = z.looseObject({
  custom_id: z.string().min(1).max(CUSTOM_ID_MAX),
  components: z.array(z.looseObject({})).max(OPTIONS_MAX),
});

const envelope = {
  id: snowflake,
  application_id: snowflake,
  token: z.string().min(1).max(TOKEN_MAX),
  guild_id: snowflake.optional(),
  channel_id: snowflake.optional(),
  channel: channel.optional(),
  member: member.optional(),
  user: user.optional(),
  app_permissions: bits.optional(),
  locale: z.string().max(NAME_MAX).optional(),
  guild_locale: z.string().max(NAME_MAX).optional(),
};

/** InteractionType: 2 command, 3 component, 4 autocomplete, 5 modal (1, ping, is HTTP-only). */
export const interactionPacket = z
  .discriminatedUnion("type", [
    z.looseObject({ ...envelope, type: z.literal(2), data: commandData }),
    z.looseObject({ ...envelope, type: z.literal(3), data: componentData, message }),
    z.looseObject({ ...envelope, type: z.literal(4), data: commandData }),
    z.looseObject({ ...envelope, type: z.literal(5), data: modalData, message: message.optional() }),
  ])
  // Someone did it: a member in a server, a user elsewhere.
  .refine((packet) => packet.member !== undefined || packet.user !== undefined, {
    error: "neither member nor user",
  });

/** Where a packet went wrong, for the log: the first issue's path and message. */
function describe(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue === undefined
    ? "invalid"
    : `${issue.path.map(String).join(".") || "(packet)"}: ${issue.message}`;
}

interface InteractionAction {
  handle(data: unknown): unknown;
}

/**
 * Puts the check in front of discord.js's INTERACTION_CREATE action (its gateway handler calls
 * `client.actions.InteractionCreate.handle(packet.d)`; the property is internal to discord.js,
 * so its presence is checked at start-up rather than assumed).
 */
export function guardInteractionPackets(client: Client, logger: Logger): void {
  const actions = (client as unknown as { actions?: { InteractionCreate?: InteractionAction } }).actions;
  const action = actions?.InteractionCreate;
  if (action === undefined || typeof action.handle !== "function") {
    throw new Error(
      "discord.js: client.actions.InteractionCreate is missing; the interaction guard cannot attach",
    );
  }
  const original = action.handle.bind(action);
  action.handle = (data: unknown) => {
    const parsed = interactionPacket.safeParse(data);
    if (!parsed.success) {
      logger.warn({ where: describe(parsed.error) }, "ignored a malformed interaction");
      return undefined;
    }
    try {
      return original(data);
    } catch (err) {
      logger.warn({ err }, "discord.js could not read an interaction; ignored");
      return undefined;
    }
  };
}
