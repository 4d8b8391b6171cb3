/** Types for seek-bzip (a pure-JavaScript bzip2 decoder, MIT), which ships none. */
declare module 'seek-bzip' {
  const Bunzip: {
    /**
     * Decodes a whole .bz2 buffer (every stream in it when `multistream`) into `output`: a buffer of the
     * exact size, or an object whose `writeByte` takes each byte (then nothing is returned).
     */
    decode(
      input: Uint8Array,
      output?: Uint8Array | { writeByte(b: number): void },
      multistream?: boolean,
    ): Buffer | undefined;
  };
  export default Bunzip;
}
