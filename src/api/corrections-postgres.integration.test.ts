/** The corrections API over real HTTP on PostgreSQL (corrections-api.suite.ts); PostgreSQL must be up. */
import { postgresBackend } from '../../test/helpers/postgres.js';
import { correctionsApiSuite } from './corrections-api.suite.js';

correctionsApiSuite(postgresBackend);
