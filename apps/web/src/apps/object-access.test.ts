import type { AppDoc, ObjectDoc } from '@tangram/schema';
import { beforeEach, describe, expect, it } from 'vitest';
import { useSession } from '../auth/session-store';
import {
  filterableObject,
  readableColumns,
  readableSort,
  restrictApp,
  restrictObject,
} from './object-access';

const deal: ObjectDoc = {
  kind: 'object',
  schemaVersion: 1,
  name: 'deal',
  label: { en: 'Deal' },
  nameField: 'name',
  fields: [
    { name: 'name', type: 'text', label: { en: 'Name' }, sortable: true },
    { name: 'amount', type: 'number', label: { en: 'Amount' }, sortable: true },
    { name: 'phone', type: 'phone', label: { en: 'Phone' }, sensitive: { mask: 'phone' } },
  ],
} as ObjectDoc;

const all = { create: true, read: true, update: true, delete: true, export: true, import: true };

describe('object access in the web', () => {
  beforeEach(() => {
    useSession.getState().set({
      permissions: { deal: all, secret: { ...all, read: false } },
      fields: { deal: { hidden: ['amount'], masked: ['phone'], readOnly: [] } },
    });
  });

  it('leaves hidden fields out and makes masked ones unsortable, read-only and unfilterable', () => {
    const seen = restrictObject(deal);
    expect(seen.fields.map((f) => f.name)).toEqual(['name', 'phone']);
    expect(seen.fields[1]).toMatchObject({ sortable: false, readOnly: true });
    expect(filterableObject(seen).fields.map((f) => f.name)).toEqual(['name']);
    expect(readableColumns(seen, [{ field: 'amount' }, { field: 'name' }])).toEqual(['name']);
    expect(
      readableSort(seen, [
        { field: 'amount', direction: 'desc' },
        { field: 'phone', direction: 'asc' },
        { field: 'name', direction: 'asc' },
      ]),
    ).toEqual([{ field: 'name', direction: 'asc' }]);
  });

  it('drops unreadable objects from an app and its menu', () => {
    const app = {
      kind: 'app',
      schemaVersion: 1,
      name: 'crm',
      label: { en: 'CRM' },
      version: '1.0.0',
      objects: ['deal', 'secret', 'unknown'],
      navigation: [
        { type: 'object', object: 'secret' },
        { type: 'object', object: 'deal' },
      ],
    } as AppDoc;
    const seen = restrictApp(app);
    expect(seen.objects).toEqual(['deal']);
    expect(seen.navigation).toEqual([{ type: 'object', object: 'deal' }]);
  });

  it('keeps an object whole when the role restricts nothing', () => {
    useSession.getState().set({ fields: {} });
    expect(restrictObject(deal)).toBe(deal);
  });
});
