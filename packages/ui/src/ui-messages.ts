/** The strings of @tangram/ui, for the i18next namespace 'ui'. */
export const uiMessages = {
  'zh-CN': {
    computedPlaceholder: '保存后自动计算',
    referencePlaceholder: '{{target}} 的记录 ID',
    subtablePlaceholder: '子表：{{object}}（{{columns}}）',
  },
  en: {
    computedPlaceholder: 'Calculated when saved',
    referencePlaceholder: 'Record id of {{target}}',
    subtablePlaceholder: 'Sub-table: {{object}} ({{columns}})',
  },
} as const;
