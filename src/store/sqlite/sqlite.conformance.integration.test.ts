import { sqliteBackend } from '../../../test/helpers/sample-bulletins.js';
import { archiveConformance } from '../conformance/archive.conformance.js';
import { correctionsConformance } from '../conformance/corrections.conformance.js';

archiveConformance(sqliteBackend);
correctionsConformance(sqliteBackend);
