import { sqliteBackend } from '../../test/helpers/sample-bulletins.js';
import { relevanceSet } from './relevance.conformance.js';

relevanceSet(sqliteBackend);
