// The part of the `oai-pmh` harvester (untyped) that the standards tests drive.
declare module 'oai-pmh' {
  /** A response element as xml2js gives it (explicitArray off): strings, objects, arrays where repeated. */
  type Parsed = Record<string, any>;
  class OaiPmh {
    constructor(baseUrl: string, options?: { retry?: boolean; userAgent?: string });
    identify(): Promise<Parsed>;
    getRecord(identifier: string, metadataPrefix: string): Promise<Parsed>;
    listMetadataFormats(options?: { identifier?: string }): Promise<Parsed | Parsed[]>;
    listIdentifiers(options: Record<string, string>): AsyncGenerator<Parsed>;
    listRecords(options: Record<string, string>): AsyncGenerator<Parsed>;
    listSets(): AsyncGenerator<Parsed>;
  }
  class OaiPmhError extends Error {
    code?: string;
  }
  const client: { OaiPmh: typeof OaiPmh; OaiPmhError: typeof OaiPmhError };
  export default client;
}
