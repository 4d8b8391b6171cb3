import { sqliteBackend } from '../../test/helpers/sample-bulletins.js';
import { topKConformance } from './top-k.conformance.js';

topKConformance(sqliteBackend);
