import { SearchOutlined } from '@ant-design/icons';
import { localize } from '@tangram/ui';
import { AutoComplete, Input } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { globalSearch, type SearchGroup } from './app-api';

/** Search across every object of the app as one types; a pick opens the record. */
export function GlobalSearch(props: {
  readonly objects: readonly string[];
  readonly basePath: string;
}) {
  const { t, i18n } = useTranslation('apps');
  const navigate = useNavigate();
  const [text, setText] = useState('');
  const [groups, setGroups] = useState<SearchGroup[]>([]);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => {
    clearTimeout(timer.current);
    if (text.trim() === '') {
      setGroups([]);
      return;
    }
    timer.current = setTimeout(() => {
      void globalSearch(text.trim(), props.objects).then(setGroups, () => setGroups([]));
    }, 250);
    return () => clearTimeout(timer.current);
  }, [text, props.objects]);
  return (
    <AutoComplete
      style={{ width: '100%', maxWidth: 360 }}
      value={text}
      onChange={setText}
      options={groups.map((group) => ({
        label: localize(group.label, i18n.language, group.object),
        options: group.records.map((r) => ({
          value: `${group.object}/${r.id}`,
          label: r.name ?? r.id,
        })),
      }))}
      onSelect={(value: string) => {
        setText('');
        navigate(`${props.basePath}/o/${value}`);
      }}
      data-testid="global-search"
    >
      <Input prefix={<SearchOutlined />} placeholder={t('searchEverything')} allowClear />
    </AutoComplete>
  );
}
