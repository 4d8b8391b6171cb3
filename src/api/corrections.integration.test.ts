/** The corrections API over real HTTP on SQLite, hostile input included (corrections-api.suite.ts). */
import { sqliteBackend } from '../../test/helpers/sample-bulletins.js';
import { correctionsApiSuite } from './corrections-api.suite.js';

correctionsApiSuite(sqliteBackend);
