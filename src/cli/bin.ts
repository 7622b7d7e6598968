import { main } from './main';

/** The `blast-radius` executable: runs one command and sets the exit code. */
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`blast-radius: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 70;
  },
);
