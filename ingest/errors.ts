/**
 * Errors of the ingest layer. Every error names the module and the file, says why, and suggests a fix.
 * Tests check them by `name` and `code`, never by message text.
 */

export type IngestErrorCode =
  'EMPTY' | 'BINARY' | 'ENCODING' | 'NOT_CHINESE' | 'TOO_LARGE' | 'UNREADABLE' | 'BAD_JSON' | 'BAD_RECORD';

/** What to do about each kind of failure; appended to the message. */
const HINTS: Record<IngestErrorCode, string> = {
  EMPTY: 'the file has no text; remove it or re-export the article',
  BINARY: 'this looks like a binary file (NUL or control bytes); pass only .txt, .html or .jsonl articles',
  ENCODING:
    'the encoding could not be detected as UTF-8, UTF-16, GB18030/GBK or Big5; convert the file to UTF-8 (e.g. iconv -f <enc> -t utf-8)',
  NOT_CHINESE: 'too few Chinese characters for a Chinese news article; check that this is the right file',
  TOO_LARGE: 'the file is larger than maxBytes; split it or raise maxBytes',
  UNREADABLE: 'check that the path exists and is readable',
  BAD_JSON: 'each line of a .jsonl file must be one JSON object',
  BAD_RECORD:
    'a JSON Lines record needs a non-empty string "text" (and optional string id, title, date, source, url)',
};

export class IngestError extends Error {
  override readonly name = 'IngestError';
  readonly code: IngestErrorCode;
  readonly file: string;

  constructor(code: IngestErrorCode, file: string, reason: string, options?: { cause?: unknown }) {
    super(`[ingest/read] ${file}: ${code}: ${reason} (${HINTS[code]})`, options);
    this.code = code;
    this.file = file;
  }
}

export function isIngestError(e: unknown): e is IngestError {
  return e instanceof IngestError;
}
