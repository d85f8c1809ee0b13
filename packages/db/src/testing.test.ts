import { describe, expect, it } from 'vitest';
import { testBackends } from './testing.js';

describe('testBackends', () => {
  it('always includes PGlite', () => {
    expect(testBackends({})).toEqual([{ name: 'pglite' }]);
  });

  it('adds PostgreSQL when TEST_DATABASE_URL is set', () => {
    const adminUrl = 'postgres://admin@127.0.0.1:5432/postgres';
    expect(testBackends({ TEST_DATABASE_URL: adminUrl })).toEqual([
      { name: 'pglite' },
      { name: 'postgres', adminUrl },
    ]);
  });

  it('refuses to skip PostgreSQL when TANGRAM_REQUIRE_POSTGRES=1', () => {
    expect(() => testBackends({ TANGRAM_REQUIRE_POSTGRES: '1' })).toThrow(/TEST_DATABASE_URL/);
  });
});
