// The OpenAPI 3.1 description of the API, generated from the same zod schemas that validate requests.
import { reportQuery } from './routes/report.ts';
import { z } from 'zod';
import { CHART_NAMES } from '../shared/charts/chart-names.ts';
import { filterQuery } from './filters/filter-schemas.ts';
import {
  chartQuery,
  departmentsQuery,
  flowsQuery,
  penaltiesQuery,
  qualityQuery,
  supportQuery,
  townsQuery,
  itemIdParam,
  itemsQuery,
  regionsQuery,
  townCompareQuery,
  editionsQuery,
  changesQuery,
  divergentQuery,
  conformanceQuery,
  dutyIdParam,
  dutyItemsQuery,
  editionTownsQuery,
  itemEditionQuery,
} from './filters/request-schemas.ts';
import * as comparisons from './comparison-responses.ts';
import { importConfigSchema, importPreviewSchema, importStatusSchema } from '../shared/import-contract.ts';
import { importIdParam } from './routes/imports.ts';
import * as responses from './responses.ts';

type JsonSchema = Record<string, unknown>;

function jsonSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
    // Integer parameters are validated as digit strings; describe them as the integers they are.
    // Defaults are applied on the way in, so document them even though io is 'input'.
    override: (context) => {
      if (context.jsonSchema.type === 'integer') delete context.jsonSchema.pattern;
      if (context.zodSchema instanceof z.ZodDefault)
        context.jsonSchema.default = context.zodSchema.def.defaultValue;
    },
  }) as JsonSchema;
  return rest;
}

function parameters(schema: z.ZodObject, location: 'query' | 'path') {
  return Object.entries(schema.shape).map(([name, field]) => {
    const { description, ...fieldSchema } = jsonSchema(field as z.ZodType);
    const multiple = JSON.stringify(fieldSchema).includes('"array"');
    return {
      name,
      in: location,
      required: location === 'path',
      ...(typeof description === 'string' ? { description } : {}),
      // Several values are given by repeating the parameter: ?kind=basic&kind=reclaimed.
      ...(multiple ? { style: 'form', explode: true } : {}),
      schema: fieldSchema,
    };
  });
}

const jsonContent = (schema: JsonSchema) => ({ 'application/json': { schema } });
const errorResponse = (description: string) => ({
  description,
  content: jsonContent({ $ref: '#/components/schemas/Error' }),
});

interface Endpoint {
  path: string;
  summary: string;
  response?: z.ZodType;
  /** Media type of the success response when it is not JSON. */
  produces?: 'image/svg+xml' | 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
  query?: z.ZodObject;
  params?: z.ZodObject;
}

