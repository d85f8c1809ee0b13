import { Cascader } from 'antd';
import { useEffect, useState } from 'react';
import type { WidgetProps } from '../widget-props.js';
import { type RegionOption, useWidgetServices } from '../widget-services.js';
import { TextWidget } from './text-widget.js';

interface CascaderNode {
  value: string;
  label: string;
  isLeaf: boolean;
  children?: CascaderNode[];
}

const DEPTH = { province: 1, city: 2, district: 3 } as const;

/** The codes from the province down to `code`: '320506' → ['32', '3205', '320506']. */
export function regionCodePath(code: string): string[] {
  const path: string[] = [];
  for (let digits = 2; digits <= code.length; digits += 2) path.push(code.slice(0, digits));
  return path;
}

/**
 * Province → city → district of China, loaded level by level from the regions API, down to the
 * field's level; the value is the code of the last level picked.
 */
export function RegionCascaderWidget(props: WidgetProps) {
  const { field, value, onChange, id, readOnly, placeholder, invalid } = props;
  const services = useWidgetServices();
  const depth = field.type === 'region' ? DEPTH[field.level] : 3;
  const [tree, setTree] = useState<CascaderNode[]>([]);
  const code = typeof value === 'string' ? value : undefined;

  const toNodes = (regions: RegionOption[], level: number): CascaderNode[] =>
    regions.map((r) => ({
      value: r.code,
      label: r.name,
      isLeaf: level >= depth || !r.hasChildren,
    }));

  // The provinces, and the branches leading to the current value so that it shows its names; once
  // per field: later changes of the value come from this cascader, which loads its own branches.
  // biome-ignore lint/correctness/useExhaustiveDependencies: see above.
  useEffect(() => {
    if (!services) return;
    let live = true;
    void (async () => {
      const top = toNodes(await services.regionChildren(''), 1);
      let level = top;
      const path = code ? regionCodePath(code).slice(0, -1) : [];
      for (const [index, step] of path.entries()) {
        const node = level.find((n) => n.value === step);
        if (!node) break;
        node.children = toNodes(await services.regionChildren(step), index + 2);
        level = node.children;
      }
      if (live) setTree(top);
    })();
    return () => {
      live = false;
    };
  }, [services, depth]);

  if (!services) return <TextWidget {...props} />;

  return (
    <Cascader
      id={id}
      data-testid={`region-${field.name}`}
      style={{ width: '100%' }}
      options={tree}
      value={code ? regionCodePath(code) : []}
      changeOnSelect={false}
      disabled={readOnly === true}
      placeholder={placeholder ?? ''}
      status={invalid ? 'error' : ''}
      loadData={(selected) => {
        const node = selected[selected.length - 1] as CascaderNode | undefined;
        if (!node) return;
        void services.regionChildren(node.value).then((children) => {
          node.children = toNodes(children, selected.length + 1);
          setTree((t) => [...t]);
        });
      }}
      onChange={(path) => {
        const last = Array.isArray(path) ? path[path.length - 1] : undefined;
        onChange(last === undefined ? null : String(last));
      }}
    />
  );
}
