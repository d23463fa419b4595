// The folder holding the ETL's SQL (schema, roll-ups, search index): etl/ in the project, found the
// same way from the sources and from the compiled bundle in dist/etl/ (which holds no SQL).
import { join } from 'node:path';
import { projectRoot } from '../shared/project-root.ts';

export const ETL_DIR = join(projectRoot(import.meta.dirname), 'etl');
