import { hash, verify } from '@node-rs/argon2';
import type { PasswordHasher } from '@tangram/engine';

/**
 * argon2id parameters: 19 MiB of memory, 2 passes, 1 lane — the minimum OWASP's password storage
 * guidance recommends for argon2id, about 25 ms per hash on this class of machine.
 */
export const ARGON2_OPTIONS = Object.freeze({
  // Algorithm.Argon2id: the package declares its enum `const`, which isolated modules cannot read.
  algorithm: 2,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
});

/** Password hashing with argon2id (`@node-rs/argon2`), in PHC string format. */
export const argon2Hasher: PasswordHasher = {
  hash: (password) => hash(password, ARGON2_OPTIONS),
  async verify(stored, password) {
    try {
      return await verify(stored, password);
    } catch {
      return false;
    }
  },
};
