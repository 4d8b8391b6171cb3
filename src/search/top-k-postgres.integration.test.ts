import { postgresBackend } from '../../test/helpers/postgres.js';
import { topKConformance } from './top-k.conformance.js';

topKConformance(postgresBackend);
