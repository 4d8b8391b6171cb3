import { sqliteBackend } from '../../test/helpers/sample-bulletins.js';
import { topKChangesConformance } from './top-k-changes.conformance.js';

topKChangesConformance(sqliteBackend);
