import type { FormDoc, ObjectDoc } from '@tangram/schema';
import { localize } from '@tangram/ui';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../api/api-client';
import { useSaveDraft } from './use-document';

/** Creates a draft form of the object with a first two-column section, then opens it. */
export function useNewForm(object: ObjectDoc) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const navigate = useNavigate();
  const save = useSaveDraft();
  const create = async () => {
    const taken = new Set((await api.metadata.list({ kind: 'form' })).map((f) => f.name));
    let name = `${object.name}_default`.slice(0, 63);
    for (let n = 2; taken.has(name); n++) name = `${object.name}_form_${n}`.slice(0, 63);
    const document: FormDoc = {
      kind: 'form',
      schemaVersion: 1,
      name,
      label: { [locale]: t('formOf', { object: localize(object.label, locale, object.name) }) },
      object: object.name,
      items: [
        {
          type: 'section',
          id: 'basic',
          label: { [locale]: t('basicSection') },
          columns: 2,
          items: [],
        },
      ],
    };
    await save.mutateAsync({ document });
    navigate(`/designer/forms/${name}`);
  };
  return { create, isPending: save.isPending, error: save.error };
}
