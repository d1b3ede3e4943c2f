/**
 * Custom ids of the review buttons. The card id and its revision travel in the id and are checked
 * against the stored card on every click: a button from before the card was graded (a double
 * click, a second open message) is stale and changes nothing.
 */
import { z } from "zod";

import { defineCustomId, intArg } from "../customId.js";

/** Revisions grow by one per grade; a card graded a million times is not a real card. */
export const MAX_REVISION = 999_999;
const cardIdArg = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/);

/** `review-show:v1:<cardId>:<revision>`: turn the card over. */
export const reviewShowId = defineCustomId("review-show", 1, [cardIdArg, intArg(0, MAX_REVISION)]);
/** `review-grade:v1:<cardId>:<revision>:<rating>`: Again (1), Hard (2), Good (3), Easy (4). */
export const reviewGradeId = defineCustomId("review-grade", 1, [
  cardIdArg,
  intArg(0, MAX_REVISION),
  intArg(1, 4),
]);
/** `review-next:v1`: look again for a due card (after "nothing due" or a moved-on card). */
export const reviewNextId = defineCustomId("review-next", 1, []);
