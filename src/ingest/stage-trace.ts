/**
 * Stage trace of an ingest, for tests that stop it at a chosen point: with DATELINE_TRACE=stages in the
 * environment, `stage read|ocr|segment|store|done <file>` goes to stderr as each stage of each file starts.
 * Without it, traceStage does nothing (the choice is made once, when this module loads).
 */
export type IngestStage = 'read' | 'ocr' | 'segment' | 'store' | 'done';

const write = (stage: IngestStage, file: string): void => {
  // A write to a pipe or file is synchronous on Linux: the line is out before the stage's work begins.
  process.stderr.write(`stage ${stage} ${file}\n`);
};

export const traceStage: (stage: IngestStage, file: string) => void =
  process.env.DATELINE_TRACE === 'stages' ? write : () => {};
