/** The limits validator must catch what Discord would reject, or the e2e "no limit broken" checks prove nothing. */
import { describe, expect, it } from "vitest";

import { choicesViolations, messageViolations } from "./discordLimits.js";

const quiet = { allowed_mentions: { parse: [] } };
const button = (customId: string) => ({ type: 2, style: 1, label: "Go", custom_id: customId });

describe("Discord limits validator", () => {
  it("accepts a message at every limit", () => {
    const embed = {
      title: "t".repeat(256),
      description: "d".repeat(1704),
      fields: Array.from({ length: 3 }, () => ({ name: "n".repeat(256), value: "v".repeat(1024) })),
      footer: { text: "f".repeat(200) },
    };
    const rows = Array.from({ length: 5 }, () => ({
      type: 1,
      components: Array.from({ length: 5 }, () => button("x".repeat(100))),
    }));
    expect(
      messageViolations({ content: "c".repeat(2000), embeds: [embed], components: rows, ...quiet }),
    ).toEqual([]);
  });

  it("flags each limit that is broken", () => {
    const over = {
      content: "c".repeat(2001),
      embeds: [
        {
          title: "t".repeat(257),
          description: "d".repeat(4097),
          fields: Array.from({ length: 26 }, () => ({ name: "n", value: "v".repeat(1025) })),
          footer: { text: "f".repeat(2049) },
        },
      ],
      components: Array.from({ length: 6 }, () => ({
        type: 1,
        components: Array.from({ length: 6 }, () => button("")),
      })),
    };
    const problems = messageViolations(over).join("\n");
    for (const expected of [
      "content is 2001",
      "title is 257",
      "description is 4097",
      "26 fields",
      "value is 1025",
      "footer is 2049",
      "embeds total",
      "6 action rows",
      "6 components",
      "custom_id has 0",
      "allowed_mentions is missing",
    ]) {
      expect(problems).toContain(expected);
    }
  });

  it("counts the 6000-character total across fields, title and description", () => {
    const fields = Array.from({ length: 6 }, () => ({ name: "n", value: "v".repeat(1000) }));
    expect(messageViolations({ embeds: [{ title: "t", fields }], ...quiet })).toEqual([
      expect.stringContaining("embeds total 6007") as unknown,
    ]);
  });

  it("checks autocomplete choices", () => {
    const choices = Array.from({ length: 26 }, (_, index) => ({ name: `${index}`, value: "v" }));
    expect(choicesViolations({ choices })).toEqual([expect.stringContaining("26 choices") as unknown]);
    expect(choicesViolations({ choices: [{ name: "n".repeat(101), value: "v" }] })).toHaveLength(1);
    expect(choicesViolations({ choices: choices.slice(0, 25) })).toEqual([]);
  });
});
