/** Discord's hard limits (DESIGN.md §4). Every renderer and command checks against these names. */
export const MESSAGE_CONTENT_MAX = 2000;
export const EMBED_TITLE_MAX = 256;
export const EMBED_DESCRIPTION_MAX = 4096;
export const EMBED_FIELDS_MAX = 25;
export const EMBED_FIELD_NAME_MAX = 256;
export const EMBED_FIELD_VALUE_MAX = 1024;
export const EMBED_FOOTER_MAX = 2048;
export const EMBED_TOTAL_MAX = 6000;
export const ACTION_ROWS_MAX = 5;
export const BUTTONS_PER_ROW_MAX = 5;
export const BUTTON_LABEL_MAX = 80;
export { CUSTOM_ID_MAX_LENGTH } from "../customId.js";
export const AUTOCOMPLETE_CHOICES_MAX = 25;
export const AUTOCOMPLETE_NAME_MAX = 100;
export const AUTOCOMPLETE_VALUE_MAX = 100;
/** Autocomplete must be answered within this, and can never be deferred. */
export const AUTOCOMPLETE_DEADLINE_MS = 3000;
/** Every interaction must be acknowledged within this. */
export const INTERACTION_ACK_DEADLINE_MS = 3000;
/** After this the interaction token is dead: long-running flows post new messages instead. */
export const INTERACTION_TOKEN_TTL_MS = 15 * 60 * 1000;
export const COMMAND_NAME_MAX = 32;
export const COMMAND_DESCRIPTION_MAX = 100;
export const OPTION_STRING_MAX = 6000;
export const MODAL_TITLE_MAX = 45;
export const MODAL_INPUT_LABEL_MAX = 45;
export const MODAL_INPUTS_MAX = 5;
/** A modal text input's value may be at most this long; its placeholder at most TEXT_INPUT_PLACEHOLDER_MAX. */
export const TEXT_INPUT_VALUE_MAX = 4000;
export const TEXT_INPUT_PLACEHOLDER_MAX = 100;
/** Discord's upload limit for a bot's message without boosts: 8 MiB per file. */
export const ATTACHMENT_MAX_BYTES = 8 * 1024 * 1024;
export const ATTACHMENTS_MAX = 10;
/** Alt text (an attachment's description) is capped at 1024 characters. */
export const ATTACHMENT_DESCRIPTION_MAX = 1024;
