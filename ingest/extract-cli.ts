/**
 * npm run --silent extract -- [--eval] FILE_OR_DIR...
 *   --eval  one line per article in the evaluation format of ../shared/eval/GUIDELINES.md
 *   default one ArticleGraph JSON document per line
 * Failures go to stderr with the file and the reason; the batch goes on; exit code 1 if any failed.
 */
import { ingestPaths, isFailure } from './pipeline.ts';

async function main(argv: string[]): Promise<number> {
  const evalMode = argv.includes('--eval');
  const paths = argv.filter((a) => !a.startsWith('--'));
  if (paths.length === 0) {
    process.stderr.write('usage: npm run --silent extract -- [--eval] FILE_OR_DIR...\n');
    return 2;
  }
  let failed = 0;
  for await (const item of ingestPaths(paths)) {
    if (isFailure(item)) {
      failed++;
      process.stderr.write(`${item.error.message}\n`);
      continue;
    }
    process.stdout.write(`${JSON.stringify(evalMode ? item.eval : item.graph)}\n`);
  }
  return failed > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`[ingest/extract] ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exitCode = 1;
  },
);
