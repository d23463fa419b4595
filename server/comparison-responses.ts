// The success bodies of the edition and comparison endpoints (issue #11) as zod schemas, for the
// OpenAPI document: editions, changes, divergent duties, conformance to a template.
import { z } from 'zod';
import { KINDS } from '../shared/vocabulary.ts';
import { pageFields } from './responses.ts';

const count = z.number().int().nonnegative();
const kind = z.enum(KINDS);
const kindCounts = z.object({ basic: count, cooperative: count, reclaimed: count });
const source = z.object({ file: z.string(), line: count, place: z.string().nullable() }).nullable();

export const editionsResponse = z.object({
  town: z.string(),
  editions: z.array(
    z.object({
      edition: z.string().meta({ description: '2026年版, an --edition label, or 未标注' }),
      loadedAt: z.string(),
      latest: z.boolean().meta({ description: 'The edition every other endpoint answers for' }),
      counts: kindCounts,
    }),
  ),
});

export const changesResponse = z.object({
  town: z.string(),
  townName: z.string(),
  from: z.string(),
  to: z.string(),
  counts: z.object({ added: count, removed: count, moved: count, reworded: count, unchanged: count }),
  burdenBack: count.meta({
    description: 'Moves towards the town: reclaimed → cooperative/basic, cooperative → basic',
  }),
  unchangedByKind: kindCounts.meta({ description: 'Unchanged pairs per list (the from → to flows)' }),
  changes: z.array(
    z.object({
      change: z.enum(['added', 'removed', 'moved', 'reworded']),
      fromKind: kind.nullable(),
      toKind: kind.nullable(),
      fromItemId: z.string().nullable().meta({ description: 'Id within the from edition' }),
      toItemId: z
        .string()
        .nullable()
        .meta({ description: 'Id within the to edition (GET /api/items/{id} for the latest)' }),
      fromText: z.string().nullable(),
      toText: z.string().nullable(),
      similarity: z.number().nullable(),
      burdenBack: z.boolean(),
      fromSource: source,
      toSource: source,
    }),
  ),
});

export const editionTownsResponse = z.object({
  ...pageFields(),
  several: count.meta({ description: 'Towns holding at least two editions' }),
  towns: z.array(
    z.object({
      town: z.string(),
      townName: z.string(),
      fullName: z.string(),
      editions: z.array(z.string()).meta({ description: 'Edition labels, latest first' }),
    }),
  ),
});

export const divergentResponse = z.object({
  ...pageFields(),
  sort: z.enum(['split', 'towns']),
  order: z.enum(['asc', 'desc']),
  duties: z.array(
    z.object({
      dutyId: count,
      label: z.string(),
      towns: count,
      kinds: kindCounts.meta({ description: 'Towns holding the duty in each list' }),
      split: z.number().meta({ description: '1 − the largest list’s share; most split first' }),
      examples: z.array(
        z.object({ town: z.string(), townName: z.string(), kind, itemId: z.string(), text: z.string() }),
      ),
      townsByKind: z
        .object({
          basic: z.array(z.string()),
          cooperative: z.array(z.string()),
          reclaimed: z.array(z.string()),
        })
        .meta({ description: 'The first towns (by name, at most 12) holding the duty in each list' }),
    }),
  ),
});

export const dutyItemsResponse = z.object({
  dutyId: count,
  label: z.string(),
  ...pageFields(),
  items: z.array(
    z.object({
      town: z.string(),
      townName: z.string(),
      kind,
      itemId: z.string(),
      text: z.string(),
      sourceFile: z.string(),
      sourceLine: count,
    }),
  ),
});

export const templatesResponse = z.object({
  templates: z.array(
    z.object({
      template: z.string(),
      loadedAt: z.string(),
      sourceFiles: z.array(z.string()),
      counts: kindCounts,
    }),
  ),
});

const conformanceItem = z.object({
  templateItemId: z.string().nullable(),
  townItemId: z.string().nullable(),
  templateKind: kind.nullable(),
  townKind: kind.nullable(),
  templateText: z.string().nullable(),
  townText: z.string().nullable(),
  similarity: z.number().nullable(),
});

export const conformanceResponse = z.object({
  template: z.string(),
  ...pageFields(),
  towns: z.array(
    z.object({
      town: z.string(),
      townName: z.string(),
      matched: count,
      missing: count,
      extra: count,
      kindDiffers: count,
      items: z
        .object({
          matched: z.array(conformanceItem),
          missing: z.array(conformanceItem),
          extra: z.array(conformanceItem),
          kindDiffers: z.array(conformanceItem),
        })
        .optional()
        .meta({ description: 'With exactly one town filter: the items of each class' }),
    }),
  ),
});
