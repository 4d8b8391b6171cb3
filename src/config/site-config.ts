/** Site identity and settings read from `site.json` in the data folder (or a file given on the command line). */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ArchiveError } from '../core/errors.js';
import { ocrLanguages } from '../core/ocr-languages.js';

export interface Funder {
  name: string;
  note?: string;
}

export interface SiteConfig {
  /** The archive's name, shown in the header and titles. */
  name: string;
  tagline: string;
  /** About text; blank lines separate paragraphs. */
  about: string;
  /** The publication's name recorded on ingested editions. */
  titleName: string;
  /** Who paid for the digitisation ("Founding Funders"). */
  funders: Funder[];
  creditsHeading: string;
  /** A logo image (PNG, JPEG, SVG or WebP), as a path relative to the configuration file; "" for none. */
  logo: string;
  /** Contact address for harvesters (OAI-PMH Identify). */
  adminEmail: string;
  /** The languages scans are read in by OCR, tesseract's codes, the main one first ("nld", "eng"). */
  ocrLanguages: string[];
}

export const defaultSiteConfig: SiteConfig = {
  name: 'Dateline Archive',
  tagline: 'Daily news bulletins, searchable from the first issue to the last',
  about:
    'This archive holds the daily news bulletins of a wire service, one scanned edition per date, split into articles you can search, read and cite.\n\nEvery article links to the bulletin it was printed in, so you can check the text against the original page.',
  titleName: 'Daily News Bulletin',
  funders: [],
  creditsHeading: 'Founding Funders',
  logo: '',
  adminEmail: 'archive@example.org',
  ocrLanguages: ['eng'],
};

function check(value: unknown, file: string): SiteConfig {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ArchiveError(
      'CONFIG',
      `${file} must hold a JSON object with fields such as "name" and "funders".`,
    );
  }
  const v = value as Record<string, unknown>;
  const out: SiteConfig = { ...defaultSiteConfig };
  for (const key of [
    'name',
    'tagline',
    'about',
    'titleName',
    'creditsHeading',
    'logo',
    'adminEmail',
  ] as const) {
    if (v[key] === undefined) continue;
    if (typeof v[key] !== 'string') throw new ArchiveError('CONFIG', `${file}: "${key}" must be a string.`);
    out[key] = v[key] as string;
  }
  if (v.ocrLanguages !== undefined) {
    const langs = v.ocrLanguages;
    if (!Array.isArray(langs) || !langs.every((l) => typeof l === 'string'))
      throw new ArchiveError(
        'CONFIG',
        `${file}: "ocrLanguages" must be a list of language codes, such as ["nld", "eng"].`,
      );
    out.ocrLanguages = ocrLanguages(langs, `${file}: "ocrLanguages"`);
  }
  if (v.funders !== undefined) {
    if (!Array.isArray(v.funders))
      throw new ArchiveError('CONFIG', `${file}: "funders" must be a list of {"name", "note"}.`);
    out.funders = v.funders.map((f, i) => {
      const name = typeof f === 'string' ? f : (f as Funder)?.name;
      if (typeof name !== 'string' || !name.trim()) {
        throw new ArchiveError('CONFIG', `${file}: funders[${i}] needs a "name" string.`);
      }
      const note =
        typeof f === 'object' && typeof (f as Funder).note === 'string' ? (f as Funder).note : undefined;
      return note ? { name, note } : { name };
    });
  }
  return out;
}

/** Loads the site configuration; a missing file gives the defaults, a broken one a CONFIG error. */
export function loadSiteConfig(file: string): SiteConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { ...defaultSiteConfig };
    throw new ArchiveError('CONFIG', `Cannot read ${file}: ${(err as Error).message}`, { cause: err });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ArchiveError(
      'CONFIG',
      `${file} is not valid JSON (${(err as Error).message}). Fix it or remove it to use the defaults.`,
      { cause: err },
    );
  }
  const config = check(json, file);
  if (config.logo) {
    if (!/\.(png|jpe?g|svg|webp)$/i.test(config.logo)) {
      throw new ArchiveError(
        'CONFIG',
        `${file}: "logo" must be a .png, .jpg, .svg or .webp file; got "${config.logo}".`,
      );
    }
    const path = resolve(dirname(file), config.logo);
    if (!existsSync(path))
      throw new ArchiveError(
        'CONFIG',
        `${file}: the logo ${path} does not exist. Fix the path or remove "logo".`,
      );
    config.logo = path;
  }
  return config;
}
