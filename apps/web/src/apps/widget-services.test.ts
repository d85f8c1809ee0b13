import type { WidgetServices } from '@tangram/ui';
import { describe, expect, it } from 'vitest';
import { attachmentUrl, recordBoundServices } from './widget-services';

const base = { fileUrl: (id: string) => `plain:${id}` } as unknown as WidgetServices;
const record = { id: 'r-1', contract_scan: [{ id: 'f-saved', name: 'scan.pdf', size: 3 }] };

describe('attachment download URLs', () => {
  it('downloads a file the record holds through that record and field', () => {
    const services = recordBoundServices(base, 'contract', record);
    expect(services.fileUrl('f-saved', 'contract_scan')).toBe(
      '/api/v1/attachments/f-saved?object=contract&record=r-1&field=contract_scan',
    );
  });

  it('downloads a file added in this edit plainly, as its uploader', () => {
    const services = recordBoundServices(base, 'contract', record);
    expect(services.fileUrl('f-new', 'contract_scan')).toBe('/api/v1/attachments/f-new');
    expect(services.fileUrl('f-saved', 'other_field')).toBe('/api/v1/attachments/f-saved');
  });

  it('escapes ids and holder values', () => {
    expect(attachmentUrl('a/b', { object: 'o', record: 'r&x', field: 'f' })).toBe(
      '/api/v1/attachments/a%2Fb?object=o&record=r%26x&field=f',
    );
  });
});
