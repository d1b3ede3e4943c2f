/**
 * Views are plain data that commands return. src/discord/render turns them into embeds and
 * components (enforcing Discord's limits); src/console/render turns them into text.
 * Anything shown as coming from the briefing travels as a CitedQuote, never as free text,
 * so the renderers can verify it against its paragraph before it goes out.
 */
import type { CitedQuote } from "./knowledge/types.js";

export type Tone = "info" | "success" | "warning" | "error";

export interface QuoteBlock {
  readonly quote: CitedQuote;
  /** A span of quote.text to emphasise (offsets into quote.text), e.g. the answer inside its paragraph. */
  readonly highlight?: { readonly start: number; readonly end: number };
  /** Short label shown before the quote, in the bot's own words (e.g. "Trump"). */
  readonly label?: string;
}

export interface ViewField {
  readonly name: string;
  /** The bot's own words. */
  readonly text?: string;
  /** Quotes shown in this field, each with its citation. */
  readonly quotes?: readonly CitedQuote[];
  readonly inline?: boolean;
}

export type ActionStyle = "primary" | "secondary" | "success" | "danger";

export interface ViewAction {
  /** Already encoded with a codec from src/customId.ts. */
  readonly customId: string;
  readonly label: string;
  readonly style?: ActionStyle;
  readonly emoji?: string;
  readonly disabled?: boolean;
}

/** A file sent with a message (e.g. a chart). */
export interface ViewFile {
  /** The file name Discord shows, with its extension. */
  readonly name: string;
  readonly data: Uint8Array;
  /** Alt text for screen readers: what the file shows, in words. */
  readonly description: string;
}

export interface View {
  readonly tone?: Tone;
  /** Plain message text outside the embed (e.g. addressing a user or role). */
  readonly content?: string;
  readonly title?: string;
  /** The bot's own words: never a claim attributed to the briefing. */
  readonly description?: string;
  readonly quotes?: readonly QuoteBlock[];
  readonly fields?: readonly ViewField[];
  readonly footer?: string;
  /** Rows of buttons; the renderer enforces Discord's row and button limits. */
  readonly actions?: readonly (readonly ViewAction[])[];
  /** Attached files; the Discord renderer enforces the upload limit, the console saves them. */
  readonly files?: readonly ViewFile[];
  /** The only ids that may be pinged. Everything else is sent with mentions disabled. */
  readonly allowedMentions?: { readonly users?: readonly string[]; readonly roles?: readonly string[] };
}

export interface ModalInput {
  readonly customId: string;
  readonly label: string;
  readonly style: "short" | "paragraph";
  readonly required?: boolean;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly placeholder?: string;
}

export interface ModalView {
  readonly customId: string;
  readonly title: string;
  readonly inputs: readonly ModalInput[];
}

/** What a handler answers with. */
export type Reply =
  | { readonly kind: "message"; readonly view: View; readonly ephemeral: boolean }
  /** For components: replace the message the component is on. */
  | { readonly kind: "update"; readonly view: View }
  | { readonly kind: "modal"; readonly modal: ModalView };

export const message = (view: View, options: { ephemeral?: boolean } = {}): Reply => ({
  kind: "message",
  view,
  ephemeral: options.ephemeral ?? false,
});

/** A short private error: clear, and safe to show. */
export const privateError = (text: string, title = "Sorry"): Reply => ({
  kind: "message",
  view: { tone: "error", title, description: text },
  ephemeral: true,
});
