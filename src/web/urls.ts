/** The public URLs of archive objects, in one place so pages and the API agree. */

export const articleUrl = (slug: string) => `/archive/${slug}`;
export const dateUrl = (iso: string) => `/${iso.slice(0, 4)}/${iso.slice(5, 7)}/${iso.slice(8, 10)}`;
export const pdfUrl = (iso: string) => `${dateUrl(iso)}/bulletin.pdf`;
export const yearUrl = (year: number | string) => `/${year}`;
/** An article's "Fix this text" form, its history, and one version of it (readers' corrections). */
export const editUrl = (id: string) => `/article/${id}/edit`;
export const historyUrl = (id: string) => `/article/${id}/history`;
export const versionUrl = (id: string, n: number) => `/article/${id}/v/${n}`;
