import { sqliteBackend } from '../../../test/helpers/sample-bulletins.js';
import { archiveConformance } from '../conformance/archive.conformance.js';

archiveConformance(sqliteBackend);
