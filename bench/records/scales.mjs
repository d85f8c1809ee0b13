// Dataset sizes of the storage benchmark. `full` is the dataset; the others keep its shape.

/**
 * @typedef {object} Scale
 * @property {string} name
 * @property {number} tenants        tenants, each with `objects` objects
 * @property {number} objects
 * @property {number} totalRecords   records across all tenants and objects
 * @property {number} opportunities  rows of the big tenant's Opportunity object
 * @property {number} accounts       rows of the big tenant's Account object
 * @property {number} owners         owners per tenant
 * @property {number} rounds         interleaved insert rounds
 * @property {number} repeats        timed runs of each query, per layout
 * @property {number} inserts        single-row inserts, per layout
 * @property {number} fieldAdds      timed metadata publishes adding one field
 */

/** @type {Readonly<Record<string, Scale>>} */
export const scales = Object.freeze({
  full: {
    name: 'full',
    tenants: 50,
    objects: 20,
    totalRecords: 5_000_000,
    opportunities: 1_000_000,
    accounts: 50_000,
    owners: 200,
    rounds: 20,
    repeats: 41,
    inserts: 2_000,
    fieldAdds: 9,
  },
  medium: {
    name: 'medium',
    tenants: 50,
    objects: 20,
    totalRecords: 500_000,
    opportunities: 100_000,
    accounts: 5_000,
    owners: 200,
    rounds: 10,
    repeats: 41,
    inserts: 2_000,
    fieldAdds: 9,
  },
  smoke: {
    name: 'smoke',
    tenants: 4,
    objects: 5,
    totalRecords: 5_000,
    opportunities: 2_500,
    accounts: 200,
    owners: 20,
    rounds: 3,
    repeats: 3,
    inserts: 40,
    fieldAdds: 2,
  },
});

/** The scale called `name`, or an error naming the known ones. */
export function scaleNamed(name) {
  const scale = scales[name];
  if (scale === undefined) {
    throw new Error(`unknown scale ${name}; use one of ${Object.keys(scales).join(', ')}`);
  }
  return scale;
}
