import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';

/** A template folder as read from disk: its metadata documents and its seed files. */
export interface TemplateFiles {
  readonly documents: unknown[];
  /** The files of its `seed/` folder: sample records, not metadata. */
  readonly seed: unknown[];
}

async function listJsonFiles(dir: string, skip?: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map(async (entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return entry.name === skip ? [] : listJsonFiles(path, skip);
      return entry.isFile() && entry.name.endsWith('.json') ? [path] : [];
    }),
  );
  return nested.flat().sort();
}

async function readJsonFiles(dir: string, files: readonly string[]): Promise<unknown[]> {
  return Promise.all(
    files.map(async (file) => {
      try {
        return JSON.parse(await readFile(file, 'utf8')) as unknown;
      } catch (error) {
        throw new Error(`template file ${relative(dir, file)} is not valid JSON`, { cause: error });
      }
    }),
  );
}

/**
 * Reads a template folder: every `*.json` under it (its manifest is `app.json`) as a metadata
 * document, except the files of its `seed/` folder, which are sample records. Returns undefined
 * when the folder does not exist.
 */
export async function readTemplateDir(dir: string): Promise<TemplateFiles | undefined> {
  let documentFiles: string[];
  try {
    documentFiles = await listJsonFiles(dir, 'seed');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  let seedFiles: string[] = [];
  try {
    seedFiles = await listJsonFiles(join(dir, 'seed'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  return {
    documents: await readJsonFiles(dir, documentFiles),
    seed: await readJsonFiles(dir, seedFiles),
  };
}
