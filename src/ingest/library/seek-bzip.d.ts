/** Types for seek-bzip (a pure-JavaScript bzip2 decoder, MIT), which ships none. */
declare module 'seek-bzip' {
  const Bunzip: {
    /** Decodes a whole .bz2 buffer (every stream in it when `multistream`). */
    decode(input: Uint8Array, output?: Uint8Array, multistream?: boolean): Buffer;
  };
  export default Bunzip;
}
