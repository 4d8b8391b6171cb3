import { postgresBackend } from '../../../test/helpers/postgres.js';
import { archiveConformance } from '../conformance/archive.conformance.js';
import { correctionsConformance } from '../conformance/corrections.conformance.js';

// PostgreSQL must be up (.ci/run starts it): if it is not, opening the archive fails these tests.
archiveConformance(postgresBackend);
correctionsConformance(postgresBackend);
