/**
 * The checks every briefbot e2e file ends with, over everything the bot sent to its fake: no
 * Discord limit broken, every quote verbatim and cited to the right paragraph, and no request to
 * a route the fake does not know (which real Discord would likely reject too).
 */
import { briefingParagraphs, unfaithfulQuotes } from "./briefingText.js";
import { limitViolations } from "./discordLimits.js";
import type { FakeDiscord, RecordedRequest } from "./fakeDiscord.js";

const MESSAGE_ROUTES = new Set([
  "webhook-message-edit",
  "webhook-followup",
  "channel-message-post",
  "channel-message-edit",
]);

function messageBody(request: RecordedRequest): unknown {
  if (MESSAGE_ROUTES.has(request.route)) return request.body;
  if (request.route !== "interaction-callback") return undefined;
  const body = request.body as { data?: unknown } | undefined;
  return body?.data;
}

/**
 * Every problem with what the bot sent, each naming its request; [] when all is well. A message's
 * quotes may come from the shipped briefings or from one of `uploaded` (each briefing a test added,
 * as its paragraphs, numbered from 1).
 */
export function sentPayloadProblems(
  fake: FakeDiscord,
  uploaded: readonly (readonly string[])[] = [],
): string[] {
  const paragraphs = briefingParagraphs();
  const faithfulToAnUpload = (body: unknown) =>
    uploaded.some((briefing) => unfaithfulQuotes(body, briefing).length === 0);
  return fake.requests.flatMap((request) => [
    ...limitViolations(request),
    ...(faithfulToAnUpload(messageBody(request))
      ? []
      : unfaithfulQuotes(messageBody(request), paragraphs)
    ).map((problem) => `${request.method} ${request.route}: ${problem}`),
    ...(request.route === "unknown" ? [`unknown route ${request.method} ${request.path}`] : []),
  ]);
}
