import { useDraggable } from '@dnd-kit/core';
import type { FieldDef } from '@tangram/schema';
import { localize } from '@tangram/ui';
import { Card, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { type ChildRelation, dragId } from './resolve-drop.js';

function PaletteEntry({ id, label, testId }: { id: string; label: string; testId: string }) {
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({ id });
  return (
    <div
      ref={setNodeRef}
      {...attributes}
      {...listeners}
      data-testid={testId}
      style={{
        padding: '4px 8px',
        marginBottom: 4,
        border: '1px solid #d9d9d9',
        borderRadius: 4,
        background: isDragging ? '#e6f4ff' : '#fff',
        cursor: 'grab',
        userSelect: 'none',
        touchAction: 'none',
      }}
    >
      {label}
    </div>
  );
}

/** The palette: the object's fields not yet on the form, and the layout blocks. */
export function Palette(props: {
  readonly fields: readonly FieldDef[];
  readonly placed: ReadonlySet<string>;
  readonly childRelations: readonly ChildRelation[];
  readonly locale: string;
}) {
  const { t } = useTranslation('designer');
  const free = props.fields.filter((f) => !props.placed.has(f.name));
  return (
    <Card size="small" title={t('palette')} data-testid="palette" styles={{ body: { padding: 8 } }}>
      <Typography.Text type="secondary">{t('fields')}</Typography.Text>
      <div style={{ maxHeight: 360, overflowY: 'auto', margin: '4px 0 8px' }}>
        {free.length === 0 ? (
          <Typography.Text type="secondary">{t('allFieldsPlaced')}</Typography.Text>
        ) : null}
        {free.map((field) => (
          <PaletteEntry
            key={field.name}
            id={dragId.paletteField(field.name)}
            testId={`palette-field-${field.name}`}
            label={localize(field.label, props.locale, field.name)}
          />
        ))}
      </div>
      <Typography.Text type="secondary">{t('layout')}</Typography.Text>
      <div style={{ marginTop: 4 }}>
        {[1, 2, 3, 4].map((columns) => (
          <PaletteEntry
            key={columns}
            id={dragId.paletteSection(columns)}
            testId={`palette-section-${columns}`}
            label={`${t('section')} · ${t('columns', { count: columns })}`}
          />
        ))}
        <PaletteEntry id={dragId.paletteTabs} testId="palette-tabs" label={t('tabs')} />
        <PaletteEntry id={dragId.paletteDivider} testId="palette-divider" label={t('divider')} />
        <PaletteEntry id={dragId.paletteText} testId="palette-text" label={t('text')} />
        {props.childRelations.map((child) => (
          <PaletteEntry
            key={`${child.object.name}:${child.relationField}`}
            id={dragId.paletteSubtable(child.object.name, child.relationField)}
            testId={`palette-subtable-${child.object.name}`}
            label={`${t('subtable')} · ${localize(child.object.label, props.locale, child.object.name)}`}
          />
        ))}
      </div>
    </Card>
  );
}
