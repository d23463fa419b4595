// GET /api/templates: the loaded templates (指导目录), latest load first.
import { Hono } from 'hono';
import type { AppEnv } from '../context.ts';
import { listTemplates } from '../queries/templates.ts';

export const templatesRoutes = new Hono<AppEnv>().get('/', async (c) =>
  c.json({ templates: await listTemplates(c.var.db) }),
);
