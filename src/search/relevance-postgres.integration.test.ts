import { postgresBackend } from '../../test/helpers/postgres.js';
import { relevanceSet } from './relevance.conformance.js';

relevanceSet(postgresBackend);
