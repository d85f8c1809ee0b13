import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';

async function listJsonFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map(async (entry) => {
      const path = join(dir, entry.name);
      // Seed data are records, not metadata documents.
      if (entry.isDirectory()) return entry.name === 'seed' ? [] : listJsonFiles(path);
      return entry.isFile() && entry.name.endsWith('.json') ? [path] : [];
    }),
  );
  return nested.flat().sort();
}

/**
 * Reads a template folder: every `*.json` under it (its manifest is `app.json`) except those in a
 * `seed/` folder. Returns undefined when the folder does not exist.
 */
export async function readTemplateDir(dir: string): Promise<unknown[] | undefined> {
  let files: string[];
  try {
    files = await listJsonFiles(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
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
