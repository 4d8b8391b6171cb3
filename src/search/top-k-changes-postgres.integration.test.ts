import { postgresBackend } from '../../test/helpers/postgres.js';
import { topKChangesConformance } from './top-k-changes.conformance.js';

topKChangesConformance(postgresBackend);
