import type { FormDoc, ObjectDoc } from '@tangram/schema';
import i18next from 'i18next';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { createBasicWidgetRegistry } from './basic-widgets.js';
import { FormRenderer } from './form-renderer.js';
import { uiMessages } from './ui-messages.js';
import type { WidgetProps } from './widget-props.js';

const object: ObjectDoc = {
  kind: 'object',
  schemaVersion: 1,
  name: 'deal',
  label: { en: 'Deal', 'zh-CN': '商机' },
  nameField: 'name',
  fields: [
    { name: 'name', type: 'text', label: { en: 'Name', 'zh-CN': '名称' } },
    { name: 'stage', type: 'text', label: { en: 'Stage', 'zh-CN': '阶段' } },
    { name: 'reason', type: 'text', label: { en: 'Reason', 'zh-CN': '原因' } },
    { name: 'rating', type: 'rating', label: { en: 'Rating' }, max: 5 },
  ],
};

const form: FormDoc = {
  kind: 'form',
  schemaVersion: 1,
  name: 'deal_form',
  label: { en: 'Deal' },
  object: 'deal',
  items: [
    {
      type: 'section',
      id: 'main',
      label: { en: 'Main', 'zh-CN': '主要' },
      columns: 2,
      items: [
        { type: 'field', id: 'f_name', field: 'name', span: 2, label: { en: 'Deal name' } },
        { type: 'field', id: 'f_stage', field: 'stage' },
        {
          type: 'field',
          id: 'f_reason',
          field: 'reason',
          rules: { visible: { '==': [{ var: 'stage' }, 'lost'] } },
        },
        { type: 'field', id: 'f_rating', field: 'rating' },
        { type: 'subtable', id: 'lines', object: 'line', relationField: 'deal', columns: ['qty'] },
      ],
    },
  ],
};

let i18n: typeof i18next;
beforeAll(async () => {
  i18n = i18next.createInstance();
  await i18n.use(initReactI18next).init({ lng: 'en', resources: { en: { ui: uiMessages.en } } });
});

function render(
  values: Record<string, unknown>,
  extra: Partial<Parameters<typeof FormRenderer>[0]> = {},
) {
  return renderToStaticMarkup(
    createElement(
      I18nextProvider,
      { i18n },
      createElement(FormRenderer, {
        form,
        object,
        values,
        onChange: () => {},
        locale: 'en',
        ...extra,
      }),
    ),
  );
}

describe('FormRenderer', () => {
  it('draws the section, the label overrides and the field labels in the locale', () => {
    const html = render({});
    expect(html).toContain('Main');
    expect(html).toContain('Deal name');
    expect(html).toContain('Stage');
    expect(html).toContain('grid-template-columns:repeat(2, minmax(0, 1fr))');
    expect(html).toContain('grid-column:span 2');
  });

  it('leaves out a field whose visible-if rule is false, and draws it when true', () => {
    expect(render({ stage: 'open' })).not.toContain('data-field="reason"');
    expect(render({ stage: 'lost' })).toContain('data-field="reason"');
  });

  it('draws a placeholder for a sub-table unless given a renderer', () => {
    expect(render({})).toContain('Sub-table: line (qty)');
    const html = render(
      {},
      { renderSubtable: (item) => createElement('i', null, `custom ${item.object}`) },
    );
    expect(html).toContain('<i>custom line</i>');
  });

  it('draws each field with the widget registered for its type', () => {
    const registry = createBasicWidgetRegistry();
    registry.register('rating', (props: WidgetProps) =>
      createElement('b', { id: props.id }, `stars ${String(props.value)}`),
    );
    expect(render({ rating: 4 }, { registry })).toContain('<b id="field-f_rating">stars 4</b>');
  });

  it('marks a field with an error (the message itself animates in, after the first paint)', () => {
    const html = render({}, { errors: { stage: 'Stage is wrong' } });
    const stage = html.slice(
      html.indexOf('data-field="stage"'),
      html.indexOf('data-field="rating"'),
    );
    expect(stage).toContain('ant-form-item-has-error');
    expect(html.slice(0, html.indexOf('data-field="stage"'))).not.toContain(
      'ant-form-item-has-error',
    );
  });
});
