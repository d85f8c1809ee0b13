import {
  type CollisionDetection,
  closestCenter,
  DndContext,
  type DragEndEvent,
  DragOverlay,
  KeyboardSensor,
  PointerSensor,
  pointerWithin,
  useDndContext,
  useSensor,
  useSensors,
} from '@dnd-kit/core';
import { sortableKeyboardCoordinates } from '@dnd-kit/sortable';
import type { FieldDef, ObjectDoc } from '@tangram/schema';
import { FormRenderer, localize } from '@tangram/ui';
import { Button, Card, Space, Tooltip } from 'antd';
import { memo, useCallback, useDeferredValue, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StoreApi } from 'zustand';
import { Canvas, type CanvasContext } from './canvas.js';
import { placedFields } from './commands/form-tree.js';
import type { DesignerState } from './designer-store.js';
import { Inspector } from './inspector.js';
import { Palette } from './palette.js';
import { type ChildRelation, type DropContext, resolveDrop } from './resolve-drop.js';
import { useDesigner } from './use-designer.js';

/** What the form designer edits: one store per instance, the form's object and its children. */
export interface FormDesignerProps {
  readonly store: StoreApi<DesignerState>;
  readonly object: ObjectDoc;
  readonly childRelations?: readonly ChildRelation[];
  readonly locale: string;
}

// The pointer decides where it is (nested droppables); the keyboard, which has no pointer,
// goes to the nearest droppable.
const collisions: CollisionDetection = (args) => {
  const hits = pointerWithin(args);
  return hits.length > 0 ? hits : closestCenter(args);
};

/** Performance mark names, for the designer benchmark. */
export const DESIGNER_MARKS = {
  drop: 'tangram:designer-drop',
  keystroke: 'tangram:preview-keystroke',
} as const;

// The preview follows the canvas one render later (a deferred value): a drop is drawn on the
// canvas first, and the preview of a 150-field form catches up without holding that frame.
const Preview = memo(function Preview({
  store,
  object,
  locale,
}: {
  store: StoreApi<DesignerState>;
  object: ObjectDoc;
  locale: string;
}) {
  const { t } = useTranslation('designer');
  const form = useDeferredValue(useDesigner(store, (s) => s.form));
  const [values, setValues] = useState<Record<string, unknown>>({});
  const onChange = useCallback((field: string, value: unknown) => {
    performance.mark(`${DESIGNER_MARKS.keystroke}:start`);
    setValues((v) => ({ ...v, [field]: value }));
  }, []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs after each render with new values, closing the keystroke measure
  useEffect(() => {
    if (performance.getEntriesByName(`${DESIGNER_MARKS.keystroke}:start`).length === 0) return;
    performance.measure(DESIGNER_MARKS.keystroke, `${DESIGNER_MARKS.keystroke}:start`);
    performance.clearMarks(`${DESIGNER_MARKS.keystroke}:start`);
  }, [values]);
  return (
    <Card size="small" title={t('preview')} data-testid="preview">
      <FormRenderer
        form={form}
        object={object}
        values={values}
        onChange={onChange}
        locale={locale}
      />
    </Card>
  );
});

/** What is being dragged, under the pointer. */
function Overlay({ fields, locale }: { fields: ReadonlyMap<string, FieldDef>; locale: string }) {
  const { active } = useDndContext();
  const id = active ? String(active.id) : null;
  let label: string | null = null;
  if (id) {
    const name = id.startsWith('palette-field:') ? id.slice('palette-field:'.length) : null;
    const field = name ? fields.get(name) : undefined;
    label = field ? localize(field.label, locale, field.name) : id.replace(/^[^:]+:/, '');
  }
  return (
    <DragOverlay dropAnimation={null}>
      {label ? (
        <div
          style={{
            padding: '4px 8px',
            background: '#fff',
            border: '1px solid #1677ff',
            borderRadius: 4,
          }}
        >
          {label}
        </div>
      ) : null}
    </DragOverlay>
  );
}

/**
 * The drag-and-drop form designer: palette, canvas, property inspector and a live preview drawn
 * by the end users' FormRenderer. Every edit is a pure command run through the store.
 */
export function FormDesigner({ store, object, childRelations = [], locale }: FormDesignerProps) {
  const { t } = useTranslation('designer');
  const form = useDesigner(store, (s) => s.form);
  const selectedId = useDesigner(store, (s) => s.selectedId);
  const canUndo = useDesigner(store, (s) => s.past.length > 0);
  const canRedo = useDesigner(store, (s) => s.future.length > 0);
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const fields = useMemo(
    () => new Map<string, FieldDef>(object.fields.map((f) => [f.name, f])),
    [object],
  );
  const { apply, select, undo, redo } = store.getState();
  const ctx: CanvasContext = useMemo(
    () => ({ fields, locale, selectedId, select, apply }),
    [fields, locale, selectedId, select, apply],
  );
  const dropContext: DropContext = useMemo(
    () => ({
      sectionLabel: { [locale]: t('newSection') },
      tabLabel: (n: number) => ({ [locale]: t('newTab', { n }) }),
      childRelations,
    }),
    [locale, t, childRelations],
  );

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.key.toLowerCase() !== 'z') return;
      const target = event.target as HTMLElement | null;
      if (target?.closest('input, textarea, [contenteditable="true"], .monaco-editor')) return;
      event.preventDefault();
      if (event.shiftKey) redo();
      else undo();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [undo, redo]);

  const onDragEnd = (event: DragEndEvent) => {
    performance.mark(`${DESIGNER_MARKS.drop}:start`);
    const command = resolveDrop(
      store.getState().form,
      String(event.active.id),
      event.over ? String(event.over.id) : null,
      dropContext,
    );
    if (command) apply(command);
    // Measured once React has drawn the result.
    requestAnimationFrame(() => {
      performance.measure(DESIGNER_MARKS.drop, `${DESIGNER_MARKS.drop}:start`);
      performance.clearMarks(`${DESIGNER_MARKS.drop}:start`);
    });
  };

  return (
    <DndContext sensors={sensors} collisionDetection={collisions} onDragEnd={onDragEnd}>
      <div
        style={{ display: 'grid', gridTemplateColumns: '220px minmax(0, 1fr) 420px', gap: 12 }}
        data-testid="form-designer"
      >
        <Palette
          fields={object.fields}
          placed={placedFields(form)}
          childRelations={childRelations}
          locale={locale}
        />
        <Card
          size="small"
          title={t('canvas')}
          extra={
            <Space>
              <Tooltip title="Ctrl+Z">
                <Button size="small" disabled={!canUndo} onClick={undo} data-testid="undo">
                  {t('undo')}
                </Button>
              </Tooltip>
              <Tooltip title="Ctrl+Shift+Z">
                <Button size="small" disabled={!canRedo} onClick={redo} data-testid="redo">
                  {t('redo')}
                </Button>
              </Tooltip>
            </Space>
          }
        >
          <Canvas blocks={form.items} ctx={ctx} />
        </Card>
        <div style={{ display: 'flex', flexDirection: 'column', gap: 12, minWidth: 0 }}>
          <Inspector
            form={form}
            selectedId={selectedId}
            fields={object.fields}
            locale={locale}
            apply={apply}
          />
          <Preview store={store} object={object} locale={locale} />
        </div>
      </div>
      <Overlay fields={fields} locale={locale} />
    </DndContext>
  );
}
