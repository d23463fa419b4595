// The three list kinds a town publishes, as the ETL names them: the one vocabulary's kinds and their
// published headings (shared/vocabulary.ts), so every ETL module can import them without a parser.

import { KIND_TERMS, KINDS, type Kind } from '../shared/vocabulary.ts';

export const LIST_KINDS = KINDS;
export type ListKind = Kind;

/** The title words of each kind's list. */
export const KIND_TITLES = Object.fromEntries(
  KINDS.map((kind) => [kind, KIND_TERMS[kind].heading]),
) as Record<ListKind, string>;