const ENDPOINTS: Endpoint[] = [
  {
    path: '/api/editions',
    summary: 'The editions of one town’s lists, latest (the one every other endpoint answers for) first',
    query: editionsQuery,
    response: comparisons.editionsResponse,
  },
  {
    path: '/api/editions/towns',
    summary:
      'The filtered towns with their editions (latest first), towns holding several first, paged; several counts them',
    query: editionTownsQuery,
    response: comparisons.editionTownsResponse,
  },
  {
    path: '/api/changes',
    summary:
      'Changes between two editions of a town’s lists (default: the two latest): counts, burden-back moves, and each change with both texts and source lines; unchanged pairs counted only',
    query: changesQuery,
    response: comparisons.changesResponse,
  },
  {
    path: '/api/duties/divergent',
    summary:
      'Duties (items matched by meaning across towns at load time) held by at least two of the filtered towns in at least two different lists, most split first, paged',
    query: divergentQuery,
    response: comparisons.divergentResponse,
  },
  {
    path: '/api/duties/{dutyId}/items',
    summary:
      'One duty’s items in the filtered towns, by list then town, with source lines, paged: the drill-down of a divergent duty',
    params: dutyIdParam,
    query: dutyItemsQuery,
    response: comparisons.dutyItemsResponse,
  },
  {
    path: '/api/templates',
    summary: 'The templates loaded with npm run etl -- --template NAME, latest load first',
    response: comparisons.templatesResponse,
  },
  {
    path: '/api/conformance',
    summary:
      'Each filtered town (at most 2,000) against a loaded template: matched, missing, extra, kind differs; with one town, the items of each class',
    query: conformanceQuery,
    response: comparisons.conformanceResponse,
  },
  {
    path: '/api/health',
    summary: 'Server status, database load time and size',
    response: responses.healthResponse,
  },
  {
    path: '/api/towns',
    summary: 'Towns with item counts per list, by full name, paged',
    query: townsQuery,
    response: responses.townsResponse,
  },
  {
    path: '/api/towns/compare',
    summary:
      'Towns in the chosen towns/region side by side: filtered items per list, reclaimed penalty items and kept clauses, sorted (default reclaimed, desc) and paged',
    query: townCompareQuery,
    response: responses.townCompareResponse,
  },
  {
    path: '/api/regions',
    summary:
      'Provinces, cities, counties and towns whose name or path contains q: exact matches first, then higher levels, then more towns',
    query: regionsQuery,
    response: responses.regionsResponse,
  },
  {
    path: '/api/summary',
    summary: 'Headline numbers of the filtered items',
    query: filterQuery,
    response: responses.summaryResponse,
  },
  {
    path: '/api/categories',
    summary: 'Filtered items per category and list kind, categories in published order',
    query: filterQuery,
    response: responses.categoriesResponse,
  },
  {
    path: '/api/departments',
    summary: 'Filtered items per linked department, busiest first, paged (50 by default, total given)',
    query: departmentsQuery,
    response: responses.departmentsResponse,
  },
  {
    path: '/api/penalties/by-bureau',
    summary:
      'Reclaimed penalty items per bureau and penalty clauses kept by the town (bureaus, items per bureau and kept items capped, totals given)',
    query: penaltiesQuery,
    response: responses.penaltiesResponse,
  },
  {
    path: '/api/support',
    summary:
      'Support types of cooperative items, overall and per department (the departments giving most support)',
    query: supportQuery,
    response: responses.supportResponse,
  },
  {
    path: '/api/flows',
    summary: 'Category → kind → department flow (Sankey nodes and links; the most linked departments)',
    query: flowsQuery,
    response: responses.flowsResponse,
  },
  {
    path: '/api/items',
    summary: 'A page of the filtered items',
    query: itemsQuery,
    response: responses.itemsResponse,
  },
  {
    path: '/api/items/{id}',
    summary:
      'One item with all its details and its edition; ?edition=E opens an item of an older edition (name, list, category and source line)',
    params: itemIdParam,
    query: itemEditionQuery,
    response: responses.itemResponse,
  },
  {
    path: '/api/quality',
    summary: 'Load warnings and rewritten department names (each capped at limit, totals given)',
    query: qualityQuery,
    response: responses.qualityResponse,
  },
  {
    path: '/api/charts/{chart}.svg',
    summary:
      'A dashboard chart rendered on the server as SVG (ECharts SSR) with the same filters, captioned with its title, the filters in words, the data source and the export time',
    params: z.object({ chart: z.enum(CHART_NAMES).meta({ description: 'Which chart' }) }),
    query: chartQuery,
    produces: 'image/svg+xml',
  },
  {
    path: '/api/report.docx',
    summary:
      'The report as a Word document: filters, source and time, headline figures, every chart as a 2× PNG with its data as a table, the reclaimed penalty items and kept clauses (the first 200 rows of each, with how many there are in all), page numbers. One report at a time per serving process; busy or past its 60 s deadline: 503 with Retry-After',
    query: reportQuery,
    produces: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  },
  { path: '/api/openapi.json', summary: 'This document' },
];

