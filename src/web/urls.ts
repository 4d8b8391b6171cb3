/** The public URLs of archive objects, in one place so pages and the API agree. */

export const articleUrl = (slug: string) => `/archive/${slug}`;
export const dateUrl = (iso: string) => `/${iso.slice(0, 4)}/${iso.slice(5, 7)}/${iso.slice(8, 10)}`;
export const pdfUrl = (iso: string) => `${dateUrl(iso)}/bulletin.pdf`;
export const yearUrl = (year: number | string) => `/${year}`;
