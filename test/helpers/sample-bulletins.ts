/** Two small typed bulletins and the archive helpers the integration tests share. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Archive, openArchive } from '../../src/app.js';
import { typedPdf } from './typed-pdf.js';

export const bulletin1974 = [
  `
                     JEWISH TELEGRAPHIC AGENCY
                        DAILY NEWS BULLETIN
Vol. XLI, No. 236                      Thursday, December 19, 1974
==================================================================

                          NEWS BRIEF

              U.S. SEEKS DP'S ENTRY, SAYS DR. MCDONALD
              ----------------------------------------
                         By Ben Gallob

     WASHINGTON, Dec. 18 (JTA) -- The State Department said today
that it would ask Congress to admit more displaced persons this
year, and that the refugees in the camps of Bavaria would be
heard by a commission. (See P. 2 for separate story.)
     The commission will meet in January and report to the Presi-
dent before the spring.
                              -0-

                   SOVIET UNION BARS EMIGRATION
                     OF 300 FAMILIES FROM KIEV

     MOSCOW, Dec. 17 (JTA) -- Three hundred families who asked to
leave for Israel were told this week that their requests had been
refused, a spokesman for the families said here.
`,
  `
- 2 -          Daily News Bulletin          December 19, 1974

The spokesman said the families would apply again in the new year.
                              -0-

           CAMPS IN BAVARIA TO CLOSE BY SPRING

     MUNICH, Dec. 18 (JTA) -- The last camps for displaced persons
in Bavaria will close by the spring, officials said today. The
refugees will be moved to Munich and Frankfurt.
                              -0-
`,
];

export const bulletin1938 = [
  `
                     OVERSEAS NEWS AGENCY
        Daily News Bulletin       Vol. XIX No. 112

     REFUGEE SHIP REACHES HAIFA AFTER
           TEN WEEKS AT SEA

     HAIFA, May 3 (ONA) -- A ship carrying four hundred refugees
from Vienna reached the harbour today after ten weeks at sea, and
the passengers were allowed to land by the port authorities.
###

     COMMITTEE IN LONDON MEETS ON VISAS

     LONDON, May 3 (ONA) -- The committee on refugees met today to
discuss visas for the families still waiting in Vienna; Mogileff
and Mogilev natives were among those named.
###
`,
];

/** A fresh archive in a temporary data folder; `done()` closes and removes it. */
export async function tempArchive(): Promise<{ archive: Archive; dir: string; done: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'dateline-test-'));
  const archive = await openArchive({ dataDir: join(dir, 'data') });
  return {
    archive,
    dir,
    done: async () => {
      await archive.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A fresh archive holding the two sample bulletins (1974-12-19 and 1938-05-04), ingested from PDFs. */
export async function sampleArchive() {
  const t = await tempArchive();
  const inbox = join(t.dir, 'inbox');
  await mkdir(inbox);
  const pdf1974 = await typedPdf(bulletin1974);
  await writeFile(join(inbox, '1974-12-19.pdf'), pdf1974);
  await writeFile(join(inbox, '1938-05-04.pdf'), await typedPdf(bulletin1938));
  await t.archive.ingest.ingestPaths([inbox]);
  return { ...t, pdf1974 };
}

/** The SQLite backend for the shared suites: a fresh data folder per suite. */
export const sqliteBackend = {
  name: 'sqlite' as const,
  open: async () => {
    const t = await tempArchive();
    return { archive: t.archive, inbox: join(t.dir, 'inbox'), cleanup: t.done };
  },
};
