import { describe, expect, it } from 'vitest';
import { findRegion, regionChildren, regionPath } from './cn-regions.js';

describe('regions of China', () => {
  it('lists the provinces at the top, with children', () => {
    const provinces = regionChildren();
    expect(provinces.length).toBe(31);
    expect(provinces[0]).toEqual({
      code: '11',
      name: '北京市',
      level: 'province',
      hasChildren: true,
    });
  });

  it('lists the districts of a city', () => {
    const districts = regionChildren('1101').map((r) => r.name);
    expect(districts).toContain('朝阳区');
    expect(regionChildren('1101').every((r) => r.level === 'district' && !r.hasChildren)).toBe(
      true,
    );
  });

  it('finds the path of a district code from its province down', () => {
    expect(regionPath('320506').map((r) => r.name)).toEqual(['江苏省', '苏州市', '吴中区']);
  });

  it('knows no code outside the data', () => {
    expect(findRegion('110199')).toBeUndefined();
    expect(regionPath('999999')).toEqual([]);
    expect(regionChildren('99')).toEqual([]);
  });
});
