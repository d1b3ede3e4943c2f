/**
 * `npm run deploy -- [--guild ID]`: registers every command in commands/ with one bulk PUT,
 * globally or for one guild, through DISCORD_API_URL. REST only: no gateway connection.
 */
import { z } from "zod";

import { loadConfigOrExit } from "../config.js";
import { loadCommands } from "../discord/loader.js";

const SNOWFLAKE = /^\d{17,20}$/;
const applicationSchema = z.object({ id: z.string().regex(SNOWFLAKE) });
const USAGE = "usage: npm run deploy -- [--guild ID]";

function fail(message: string): never {
  process.stderr.write(`deploy: ${message}\n`);
  process.exit(1);
}

function guildFromArgs(args: readonly string[]): string | undefined {
  let guild: string | undefined;
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] ?? "";
    if (arg === "--guild") guild = args[++index] ?? fail(`--guild needs a server id. ${USAGE}`);
    else if (arg.startsWith("--guild=")) guild = arg.slice("--guild=".length);
    else if (arg === "--help" || arg === "-h") {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else fail(`unknown argument ${JSON.stringify(arg)}. ${USAGE}`);
  }
  if (guild !== undefined && !SNOWFLAKE.test(guild))
    fail(`--guild must be a server id (17 to 20 digits), got ${JSON.stringify(guild)}`);
  return guild;
}

const config = loadConfigOrExit();
const guildId = guildFromArgs(process.argv.slice(2));
if (config.discordToken === undefined) fail("DISCORD_TOKEN is not set. Put the bot token in .env first.");

// @discordjs/rest as re-exported by discord.js (the dependency we declare), loaded only once the
// arguments are known to be good so mistakes are reported at once.
const { REST, Routes } = await import("discord.js");
const commands = await loadCommands().catch((error: unknown) => fail((error as Error).message));
const body = commands.registrations;
const rest = new REST({ api: config.discordApiUrl }).setToken(config.discordToken);

try {
  const application = applicationSchema.safeParse(await rest.get(Routes.currentApplication()));
  if (!application.success) fail("Discord did not return an application id from GET /applications/@me.");
  const applicationId = application.data.id;
  const route =
    guildId === undefined
      ? Routes.applicationCommands(applicationId)
      : Routes.applicationGuildCommands(applicationId, guildId);
  const registered = z
    .array(z.unknown())
    .catch([])
    .parse(await rest.put(route, { body }));
  const where = guildId === undefined ? "globally" : `for server ${guildId}`;
  process.stdout.write(
    `Registered ${registered.length} of ${body.length} commands ${where}: ${body.map((command) => ("description" in command ? `/${command.name}` : `"${command.name}" (message menu)`)).join(", ")}\n`,
  );
} catch (error) {
  fail(`Discord refused the request: ${(error as Error).message.split("\n")[0] ?? "unknown error"}`);
}
