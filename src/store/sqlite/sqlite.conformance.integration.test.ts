import { join } from 'node:path';
import { tempArchive } from '../../../test/helpers/sample-bulletins.js';
import { archiveConformance } from '../conformance/archive.conformance.js';

archiveConformance({
  name: 'sqlite',
  open: async () => {
    const t = await tempArchive();
    return { archive: t.archive, inbox: join(t.dir, 'inbox'), cleanup: t.done };
  },
});