/** Imports from the dashboard: the only endpoints that change anything, hence POST. */
function importPaths() {
  const idParameter = parameters(importIdParam, 'path');
  const refused = {
    403: errorResponse(
      'Imports are off here (not loopback and no IMPORT_TOKEN), the token is missing or wrong, or the request is cross-site',
    ),
  };
  const status = { description: 'The import’s state', content: jsonContent(jsonSchema(importStatusSchema)) };
  return {
    '/api/imports': {
      get: {
        summary: 'Whether this server takes imports, whether they need IMPORT_TOKEN, and the limits',
        responses: { 200: { description: 'OK', content: jsonContent(jsonSchema(importConfigSchema)) } },
      },
      post: {
        summary:
          'Upload list files (multipart, field `file`, one or more) and dry-run them with the ETL’s --check: per file the town, edition, declared and found items per list, department names new to the database, warnings, and the error with its place. Nothing is loaded',
        security: [{}, { importToken: [] }],
        requestBody: {
          required: true,
          content: {
            'multipart/form-data': {
              schema: {
                type: 'object',
                required: ['file'],
                properties: { file: { type: 'array', items: { type: 'string', format: 'binary' } } },
              },
            },
          },
        },
        responses: {
          200: { description: 'The dry run', content: jsonContent(jsonSchema(importPreviewSchema)) },
          400: errorResponse('No file, too many files, an empty file or an unknown form field'),
          ...refused,
          413: errorResponse(
            'A file over the ETL’s cap, or the upload over its total; the message names the file',
          ),
          415: errorResponse(
            'A file type the ETL does not read; the message names the file and the types accepted',
          ),
          503: errorResponse('Busy with other dry runs (Retry-After)'),
        },
      },
    },
    '/api/imports/{importId}/commit': {
      post: {
        summary:
          'Load a previewed import: the ETL builds a new database file and the server swaps it in. One load runs at a time; others wait. A failed load leaves the database as it was',
        security: [{}, { importToken: [] }],
        parameters: idParameter,
        responses: {
          202: status,
          400: errorResponse('A file of the import cannot be loaded (named with its place), or a bad id'),
          ...refused,
          404: errorResponse('No such import'),
          409: errorResponse('The import is already loading, done or failed'),
        },
      },
    },
    '/api/imports/{importId}': {
      get: {
        summary:
          'An import’s state: previewed, loading (with what it is doing), done (the towns loaded) or failed (why)',
        security: [{}, { importToken: [] }],
        parameters: idParameter,
        responses: {
          200: status,
          400: errorResponse('Not an import id'),
          ...refused,
          404: errorResponse('No such import'),
        },
      },
    },
  };
}

export function buildOpenApiDocument() {
  const paths: Record<string, unknown> = {};
  for (const endpoint of ENDPOINTS) {
    const parameterList = [
      ...(endpoint.params ? parameters(endpoint.params, 'path') : []),
      ...(endpoint.query ? parameters(endpoint.query, 'query') : []),
    ];
    paths[endpoint.path] = {
      get: {
        summary: endpoint.summary,
        ...(parameterList.length > 0 ? { parameters: parameterList } : {}),
        responses: {
          200: {
            description: 'OK',
            content: endpoint.produces
              ? { [endpoint.produces]: { schema: { type: 'string' } } }
              : jsonContent(endpoint.response ? jsonSchema(endpoint.response) : { type: 'object' }),
          },
          ...(parameterList.length > 0
            ? { 400: errorResponse('A parameter is invalid; the message names it') }
            : {}),
          404: errorResponse(
            endpoint.produces === 'image/svg+xml' ? 'Unknown chart' : 'Unknown route or item',
          ),
          503: errorResponse(
            'The query ran past the time limit or its memory limit, or the server is busy (overloaded, with Retry-After)',
          ),
        },
      },
    };
  }
  Object.assign(paths, importPaths());
  return {
    openapi: '3.1.0',
    info: {
      title: 'duty-map API',
      version: '0.1.0',
      description: 'Township duty lists (乡镇履职事项清单): aggregates and items from the DuckDB database.',
    },
    paths,
    components: {
      schemas: { Error: jsonSchema(responses.errorResponse) },
      securitySchemes: {
        importToken: {
          type: 'http',
          scheme: 'bearer',
          description:
            'IMPORT_TOKEN; needed for imports when the server does not listen on loopback, or when set',
        },
      },
    },
  };
}
