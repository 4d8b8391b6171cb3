import { join } from 'node:path';
import { tempArchive } from '../../test/helpers/sample-bulletins.js';
import { relevanceSet } from './relevance.conformance.js';

relevanceSet({
  name: 'sqlite',
  open: async () => {
    const t = await tempArchive();
    return { archive: t.archive, inbox: join(t.dir, 'inbox'), cleanup: t.done };
  },
});
